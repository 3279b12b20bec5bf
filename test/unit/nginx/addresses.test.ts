import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { gatewayYaml, lintConf, lintNginx } from '../support/nginx';

// The gateway runs on api-1 in 华东1 (192.168.27.0/24); api-2 is 172.16.8.101 / 139.159.250.207 in 华东2.

test('nginx addresses: another region\'s internal IP in an upstream; the fix uses its external IP and keeps the port', () => {
  const text = 'events {}\nhttp {\n    upstream app {\n        server 172.16.8.101:8680;\n    }\n}\n';
  const [d] = ofRule(lintConf(text), 'cross-region-internal-ip');
  assert.equal(at(d), '3:15-3:32');
  assert.match(d.message, /^172\.16\.8\.101 is the internal IP of api-2 in 华东2; it is unreachable from api-1 \(华东1\)/);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('172.16.8.101:8680', '139.159.250.207:8680'));
});

test('nginx addresses: a same-region external IP in proxy_pass; the fix uses the internal IP', () => {
  const text = 'events {}\nhttp { server { location / { proxy_pass http://139.159.250.7:8680/; } } }\n';
  const [d] = ofRule(lintConf(text), 'same-region-external-ip');
  assert.equal(at(d), '1:47-1:65');
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('139.159.250.7', '192.168.27.101'));
});

test('nginx addresses: an invalid IP and an unknown one; upstream names and host names are not addresses', () => {
  const ds = lintConf('events {}\nhttp {\n    upstream app { server 139.159.257.207:8680; server 10.9.9.9:80; server backend.example.com; }\n    server { location / { proxy_pass http://app; } }\n}\n');
  assert.deepEqual(ofRule(ds, 'ip-invalid').map(at), ['2:26-2:46']);
  assert.deepEqual(ofRule(ds, 'ip-unknown').map(at), ['2:55-2:66']);
});

test('nginx addresses: an included file is judged from the hosts of the service that includes it', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n',
    'nginx/conf.d/up.conf': 'upstream app { server 172.16.8.101:8680; }\n',
  });
  // Without a prefix the absolute include leads nowhere; the fragment is then judged alone (no vantage host).
  assert.deepEqual(ofRule(ds, 'cross-region-internal-ip'), []);
  const withPrefix = lintNginx({
    'dubbo-topology.yaml': gatewayYaml('nginx/nginx.conf', '/etc/nginx'),
    'nginx/nginx.conf': 'events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n',
    'nginx/conf.d/up.conf': 'upstream app { server 172.16.8.101:8680; }\n',
  });
  const [d] = ofRule(withPrefix, 'cross-region-internal-ip');
  assert.equal(`${d.file} ${at(d)}`, 'nginx/conf.d/up.conf 0:22-0:39');
  assert.match(d.message, /unreachable from api-1 \(华东1\)/);
});

test('nginx addresses: fastcgi_pass, uwsgi_pass, scgi_pass and memcached_pass naming an address are judged like proxy_pass', () => {
  const lines = [
    'events {}',
    'http {',
    '    upstream php { server 192.168.27.101:8680; }',
    '    server {',
    '        location /f { fastcgi_pass 172.16.8.101:8680; }',
    '        location /u { uwsgi_pass 172.16.8.101:8680; }',
    '        location /v { uwsgi_pass uwsgi://172.16.8.101:8680; }',
    '        location /w { uwsgi_pass suwsgi://172.16.8.101:8680; }',
    '        location /s { scgi_pass 172.16.8.101:8680; }',
    '        location /m { set $memcached_key $uri; memcached_pass 172.16.8.101:8680; }',
    '        location /p { fastcgi_pass php; }',
    '        location /x { fastcgi_pass unix:/run/php.sock; }',
    '        location /y { uwsgi_pass uwsgi://unix:/run/app.sock; }',
    '    }',
    '}',
    '',
  ];
  const text = lines.join('\n');
  const ds = lintConf(text);
  const expected = lines.flatMap((l, i) => {
    const c = l.indexOf('172.16.8.101');
    return c < 0 ? [] : [`${i}:${c}-${i}:${c + '172.16.8.101:8680'.length}`];
  });
  const cross = ofRule(ds, 'cross-region-internal-ip');
  assert.deepEqual(cross.map(at), expected);
  assert.match(cross[0].message, /^172\.16\.8\.101 is the internal IP of api-2 in 华东2; it is unreachable from api-1 \(华东1\)/);
  // Each fix writes the external IP and keeps the port (and the scheme).
  let fixed = text;
  for (const d of [...cross].reverse()) fixed = applyEdits(fixed, d.fixes[0].edits).text;
  assert.equal(fixed, text.replaceAll('172.16.8.101:8680', '139.159.250.207:8680'));
  // Neither the upstream's name nor the sockets are addresses.
  assert.deepEqual(ofRule(ds, 'ip-unknown'), []);
  assert.deepEqual(ofRule(ds, 'ip-invalid'), []);
});

test('nginx addresses: ip-invalid, ip-unknown, same-region-external-ip and the port check on the other *_pass directives', () => {
  const text =
    'events {}\nhttp { server {\n' +
    '    location /f { fastcgi_pass 139.159.257.207:8680; }\n' +
    '    location /s { scgi_pass 10.9.9.9:9000; }\n' +
    '    location /m { set $memcached_key $uri; memcached_pass 139.159.250.7:8680; }\n' +
    '    location /u { uwsgi_pass 192.168.27.101:9000; }\n' +
    '    location /n { scgi_pass 192.168.27.101; }\n' +
    '} }\n';
  const ds = lintConf(text);
  assert.deepEqual(ofRule(ds, 'ip-invalid').map(at), ['2:31-2:51']);
  assert.deepEqual(ofRule(ds, 'ip-unknown').map(at), ['3:28-3:41']);
  const [same, ...more] = ofRule(ds, 'same-region-external-ip');
  assert.equal(more.length, 0);
  assert.equal(at(same), '4:58-4:76');
  assert.equal(applyEdits(text, same.fixes[0].edits).text, text.replace('139.159.250.7', '192.168.27.101'));
  // api-1 runs api (8680) and registry (2181): nothing listens on 9000. With no port written nginx
  // refuses the address (`no port in upstream`): no default port to compare.
  assert.deepEqual(ofRule(ds, 'nginx-upstream-port-mismatch').map(at), ['5:29-5:48']);
});

test('nginx addresses: a pass with a scheme nginx refuses for it names no address', () => {
  const ds = lintConf('events {}\nhttp { server {\n    location /f { fastcgi_pass http://172.16.8.101:8680; }\n    location /u { uwsgi_pass http://172.16.8.101:8680; }\n} }\n');
  assert.deepEqual(ofRule(ds, 'cross-region-internal-ip'), []);
});

test('nginx addresses: a FastCGI name that is no upstream is not taken for a host name nginx looks up', () => {
  // nginx wants a port there even for a name DNS knows (`no port in upstream`): the message of
  // nginx-unknown-upstream, about looking the name up, would not be nginx's.
  const ds = lintConf('events {}\nhttp {\n    upstream php { server 192.168.27.101:8680; }\n    server { location / { fastcgi_pass phpp; } }\n}\n');
  assert.deepEqual(ofRule(ds, 'nginx-unknown-upstream'), []);
});

test('nginx addresses: resolver addresses, with or without a port, beside valid= and ipv6=, in http, server, location and stream', () => {
  const lines = [
    'events {}',
    'http {',
    '    resolver 172.16.8.101 [::1]:5353 192.168.27.101:53 valid=30s ipv6=off;',
    '    server {',
    '        resolver 172.16.8.101:53;',
    '        location / { resolver dns.example.com 172.16.8.101; proxy_pass http://192.168.27.101:8680; }',
    '        location /x { resolver 139.159.257.207 10.9.9.9; proxy_pass http://192.168.27.101:8680; }',
    '    }',
    '}',
    'stream {',
    '    resolver 172.16.8.101 valid=10s;',
    '    server { listen 2181; proxy_pass 192.168.27.101:2181; }',
    '}',
    '',
  ];
  const ds = lintConf(lines.join('\n'));
  const cross = ofRule(ds, 'cross-region-internal-ip');
  const expected = lines.flatMap((l, i) => {
    const m = /172\.16\.8\.101(:\d+)?/.exec(l);
    return m ? [`${i}:${m.index}-${i}:${m.index + m[0].length}`] : [];
  });
  assert.deepEqual(cross.map(at), expected);
  assert.match(cross[0].message, /^172\.16\.8\.101 is the internal IP of api-2 in 华东2; it is unreachable from api-1 \(华东1\)/);
  assert.deepEqual(ofRule(ds, 'ip-invalid').map(at), ['6:31-6:46']);
  assert.deepEqual(ofRule(ds, 'ip-unknown').map(at), ['6:47-6:55']);
  // A DNS server is no backend: its port is not held against the services of its host.
  assert.deepEqual(ofRule(ds, 'nginx-upstream-port-mismatch'), []);
  assert.deepEqual(ofRule(ds, 'nginx-upstream-plaintext-public'), []);
});
