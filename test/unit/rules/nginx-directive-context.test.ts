import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-directive-context';

test('nginx-directive-context: proxy_pass directly in http, listen in a location', () => {
  const ds = ofRule(lintConf('events {}\nhttp {\n    proxy_pass http://127.0.0.1;\n    server { location / { listen 80; } }\n}\n'), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.severity} ${d.message}`),
    [
      '2:4-2:14 error "proxy_pass" directive is not allowed here (in http): it belongs in location, if in location, limit_except, stream server.',
      '3:26-3:32 error "listen" directive is not allowed here (in location): it belongs in server, mail server, stream server.',
    ],
  );
});

test('nginx-directive-context: an http-only directive in the stream block', () => {
  const [d] = ofRule(lintConf('events {}\nstream {\n    server { listen 53 udp; add_header X y; }\n}\n', { locale: 'zh-cn' }), rule);
  assert.equal(at(d), '2:28-2:38');
  assert.equal(d.message, '"add_header" 指令不能写在这里（stream server 中）：它只能写在 http、server、location、if in location 中。');
});

test('nginx-directive-context: an included file takes the context of its include', () => {
  const files = {
    'nginx/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    server {\n        include snippets/proxy.conf;\n    }\n}\n',
    'nginx/conf.d/app.conf': 'upstream app { server 127.0.0.1:9000; }\nserver { listen 8080; location / { proxy_pass http://app; } }\n',
    'nginx/snippets/proxy.conf': 'location /api/ { proxy_pass http://app; }\nlisten 8081;\n',
  };
  assert.deepEqual(ofRule(lintNginx(files), rule), []);
  // The same fragment included at the top level is wrong there.
  const bad = ofRule(lintNginx({ ...files, 'nginx/nginx.conf': 'include snippets/proxy.conf;\nevents {}\n' }), rule);
  assert.deepEqual(bad.map((d) => `${d.file} ${at(d)}`), ['nginx/snippets/proxy.conf 0:0-0:8', 'nginx/snippets/proxy.conf 1:0-1:6']);
});

test('nginx-directive-context: if in location and limit_except accept what the reference allows', () => {
  const text = 'events {}\nhttp { server { location / { if ($a) { return 403; set $b 1; } limit_except GET { deny all; } } } }\n';
  assert.deepEqual(ofRule(lintConf(text), rule), []);
});

test('nginx-directive-context: fastcgi_split_path_info and secure_link_secret in http and server, as nginx accepts them', () => {
  const text = 'events {}\nhttp {\n    fastcgi_split_path_info ^(.+\\.php)(/.+)$;\n    secure_link_secret s;\n    server { secure_link_secret s; fastcgi_split_path_info ^(.+)(/.*)$; }\n}\n';
  assert.deepEqual(ofRule(lintConf(text), 'nginx-directive-context'), []);
});
