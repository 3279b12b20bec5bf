import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf } from '../support/nginx';

const rule = 'nginx-alias-traversal';
const server = (body: string) => `events {}\nhttp {\n    server {\n        listen 80;\n${body}\n    }\n}\n`;

test('nginx-alias-traversal: a prefix location without "/" and an alias with one, on the prefix, with the alias as related information and a fix', () => {
  const text = server('        location /static {\n            alias /srv/www/static/;\n        }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '4:17-4:24');
  assert.equal(
    d.message,
    'location /static does not end with "/" but its alias /srv/www/static/ does: a request for /static../secret reads /srv/www/secret, outside /srv/www/static/ (path traversal). Write location /static/, or drop the last "/" of the alias.',
  );
  assert.deepEqual(
    d.related.map((r) => `${r.range.start.line} ${r.message}`),
    ['5 the alias ending with "/"'],
  );
  assert.equal(d.fixes[0].title, 'Write location /static/');
  assert.equal(d.fixes[0].safe, false);
  const fixed = applyEdits(text, d.fixes[0].edits).text;
  assert.match(fixed, /location \/static\/ \{/);
  assert.deepEqual(ofRule(lintConf(fixed), rule), []);
});

test('nginx-alias-traversal: ^~ prefixes too; exact, regex and named locations, matching slashes and variables pass', () => {
  const ds = ofRule(
    lintConf(
      server(
        [
          '        location ^~ /img { alias /srv/img/; }',
          '        location = /robots { alias /srv/robots/; }',
          '        location ~ ^/dl/(.*)$ { alias /srv/dl/$1; }',
          '        location /files/ { alias /srv/files/; }',
          '        location /raw { alias /srv/raw; }',
          '        location /v { alias /srv/$host/; }',
        ].join('\n'),
      ),
    ),
    rule,
  );
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message.split(':')[0]}`),
    ['4:20-4:24 location /img does not end with "/" but its alias /srv/img/ does'],
  );
});

test('nginx-alias-traversal: in Chinese', () => {
  const [d] = ofRule(lintConf(server('        location /s { alias /srv/s/; }'), { locale: 'zh-cn' }), rule);
  assert.equal(d.message, 'location /s 末尾没有 "/"，而其 alias /srv/s/ 有：请求 /s../secret 会读取 /srv/s/ 之外的 /srv/secret（路径穿越）。请写成 location /s/，或去掉 alias 末尾的 "/"。');
});

test('nginx-alias-traversal: with "^~" glued to the prefix, the request it names is the URI alone', () => {
  const text = server('        location ^~/media {\n            alias /srv/media/;\n        }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.match(d.message, /^location \^~\/media does not end with "\/" but its alias \/srv\/media\/ does: a request for \/media\.\.\/secret reads \/srv\/secret,/);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('^~/media {', '^~/media/ {'));
});
