import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-proxy-connect-timeout';

test('nginx-proxy-connect-timeout: the seed\'s 500 (seconds) warns on the value; the safe fix writes 75s', () => {
  const text = 'events {}\nhttp {\n    server {\n        proxy_connect_timeout 500;\n    }\n}\n';
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '3:30-3:33');
  assert.equal(
    d.message,
    'proxy_connect_timeout 500 is 8m20s. The nginx documentation says this timeout "usually cannot exceed 75 seconds": the operating system gives up on an unanswered connection attempt first, so a longer value does not make nginx wait longer for a backend that does not answer. Use 75s or less.',
  );
  assert.doesNotMatch(d.message, /nginx (caps|limits|clamps)/);
  assert.equal(d.fixes[0].title, 'Use 75s');
  assert.equal(d.fixes[0].safe, true);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('500;', '75s;'));
});

test('nginx-proxy-connect-timeout: other units and the other connect timeouts the documentation warns about', () => {
  const ds = ofRule(lintConf('events {}\nhttp {\n    proxy_connect_timeout 2m;\n    fastcgi_connect_timeout 90000ms;\n}\n', { locale: 'zh-cn' }), rule);
  assert.deepEqual(ds.map(at), ['2:26-2:28', '3:28-3:35']);
  assert.match(ds[1].message, /^fastcgi_connect_timeout 90000ms 即 1m30s。nginx 文档指出该超时“通常不能超过 75 秒”/);
});

test('nginx-proxy-connect-timeout: 75 s or less, variables, and stream proxy_connect_timeout pass', () => {
  const text = 'events {}\nhttp {\n    proxy_connect_timeout 75s;\n    grpc_connect_timeout 75000ms;\n    uwsgi_connect_timeout 60;\n}\nstream {\n    proxy_connect_timeout 5m;\n}\n';
  assert.deepEqual(ofRule(lintConf(text), rule), []);
});

test('nginx-proxy-connect-timeout: in a conf.d fragment that nothing includes', () => {
  const ds = ofRule(lintNginx({ 'nginx/conf.d/timeouts.conf': 'proxy_connect_timeout 90s;\n' }), rule);
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)}`), ['nginx/conf.d/timeouts.conf 0:22-0:25']);
});

test('nginx-proxy-connect-timeout: a value already in minutes or hours is not read back to itself', () => {
  const text = 'events {}\nhttp {\n    proxy_connect_timeout 10m;\n    server { location / { proxy_read_timeout 2h; uwsgi_connect_timeout 2h; } }\n}\n';
  assert.deepEqual(ofRule(lintConf(text), rule).map((d) => d.message.split('. ')[0]), [
    'proxy_connect_timeout 10m is longer than 75 seconds',
    'uwsgi_connect_timeout 2h is longer than 75 seconds',
  ]);
  assert.match(ofRule(lintConf(text, { locale: 'zh-cn' }), rule)[0].message, /^proxy_connect_timeout 10m 超过了 75 秒。/);
});
