import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-unknown-zone';
const http = (body: string) => `events {}\nhttp {\n${body}\n}\n`;

test('nginx-unknown-zone: limit_req naming a zone no limit_req_zone declares (nginx: "zero size shared memory zone", no file, no line), with the closest as a fix', () => {
  const text = http(
    [
      '    limit_req_zone $binary_remote_addr zone=api_limit:10m rate=20r/s;',
      '    server {',
      '        listen 80;',
      '        location /api/ { limit_req zone=api_limt burst=40; }',
      '    }',
    ].join('\n'),
  );
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '5:40-5:48');
  assert.equal(
    d.message,
    'zero size shared memory zone "api_limt": no limit_req_zone of this configuration declares zone=api_limt, so nginx refuses to start, with a message that names no file or line. Did you mean "api_limit"?',
  );
  assert.equal(d.fixes[0].title, 'Replace with "api_limit"');
  assert.equal(d.fixes[0].safe, false);
  assert.match(applyEdits(text, d.fixes[0].edits).text, /limit_req zone=api_limit burst=40;/);
});

test('nginx-unknown-zone: proxy_cache and limit_conn zones; a zone of another kind does not count (nginx: "declared for a different use")', () => {
  const text = http(
    [
      '    proxy_cache_path /var/cache/nginx keys_zone=pages:10m;',
      '    limit_conn_zone $binary_remote_addr zone=perip:10m;',
      '    server {',
      '        listen 80;',
      '        location / { proxy_cache page; limit_conn perip 10; }',
      '        location /php { fastcgi_cache pages; fastcgi_pass 127.0.0.1:9000; limit_conn addr 5; }',
      '    }',
    ].join('\n'),
  );
  const ds = ofRule(lintConf(text), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message.split(':')[0]}`),
    ['6:33-6:37 "proxy_cache" zone "page" is unknown', '7:38-7:43 "fastcgi_cache" zone "pages" is unknown', '7:85-7:89 zero size shared memory zone "addr"'],
  );
  assert.match(ds[0].message, /no proxy_cache_path of this configuration declares keys_zone=page, so nginx refuses to start \(naming the end of the enclosing block, not this line\)\. Did you mean "pages"\?$/);
  assert.match(ds[1].message, /no fastcgi_cache_path of this configuration declares keys_zone=pages/);
  assert.ok(!ds[1].message.includes('Did you mean'), 'no fastcgi zone to suggest');
});

test('nginx-unknown-zone: declarations anywhere in the tree count, before or after the use, in included files too', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nhttp {\n    server { listen 80; location / { limit_req zone=one; proxy_cache c1; } }\n    include conf.d/*.conf;\n}\n',
    'nginx/conf.d/zones.conf': 'limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;\nproxy_cache_path /tmp/c keys_zone=c1:1m;\n',
  });
  assert.deepEqual(ofRule(ds, rule), []);
});

test('nginx-unknown-zone: stream zones are their own; variables, off and fragments are not judged', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': [
      'events {}',
      'http {',
      '    limit_conn_zone $binary_remote_addr zone=web:1m;',
      '    server { listen 80; location / { proxy_cache $zone; proxy_cache off; limit_conn web 1; } }',
      '}',
      'stream {',
      '    limit_conn_zone $binary_remote_addr zone=tcp:1m;',
      '    server { listen 9000; limit_conn tcp 5; limit_conn web 5; proxy_pass 10.0.0.1:9000; }',
      '}',
      '',
    ].join('\n'),
    'nginx/conf.d/fragment.conf': 'location /x { limit_req zone=nowhere; }\n',
  });
  assert.deepEqual(
    ofRule(ds, rule).map((d) => `${d.file}:${at(d)} ${d.message.split(':')[0]}`),
    ['nginx/nginx.conf:7:55-7:58 zero size shared memory zone "web"'],
  );
});

test('nginx-unknown-zone: in Chinese', () => {
  const [d] = ofRule(lintConf(http('    server { listen 80; location / { limit_req zone=x; } }'), { locale: 'zh-cn' }), rule);
  assert.equal(d.message, 'zero size shared memory zone "x"：本配置中没有 limit_req_zone 声明 zone=x，nginx 因此无法启动，且报错不给出文件和行号。');
});
