import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { listenAddress } from '../../../src/core/nginx/listen';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-duplicate-listen';
const main = (servers: string) => `events {}\nhttp {\n${servers}\n}\n`;

test('nginx-duplicate-listen: the address as nginx prints it', () => {
  assert.deepEqual(
    ['80', '*:8080', '*', '127.0.0.1', '10.0.0.1:443', '[::]:80', '[0::0]', '[::1]:8443', 'unix:/run/a.sock', 'localhost:80', '0', '70000', '$port', 'unix:'].map(listenAddress),
    ['0.0.0.0:80', '0.0.0.0:8080', '0.0.0.0:80', '127.0.0.1:80', '10.0.0.1:443', '[::]:80', '[::]:80', '[::1]:8443', 'unix:/run/a.sock', undefined, undefined, undefined, undefined, undefined],
  );
});

test('nginx-duplicate-listen: a second default server for the address, on its "default_server", with the first as related information and an unsafe fix', () => {
  const text = main('    server { listen 80 default_server; }\n    server { listen 0.0.0.0:80 default_server; }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '3:31-3:45');
  assert.equal(
    d.message,
    'a duplicate default server for 0.0.0.0:80: the server at nginx/nginx.conf:3 is its default already. Keep "default_server" on one server per address and port.',
  );
  assert.deepEqual(
    d.related.map((r) => `${r.file}:${r.range.start.line} ${r.message}`),
    ['nginx/nginx.conf:2 the default server for 0.0.0.0:80'],
  );
  assert.equal(d.fixes[0].title, 'Remove "default_server"');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, main('    server { listen 80 default_server; }\n    server { listen 0.0.0.0:80; }'));
});

test('nginx-duplicate-listen: across files, in the order nginx reads them (the packaged default.conf and a site both default)', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    server {\n        listen 80 default_server;\n    }\n}\n',
    'nginx/conf.d/api.conf': 'server {\n    listen 80 default_server;\n    server_name api.example.com;\n}\n',
    'nginx/conf.d/default.conf': 'server {\n    listen       80 default_server;\n    server_name  _;\n}\n',
  });
  const first = 'the server at nginx/conf.d/api.conf:2 is its default already.';
  assert.deepEqual(
    ofRule(ds, rule).map((d) => `${d.file}:${at(d)} ${d.message.includes(first)}`),
    ['nginx/conf.d/default.conf:1:20-1:34 true', 'nginx/nginx.conf:4:18-4:32 true'],
  );
});

test('nginx-duplicate-listen: socket options twice for one address; on the first option of the later listen', () => {
  const [d, ...rest] = ofRule(lintConf(main('    server { listen 443 reuseport backlog=512; }\n    server { listen 443 so_keepalive=on; }')), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '3:24-3:39');
  assert.match(d.message, /^duplicate listen options for 0\.0\.0\.0:443: the "listen" at nginx\/nginx\.conf:3 sets options of this socket already \(reuseport\)\./);
  assert.deepEqual(d.fixes, []);
});

test('nginx-duplicate-listen: a shared snippet with socket options, included by two servers, is read twice', () => {
  const ds = ofRule(
    lintNginx({
      'nginx/nginx.conf': 'events {}\nhttp {\n    server { include listen-443.conf; server_name a; }\n    server { include listen-443.conf; server_name b; }\n}\n',
      'nginx/listen-443.conf': 'listen 443 reuseport;\n',
    }),
    rule,
  );
  assert.deepEqual(
    ds.map((d) => `${d.file}:${at(d)}`),
    ['nginx/listen-443.conf:0:11-0:20'],
  );
  assert.match(ds[0].message, /^duplicate listen options for 0\.0\.0\.0:443: this "listen" is read once for every server that includes nginx\/listen-443\.conf/);
  assert.deepEqual(ds[0].related, []);
});

test('nginx-duplicate-listen: one server listening twice on one address', () => {
  const [d] = ofRule(lintConf(main('    server {\n        listen 8080;\n        listen *:8080;\n    }')), rule);
  assert.equal(at(d), '4:15-4:21');
  assert.equal(d.message, 'a duplicate listen 0.0.0.0:8080: this server listens on it already at nginx/nginx.conf:4.');
});

test('nginx-duplicate-listen: what nginx accepts passes', () => {
  const servers = [
    // Other addresses, other ports, IPv6 apart from IPv4, ssl/http2/proxy_protocol are no socket options.
    '    server { listen 80 default_server; listen [::]:80 default_server; }',
    '    server { listen 127.0.0.1:80 default_server; listen 8080 default_server; }',
    '    server { listen 443 ssl http2 proxy_protocol; }',
    '    server { listen 443 ssl http2 proxy_protocol; }',
    '    server { listen 8443 backlog=10; }',
    '    server { listen 8443 default_server; }',
    // A name (resolved by nginx) is not judged.
    '    server { listen localhost:80 default_server; }',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(main(servers)), rule), []);
});

test('nginx-duplicate-listen: a "quic" listen is a UDP socket of its own (nginx 1.25+: ports are told apart by type), as in the HTTP/3 setup of the nginx docs', () => {
  const servers = [
    '    server { listen 443 quic reuseport default_server; listen 443 ssl default_server; http2 on; }',
    '    server { listen 443 quic; listen 443 ssl; server_name b.example.com; }',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(main(servers)), rule), []);
  // Among quic listens the same checks hold.
  const twice = ofRule(lintConf(main('    server { listen 443 quic reuseport; }\n    server { listen 443 quic reuseport; listen 443 quic; }')), rule);
  assert.deepEqual(
    twice.map((d) => `${at(d)} ${d.message}`),
    [
      '3:29-3:38 duplicate listen options for 0.0.0.0:443 (quic): the "listen" at nginx/nginx.conf:3 sets options of this socket already (reuseport). Options of the socket itself (backlog=, reuseport, deferred, so_keepalive=, ...) go on one "listen" per address and port; leave them out of the others.',
      '3:47-3:50 a duplicate listen 0.0.0.0:443 (quic): this server listens on it already at nginx/nginx.conf:4.',
    ],
  );
});

test('nginx-duplicate-listen: stream servers and fragments nothing includes are not judged', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nstream {\n    server { listen 9000 reuseport; proxy_pass 10.0.0.1:9000; }\n    server { listen 9001; proxy_pass 10.0.0.1:9001; }\n}\n',
    'nginx/conf.d/orphan.conf': 'server { listen 80 default_server; }\nserver { listen 80 default_server; }\n',
  });
  assert.deepEqual(ofRule(ds, rule), []);
});

test('nginx-duplicate-listen: in Chinese', () => {
  const [d] = ofRule(lintConf(main('    server { listen 80 default_server; }\n    server { listen 80 default_server; }'), { locale: 'zh-cn' }), rule);
  assert.match(d.message, /^0\.0\.0\.0:80 的默认 server 重复：nginx\/nginx\.conf:3 处的 server 已是它的默认 server。/);
  assert.equal(d.fixes[0].title, '删除 "default_server"');
});

test('nginx-duplicate-listen: in stream, one address and port listened on twice, as nginx 1.22 refuses it; udp apart, named servers (1.25.5+) alike', () => {
  const stream = (body: string) => `load_module modules/ngx_stream_module.so;\nevents {}\nstream {\n${body}\n}\n`;
  const text = stream('    server { listen 5353; proxy_pass 127.0.0.1:53; }\n    server {\n        listen *:5353;\n        proxy_pass 127.0.0.1:54;\n    }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '5:15-5:21');
  assert.match(d.message, /^duplicate "0\.0\.0\.0:5353" address and port pair: the "listen" at nginx\/nginx\.conf:4 takes it already/);
  assert.deepEqual(d.related.map((r) => r.range.start.line), [3]);
  assert.deepEqual(ofRule(lintConf(stream('    server { listen 5353; proxy_pass 127.0.0.1:53; }\n    server { listen 5353 udp; proxy_pass 127.0.0.1:54; }')), rule), []);
  assert.deepEqual(
    ofRule(lintConf(stream('    server { listen 443; server_name a.test; proxy_pass 127.0.0.1:1; }\n    server { listen 443; server_name b.test; proxy_pass 127.0.0.1:2; }')), rule),
    [],
  );
});
