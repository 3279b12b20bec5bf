import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-buffer-sizes';
const conf = (http: string, server = '', location = '') =>
  `events {}\nhttp {\n${http}\n    server {\n        listen 80;\n${server}\n        location / {\n${location}\n            proxy_pass http://127.0.0.1:9000;\n        }\n    }\n}\n`;

test('nginx-buffer-sizes: proxy_buffer_size 64k alone: busy buffers default to 128k, more than 7 x 4k of the default buffers', () => {
  const [d, ...rest] = ofRule(lintConf(conf('    proxy_buffer_size 64k;')), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '2:4-2:21');
  assert.equal(
    d.message,
    '"proxy_busy_buffers_size" must be less than the size of all "proxy_buffers" minus one buffer: "proxy_busy_buffers_size" is not set, so it is twice the larger of "proxy_buffer_size" and one buffer: 2 × 64k = 128k, but (8 - 1) × 4k = 28k ("proxy_buffers 8 4k", the default). Make the "proxy_buffers" buffers as large as "proxy_buffer_size" (proxy_buffers 8 64k): busy buffers must hold at least one buffer and at most all buffers but one.',
  );
});

test('nginx-buffer-sizes: an unsafe fix adds buffers as large as the header buffer after it, and nginx then accepts it', () => {
  const text = conf('    proxy_buffer_size 64k;');
  const [d] = ofRule(lintConf(text), rule);
  assert.equal(d.fixes[0].title, 'Add "proxy_buffers 8 64k"');
  assert.equal(d.fixes[0].safe, false);
  const fixed = applyEdits(text, d.fixes[0].edits).text;
  assert.match(fixed, /\n {4}proxy_buffer_size 64k;\n {4}proxy_buffers 8 64k;\n/);
  assert.deepEqual(ofRule(lintConf(fixed), rule), []);
  // Buffers set explicitly (smaller): no line is added next to them.
  const [e] = ofRule(lintConf(conf('    proxy_buffer_size 64k;\n    proxy_buffers 4 8k;')), rule);
  assert.deepEqual(e.fixes, []);
});

test('nginx-buffer-sizes: what a level sets is merged with what it inherits, across included files', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nhttp {\n    proxy_buffers 4 8k;\n    include conf.d/*.conf;\n}\n',
    'nginx/conf.d/app.conf': 'server {\n    listen 80;\n    location / {\n        proxy_busy_buffers_size 32k;\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n',
  });
  assert.deepEqual(
    ofRule(ds, rule).map((d) => `${d.file}:${at(d)} ${d.message}`),
    [
      'nginx/conf.d/app.conf:3:8-3:31 "proxy_busy_buffers_size" must be less than the size of all "proxy_buffers" minus one buffer: busy buffers are 32k, but (4 - 1) × 8k = 24k. Use more or larger buffers, or set "proxy_busy_buffers_size" between 8k and 24k.',
    ],
  );
});

test('nginx-buffer-sizes: fewer than 2 buffers, busy or temporary sizes below one buffer, in each module', () => {
  const ds = ofRule(
    lintConf(
      conf(
        '',
        '',
        [
          '            fastcgi_buffers 1 16k;',
          '            uwsgi_busy_buffers_size 1k;',
          '            scgi_temp_file_write_size 2k;',
          '            proxy_buffers 4 16k;',
          '            proxy_max_temp_file_size 8k;',
        ].join('\n'),
      ),
    ),
    rule,
  );
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message.split(':')[0]}: ${d.message.split(': ').pop()}`),
    [
      '7:12-7:27 there must be at least 2 "fastcgi_buffers": nginx reads into one buffer while it sends another. Write fastcgi_buffers 2 16k or more.',
      '8:12-8:35 "uwsgi_busy_buffers_size" must be equal to or greater than the maximum of the value of "uwsgi_buffer_size" and one of the "uwsgi_buffers": it is 1k, one buffer here is 4k.',
      '9:12-9:37 "scgi_temp_file_write_size" must be equal to or greater than the maximum of the value of "scgi_buffer_size" and one of the "scgi_buffers": it is 2k, one buffer here is 4k.',
      '11:12-11:36 "proxy_max_temp_file_size" must be equal to zero to disable temporary files usage or must be equal to or greater than the maximum of the value of "proxy_buffer_size" and one of the "proxy_buffers": it is 8k, one buffer here is 16k.',
    ],
  );
});

test('nginx-buffer-sizes: two buffers leave exactly one for busy buffers', () => {
  const [d] = ofRule(lintConf(conf('', '', '            proxy_buffers 2 4k;')), rule);
  assert.match(d.message, /2 × 4k = 8k, but \(2 - 1\) × 4k = 4k\. Use more or larger buffers, or set "proxy_busy_buffers_size 4k"\.$/);
});

test('nginx-buffer-sizes: what nginx accepts passes (overrides below, bounds met, 0 disables temporary files, unreadable values left to nginx-invalid-value)', () => {
  const ds = lintConf(
    conf(
      '    proxy_buffer_size 64k;\n    proxy_buffers 8 64k;',
      '        proxy_buffer_size 16k;\n        proxy_buffers 4 16k;\n        proxy_busy_buffers_size 48k;',
      '            proxy_max_temp_file_size 0;\n            fastcgi_buffers 2 8k;\n            fastcgi_busy_buffers_size 8k;\n            uwsgi_buffer_size 64kb;',
    ),
  );
  assert.deepEqual(ofRule(ds, rule), []);
});

test('nginx-buffer-sizes: http settings are judged through the servers that inherit them; every server overriding them is fine', () => {
  const body = (server: string) => `events {}\nhttp {\n    proxy_buffer_size 64k;\n    server {\n        listen 80;\n${server}    }\n}\n`;
  assert.equal(ofRule(lintConf(body('        proxy_buffers 8 64k;\n')), rule).length, 0);
  assert.equal(ofRule(lintConf(body('')), rule).length, 1);
});

test('nginx-buffer-sizes: in Chinese', () => {
  const [d] = ofRule(lintConf(conf('', '', '            fastcgi_buffers 1 16k;'), { locale: 'zh-cn' }), rule);
  assert.equal(d.message, 'there must be at least 2 "fastcgi_buffers"：nginx 需要一边向一个缓冲区读取，一边发送另一个。请至少写 fastcgi_buffers 2 16k。');
});
