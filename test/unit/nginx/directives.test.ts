import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { childContext, Ctx, FREE, UNKNOWN, variantIn, variants } from '../../../src/core/nginx/directives';
import { formatTime, parseSize, parseTime } from '../../../src/core/nginx/values';
import { repoRoot } from '../support/context';

test('directive table: the committed file is what the generator makes from @nginx/reference-lib', () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'gen-nginx-directives.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('directive table: the same name in different contexts is a different directive', () => {
  assert.equal(variantIn('server', Ctx.http)?.module, 'ngx_http_core_module');
  assert.equal(variantIn('server', Ctx.httpUpstream)?.module, 'ngx_http_upstream_module');
  assert.equal(variantIn('server', Ctx.stream)?.module, 'ngx_stream_core_module');
  assert.equal(variantIn('proxy_pass', Ctx.http), undefined);
  assert.equal(variantIn('include', Ctx.location)?.name, 'include');
  const pct = variantIn('proxy_connect_timeout', Ctx.location)!;
  assert.deepEqual([pct.minArgs, pct.maxArgs, pct.kinds.join(''), pct.default, pct.limit75], [1, 1, 'm', '60s', true]);
  assert.equal(variantIn('proxy_connect_timeout', Ctx.streamServer)!.limit75, false);
  assert.equal(variantIn('ssl_prefer_server_ciphers', Ctx.httpServer)!.flag, true);
  assert.deepEqual(variantIn('keepalive_timeout', Ctx.http)!.kinds, ['m', 'T']);
  assert.equal(variantIn('if', Ctx.location)!.maxArgs, Infinity);
  assert.ok(variants('listen').length >= 3);
});

test('directive table: block contents', () => {
  assert.equal(childContext('http', Ctx.main), Ctx.http);
  assert.equal(childContext('server', Ctx.http), Ctx.httpServer);
  assert.equal(childContext('server', Ctx.stream), Ctx.streamServer);
  assert.equal(childContext('if', Ctx.httpServer), Ctx.ifInServer);
  assert.equal(childContext('if', Ctx.location), Ctx.ifInLocation);
  assert.equal(childContext('map', Ctx.http), FREE);
  assert.equal(childContext('types', Ctx.location), FREE);
  assert.equal(childContext('whatever', Ctx.http), UNKNOWN);
});

// Each value below was given to nginx 1.22 (`proxy_connect_timeout` counts in ms,
// `ssl_session_timeout` in seconds, `client_max_body_size` is an offset, `proxy_buffer_size` a size).
test('units: times as nginx reads them', () => {
  const ms: [string, number | undefined][] = [
    ['500', 500_000],
    ['75s', 75_000],
    ['1h 30m', 5_400_000],
    ['1m30s', 90_000],
    ['1h30', 3_630_000],
    ['1h ', 3_600_000],
    ['1ms', 1],
    ['0', 0],
    ['10w2d', 6_220_800_000],
    ['500x', undefined],
    ['1M', undefined],
    ['1y', undefined],
    ['30s1m', undefined],
    ['', undefined],
    ['1 h', undefined],
    ['1.5s', undefined],
    ['-1', undefined],
  ];
  for (const [v, want] of ms) assert.equal(parseTime(v, 'ms'), want, `ms "${v}"`);
  assert.equal(parseTime('500ms', 's'), undefined);
  assert.equal(parseTime('1y', 's'), 365 * 86_400_000);
  assert.equal(parseTime('1M', 's'), 30 * 86_400_000);
  assert.equal(parseTime('1d', 's'), 86_400_000);
});

test('units: sizes and offsets as nginx reads them', () => {
  assert.equal(parseSize('200m', false), 200 * 1024 * 1024);
  assert.equal(parseSize('10K', false), 10 * 1024);
  assert.equal(parseSize('0', false), 0);
  assert.equal(parseSize('1g', false), undefined);
  assert.equal(parseSize('1G', true), 1024 ** 3);
  for (const bad of ['200mb', '1.5m', '', 'm', '-1']) assert.equal(parseSize(bad, true), undefined, bad);
});

test('units: times written back', () => {
  assert.deepEqual([500_000, 75_000, 90_000, 1_500, 86_400_000].map(formatTime), ['8m20s', '1m15s', '1m30s', '1500ms', '1d']);
});
