import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf } from '../support/nginx';

const rule = 'nginx-unknown-directive';

test('nginx-unknown-directive: a typo, on the name, with the closest directive allowed there as a fix', () => {
  const text = 'events {}\nhttp {\n    server {\n        location / {\n            proxy_passs http://127.0.0.1:9000;\n        }\n    }\n}\n';
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '4:12-4:23');
  assert.equal(d.message, 'unknown directive "proxy_passs"; did you mean "proxy_pass"?');
  assert.equal(d.fixes[0].title, 'Replace with "proxy_pass"');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('proxy_passs', 'proxy_pass'));
});

test('nginx-unknown-directive: a name far from any directive has no fix', () => {
  const [d] = ofRule(lintConf('events {}\nhttp { more_set_headers "X: y"; }\n'), rule);
  assert.equal(at(d), '1:7-1:23');
  assert.match(d.message, /^unknown directive "more_set_headers": no nginx module documents it/);
  assert.deepEqual(d.fixes, []);
});

test('nginx-unknown-directive: map/types/geo entries, Lua directives and unknown blocks are not reported', () => {
  const text = [
    'events {}',
    'http {',
    '    map $a $b { default 0; hostnames; ~^x 1; }',
    '    geo $g { default 0; 10.0.0.0/8 1; }',
    '    types { text/html html; }',
    '    lua_shared_dict cache 10m;',
    '    server {',
    '        location / { content_by_lua_block { ngx.say("hi") } }',
    '    }',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(text), rule), []);
});

test('nginx-unknown-directive: directives nginx has but does not document, where nginx accepts them', () => {
  const text = [
    'events { epoll_events 512; }',
    'http {',
    '    gzip_window 8k; gzip_hash 8k; gzip_no_buffer on; postpone_gzipping 1k;',
    '    http2_pool_size 4k; http2_streams_index_size 32; open_file_cache_events on;',
    '    server { location / { post_action @a; uwsgi_string x; ssi_ignore_recycled_buffers on; } location @a { return 204; } }',
    '}',
    'stream { server { proxy_pass 127.0.0.1:1; proxy_downstream_buffer 8k; proxy_upstream_buffer 8k; } }',
    'mail { server { proxy on; } }',
    '',
  ].join('\n');
  const ds = lintConf(text).filter((d) => d.rule === 'nginx-unknown-directive' || d.rule === 'nginx-directive-context' || d.rule === 'nginx-syntax');
  assert.deepEqual(ds.map((d) => `${d.rule} ${d.message}`), []);
  // Still judged by context: post_action is no stream directive.
  const [d] = lintConf('events {}\nstream { server { post_action @a; } }\n').filter((x) => x.rule !== 'nginx-syntax');
  assert.equal(d.rule, 'nginx-directive-context');
});
