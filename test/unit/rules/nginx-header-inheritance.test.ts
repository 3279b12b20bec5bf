import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-header-inheritance';

test('nginx-header-inheritance: a location with its own add_header drops the server\'s (as a real nginx answered: HSTS gone there), with a fix repeating them', () => {
  const text = [
    'events {}',
    'http {',
    '    server {',
    '        listen 80;',
    '        add_header Strict-Transport-Security "max-age=31536000" always;',
    '        add_header X-Frame-Options DENY;',
    '        location /static/ {',
    '            add_header Cache-Control "public, max-age=86400";',
    '            root /srv;',
    '        }',
    '        location / { return 200; }',
    '    }',
    '}',
    '',
  ].join('\n');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '7:12-7:22');
  assert.equal(
    d.message,
    'add_header here drops what the "server" block above sets: Strict-Transport-Security, X-Frame-Options (nginx/nginx.conf:5). nginx inherits add_header only into a block that sets none itself, so responses from here go without them. Repeat them here, or keep all add_header lines on one level.',
  );
  assert.deepEqual(
    d.related.map((r) => `${r.file}:${r.range.start.line} ${r.message}`),
    ['nginx/nginx.conf:4 Strict-Transport-Security: set above, not inherited there', 'nginx/nginx.conf:5 X-Frame-Options: set above, not inherited there'],
  );
  assert.equal(d.fixes[0].title, 'Repeat the 2 inherited add_header line(s) here');
  assert.equal(d.fixes[0].safe, false);
  const fixed = applyEdits(text, d.fixes[0].edits).text;
  assert.match(
    fixed,
    /location \/static\/ \{\n {12}add_header Strict-Transport-Security "max-age=31536000" always;\n {12}add_header X-Frame-Options DENY;\n {12}add_header Cache-Control/,
  );
  assert.deepEqual(ofRule(lintConf(fixed), rule), [], 'nothing is dropped once repeated');
});

test('nginx-header-inheritance: proxy_set_header in a location drops Host set in http, in another file (Host falls back to $proxy_host)', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nhttp {\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    include conf.d/*.conf;\n}\n',
    'nginx/conf.d/ws.conf':
      'server {\n    listen 80;\n    location /ws {\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection upgrade;\n        proxy_pass http://10.0.0.1:8080;\n    }\n}\n',
  });
  const [d, ...rest] = ofRule(ds, rule);
  assert.equal(rest.length, 0);
  assert.equal(`${d.file}:${at(d)}`, 'nginx/conf.d/ws.conf:3:8-3:24');
  assert.match(d.message, /^proxy_set_header here drops what the "http" block above sets: Host, X-Forwarded-For \(nginx\/nginx\.conf:3\)\./);
  assert.match(d.message, /so requests proxied from here go without them \(Host falls back to \$proxy_host, the host named in proxy_pass\)\./);
  assert.deepEqual(d.fixes, [], 'the lost lines are in another file: no copy offered');
});

test('nginx-header-inheritance: fastcgi_param in a PHP location drops the server\'s include fastcgi_params', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n        include fastcgi_params;\n        location ~ \\.php$ {\n            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n            fastcgi_pass 127.0.0.1:9000;\n        }\n    }\n}\n',
    'nginx/fastcgi_params': 'fastcgi_param QUERY_STRING $query_string;\nfastcgi_param REQUEST_METHOD $request_method;\nfastcgi_param CONTENT_TYPE $content_type;\n',
  });
  const [d] = ofRule(ds, rule);
  assert.match(d.message, /^fastcgi_param here drops what the "server" block above sets: QUERY_STRING, REQUEST_METHOD, CONTENT_TYPE \(nginx\/fastcgi_params:1\)\..*so requests passed from here go without them\./);
});

test('nginx-header-inheritance: nothing lost passes (same names again, no own list, nothing proxied, an upstream variable where nothing is proxied)', () => {
  const text = [
    'events {}',
    'http {',
    '    add_header X-Frame-Options DENY;',
    '    proxy_set_header Host $host;',
    '    server {',
    '        listen 80;',
    '        location /a { add_header X-Frame-Options SAMEORIGIN; return 204; }',
    '        location /b { return 204; }',
    '        location /c { proxy_set_header X-Debug 1; return 204; }',
    '        location /d {',
    '            add_header X-Frame-Options DENY;',
    '            add_header X-Cached $upstream_cache_status;',
    '            location /d/static { add_header X-Frame-Options DENY; add_header Cache-Control public; root /srv; }',
    '            proxy_pass http://10.0.0.1;',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(text), rule), []);
});

test('nginx-header-inheritance: in Chinese', () => {
  const text = 'events {}\nhttp {\n    add_header X-A 1;\n    server { listen 80; add_header X-B 2; }\n}\n';
  const [d] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.equal(
    d.message,
    '此处的 add_header 使上层 "http" 块设置的内容失效：X-A（nginx/nginx.conf:3）。nginx 只在本块一条 add_header 都没有时才继承上层的设置，因此这里的响应不会带上它们。请在此重复这些设置，或把所有 add_header 放在同一层。',
  );
  // Several headers are listed with 、, also before "等 N 项".
  const two = 'events {}\nhttp {\n    add_header X-A 1;\n    add_header X-C 3;\n    server { listen 80; add_header X-B 2; }\n}\n';
  assert.match(ofRule(lintConf(two, { locale: 'zh-cn' }), rule)[0].message, /失效：X-A、X-C（nginx\/nginx\.conf:3）/);
  const five = `events {}\nhttp {\n${['A', 'C', 'D', 'E', 'F'].map((h) => `    add_header X-${h} 1;\n`).join('')}    server { listen 80; add_header X-B 2; }\n}\n`;
  assert.match(ofRule(lintConf(five, { locale: 'zh-cn' }), rule)[0].message, /失效：X-A、X-C、X-D 等 2 项（nginx\/nginx\.conf:3）/);
});

/** http → server → location, each level's own lines. */
const levels = (http: string[], server: string[], location: string[]) =>
  [
    'events {}',
    'http {',
    ...http.map((l) => `    ${l}`),
    '    server {',
    '        listen 80;',
    ...server.map((l) => `        ${l}`),
    '        location / {',
    ...location.map((l) => `            ${l}`),
    '            proxy_pass http://10.0.0.1;',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');

test('nginx-header-inheritance: add_header_inherit merge (nginx 1.29.3) keeps the headers above, at the level or inherited from above', () => {
  // At the level itself.
  assert.deepEqual(ofRule(lintConf(levels([], ['add_header X-A 1;'], ['add_header_inherit merge;', 'add_header X-B 2;'])), rule), []);
  // Inherited from http, where nginx merges it into every level below (the value is read without case).
  assert.deepEqual(ofRule(lintConf(levels(['add_header_inherit MERGE;', 'add_header X-H 0;'], ['add_header X-A 1;'], ['add_header X-B 2;'])), rule), []);
  // From an included file.
  const ds = lintNginx({
    'nginx/nginx.conf': levels(['include conf.d/headers.conf;'], ['add_header X-A 1;'], ['add_header X-B 2;']),
    'nginx/conf.d/headers.conf': 'add_header_inherit merge;\n',
  });
  assert.deepEqual(ofRule(ds, rule), []);
});

test('nginx-header-inheritance: add_header_inherit on below a merge drops what the merged level holds; off drops on purpose', () => {
  // The server merges http's X-H into its own; the location turns merging off again and so loses both.
  const text = levels(['add_header X-H 0;'], ['add_header_inherit merge;', 'add_header X-A 1;'], ['add_header_inherit on;', 'add_header X-B 2;']);
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '9:12-9:22');
  assert.match(d.message, /^add_header here drops what the "server" block above sets: X-A, X-H \(nginx\/nginx\.conf:7\)\./);
  // `off` at the level: nothing is reported, the level asks to inherit nothing.
  assert.deepEqual(ofRule(lintConf(levels(['add_header X-H 0;'], [], ['add_header_inherit off;', 'add_header X-B 2;'])), rule), []);
  // `off` on the server cuts the chain: the server holds nothing, so the location loses nothing.
  assert.deepEqual(ofRule(lintConf(levels(['add_header X-H 0;'], ['add_header_inherit off;'], ['add_header_inherit on;', 'add_header X-B 2;'])), rule), []);
});

test('nginx-header-inheritance: add_header_inherit changes add_header only, not proxy_set_header', () => {
  const text = levels(['add_header_inherit merge;', 'proxy_set_header Host $host;'], [], ['proxy_set_header X-Debug 1;']);
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.match(d.message, /^proxy_set_header here drops what the "http" block above sets: Host/);
});
