import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nginxAnalyzer } from '../../../src/core/nginx/analyzer';
import { nginxWorkspace } from '../../../src/core/nginx/model';
import type { Position } from '../../../src/core/types';
import { contextFor, exampleDir, memoryWorkspace } from '../support/context';
import { nginxContext } from '../support/nginx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const seed = readFileSync(join(exampleDir, 'nginx/nginx.conf'), 'utf8');

/** The position of the `nth` occurrence of `needle` (plus `delta` characters). */
function posOf(text: string, needle: string, delta = 0): Position {
  const i = text.indexOf(needle) + delta;
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('nginx analyzer: files are service configs, what they include, and *.conf under nginx/ or conf.d/', () => {
  assert.deepEqual(nginxAnalyzer.files(contextFor(exampleDir)), ['nginx/nginx.conf']);
  const ctx = nginxContext({
    'nginx/nginx.conf': 'events {}\nhttp {\n    include ../sites/*.conf;\n}\n',
    'sites/app.conf': 'server { listen 80; }\n',
    'sites/.hidden.conf': 'server { listen 81; }\n',
    'deploy/conf.d/extra.conf': 'server { listen 82; }\n',
    'misc/other.conf': 'not nginx\n',
  });
  assert.deepEqual(nginxAnalyzer.files(ctx), ['deploy/conf.d/extra.conf', 'nginx/nginx.conf', 'sites/app.conf']);
});

test('nginx analyzer: never throws on arbitrary text', () => {
  const ctx = contextFor(exampleDir);
  for (const text of ['', '}}}{{{', '"', "'\\", 'include', 'include ;', 'upstream {', 'proxy_pass http://;', 'server 1.2.3.4.5:99999;', '\u0000\uffff']) {
    assert.ok(Array.isArray(nginxAnalyzer.analyze('nginx/nginx.conf', text, ctx)));
    nginxAnalyzer.hover!('nginx/nginx.conf', text, { line: 0, character: 1 }, ctx, 'en');
    nginxAnalyzer.complete!('nginx/nginx.conf', text, { line: 0, character: text.length }, ctx, 'en');
  }
});

test('nginx hover: an invalid address suggests the topology address', () => {
  const h = nginxAnalyzer.hover!('nginx/nginx.conf', seed, posOf(seed, '139.159.257.207', 3), contextFor(exampleDir), 'en')!;
  assert.equal(h.markdown, '`139.159.257.207` is not a valid IP address\n\nDid you mean 139.159.250.207 (api-2, external)?');
  const zh = nginxAnalyzer.hover!('nginx/nginx.conf', seed, posOf(seed, '139.159.257.207', 3), contextFor(exampleDir), 'zh-cn')!;
  assert.equal(zh.markdown, '`139.159.257.207` 不是合法的 IP 地址\n\n是否想写 139.159.250.207（api-2，外网）？');
  assert.deepEqual(h.range, { start: posOf(seed, '139.159.257.207'), end: posOf(seed, '139.159.257.207', 15) });
});

test('nginx hover: an address names its host and region and how the nginx host reaches it', () => {
  const ctx = contextFor(exampleDir);
  const text = seed.replace('139.159.257.207', '139.159.250.207').replace('192.168.27.101', '172.16.8.101');
  const remote = nginxAnalyzer.hover!('nginx/nginx.conf', text, posOf(text, '139.159.250.207'), ctx, 'en')!;
  assert.equal(remote.markdown, '**api-2** (华东2), external IP\n\nFrom **api-1** (华东1): reached over the public network');
  const internal = nginxAnalyzer.hover!('nginx/nginx.conf', text, posOf(text, '172.16.8.101'), ctx, 'zh-cn')!;
  assert.equal(internal.markdown, '**api-2**（华东2），内网 IP\n\n从 **api-1**（华东1）看：**不可达**：其他地域的内网 IP');
  const local = nginxAnalyzer.hover!('nginx/nginx.conf', seed, posOf(seed, '192.168.27.101'), ctx, 'en')!;
  assert.match(local.markdown, /^\*\*api-1\*\* \(华东1\), internal IP\n\nFrom \*\*api-1\*\* \(华东1\): same LAN, reached directly$/);
});

test('nginx hover: a directive shows its reference entry and a link to nginx.org', () => {
  const h = nginxAnalyzer.hover!('nginx/nginx.conf', seed, posOf(seed, 'proxy_connect_timeout', 2), contextFor(exampleDir), 'en')!;
  assert.equal(
    h.markdown,
    '**proxy_connect_timeout** (ngx_http_proxy_module) — Defines a timeout for establishing a connection with a proxied server.\n\n' +
      'Context: http, server, location · Default: `60s`\n\n' +
      '[nginx documentation](https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_connect_timeout)',
  );
  assert.deepEqual(h.range, { start: posOf(seed, 'proxy_connect_timeout'), end: posOf(seed, 'proxy_connect_timeout', 21) });
  // `server` means different directives in http and in an upstream.
  const upstreamServer = nginxAnalyzer.hover!('nginx/nginx.conf', seed, posOf(seed, 'server 192'), contextFor(exampleDir), 'zh-cn')!;
  assert.match(upstreamServer.markdown, /^\*\*server\*\* \(ngx_http_upstream_module\) — Defines the address/);
  assert.match(upstreamServer.markdown, /可用位置：upstream/);
  // In Chinese, the contexts are listed with 、 after a full-width colon.
  const zh = nginxAnalyzer.hover!('nginx/nginx.conf', seed, posOf(seed, 'proxy_connect_timeout', 2), contextFor(exampleDir), 'zh-cn')!;
  assert.match(zh.markdown, /\n\n可用位置：http、server、location · 默认值：`60s`\n\n/);
});

test('nginx hover: the upstream named by proxy_pass lists its servers', () => {
  const h = nginxAnalyzer.hover!('nginx/nginx.conf', seed, posOf(seed, 'tomcatServer/', 2), contextFor(exampleDir), 'en')!;
  assert.equal(
    h.markdown,
    'upstream **tomcatServer** — defined in nginx/nginx.conf:9\n- server `192.168.27.101:8680 weight=10`\n- server `139.159.257.207:8680 weight=10`',
  );
});

test('nginx completion: directive names allowed where the cursor is', () => {
  const ctx = contextFor(exampleDir);
  const text = seed.replace('# root html;', 'prox');
  const labels = nginxAnalyzer.complete!('nginx/nginx.conf', text, posOf(text, 'prox\n', 4), ctx, 'en').map((e) => e.label);
  assert.ok(labels.includes('proxy_pass') && labels.includes('proxy_connect_timeout'));
  assert.ok(labels.every((l) => l.startsWith('prox')));
  // In the server block proxy_pass is not allowed, so not offered.
  const inServer = nginxAnalyzer.complete!('nginx/nginx.conf', seed, posOf(seed, 'proxy_connect_timeout', 4), ctx, 'en').map((e) => e.label);
  assert.ok(inServer.includes('proxy_connect_timeout') && !inServer.includes('proxy_pass'));
  const inHttp = seed.replace('#gzip on;', 'up');
  const http = nginxAnalyzer.complete!('nginx/nginx.conf', inHttp, posOf(inHttp, '    up\n', 6), ctx, 'en');
  assert.ok(http.some((e) => e.label === 'upstream' && e.kind === 'directive'));
  assert.ok(!http.some((e) => e.label === 'upstream_conf'), 'upstream_conf belongs in a location');
  const entry = http.find((e) => e.label === 'upstream')!;
  assert.deepEqual(entry.range, { start: posOf(inHttp, '    up\n', 4), end: posOf(inHttp, '    up\n', 6) });
});

test('nginx completion: after proxy_pass http:// come upstream names, then topology addresses', () => {
  const ctx = contextFor(exampleDir);
  const text = seed.replace('proxy_pass http://tomcatServer/;', 'proxy_pass http://');
  const at = posOf(text, 'proxy_pass http://', 18);
  const entries = nginxAnalyzer.complete!('nginx/nginx.conf', text, at, ctx, 'en');
  assert.deepEqual(entries[0], {
    label: 'tomcatServer',
    kind: 'upstream',
    detail: 'upstream, 2 servers',
    documentation: 'upstream **tomcatServer** — defined in nginx/nginx.conf:9\n- server `192.168.27.101:8680 weight=10`\n- server `139.159.257.207:8680 weight=10`',
    range: { start: at, end: at },
  });
  const addresses = entries.filter((e) => e.kind === 'address');
  assert.equal(addresses[0].label, '192.168.27.101');
  assert.equal(addresses[0].detail, 'api-1 · 华东1 · internal');
  // Another region's internal IP comes last, marked unreachable.
  const last = addresses[addresses.length - 1];
  assert.ok(['172.16.8.101', '172.16.8.102'].includes(last.label));
  assert.equal(last.documentation, 'Unreachable from api-1 (华东1)');
  const external = addresses.find((e) => e.label === '139.159.250.207')!;
  assert.equal(external.detail, 'api-2 · 华东2 · external');
  assert.ok(addresses.indexOf(external) < addresses.indexOf(last));
});

test('nginx completion: addresses for an upstream server, in Chinese', () => {
  const ctx = contextFor(exampleDir);
  const text = seed.replace('server 192.168.27.101:8680 weight=10;', 'server 1');
  const entries = nginxAnalyzer.complete!('nginx/nginx.conf', text, posOf(text, 'server 1', 8), ctx, 'zh-cn');
  assert.ok(entries.length > 0 && entries.every((e) => e.kind === 'address'));
  assert.equal(entries[0].detail, 'api-1 · 华东1 · 内网');
  assert.deepEqual(entries[0].range, { start: posOf(text, 'server 1', 7), end: posOf(text, 'server 1', 8) });
});

test('nginx analyzer: a file depends on every file of its include tree, and on missing include targets', () => {
  const ctx = nginxContext({
    'nginx/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    include missing.conf;\n}\n',
    'nginx/conf.d/a.conf': 'upstream app { server 192.168.27.101:8680; }\n',
    'nginx/conf.d/b.conf': 'server { location / { proxy_pass http://app; } }\n',
  });
  assert.deepEqual(nginxAnalyzer.dependencies!('nginx/conf.d/b.conf', ctx), ['nginx/conf.d/a.conf', 'nginx/missing.conf', 'nginx/nginx.conf']);
});

test('nginx Go to Definition: an include opens the files it reads; an upstream name in *_pass opens its upstream block', () => {
  const main = 'events {}\nhttp {\n    include upstreams.conf;\n    include ../sites/*.conf;\n}\n';
  const site = 'server {\n    listen 80;\n    location / { proxy_pass http://backend/; }\n    location /g { grpc_pass grpc://10.0.0.1:9000; }\n}\n';
  const ctx = nginxContext({
    'nginx/nginx.conf': main,
    'nginx/upstreams.conf': '# upstreams\nupstream backend {\n    server 192.168.27.101:8680;\n}\n',
    'sites/a.conf': site,
    'sites/b.conf': 'server { listen 81; }\n',
  });
  const where = (r: { targets: { file: string; range: { start: Position } }[] } | undefined) => r?.targets.map((t) => `${t.file}:${t.range.start.line + 1}:${t.range.start.character + 1}`);
  const inc = nginxAnalyzer.definition!('nginx/nginx.conf', main, posOf(main, '../sites', 3), ctx)!;
  assert.deepEqual(where(inc), ['sites/a.conf:1:1', 'sites/b.conf:1:1']);
  assert.deepEqual(inc.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 27 } });
  assert.deepEqual(where(nginxAnalyzer.definition!('nginx/nginx.conf', main, posOf(main, 'upstreams.conf'), ctx)), ['nginx/upstreams.conf:1:1']);
  assert.deepEqual(where(nginxAnalyzer.definition!('sites/a.conf', site, posOf(site, 'http://backend', 9), ctx)), ['nginx/upstreams.conf:2:10']);
  // An address, the directive name, or a file nothing reads: nothing.
  assert.equal(nginxAnalyzer.definition!('sites/a.conf', site, posOf(site, 'grpc://', 9), ctx), undefined);
  assert.equal(nginxAnalyzer.definition!('sites/a.conf', site, posOf(site, 'proxy_pass', 2), ctx), undefined);
});

test('nginx Go to Definition and hover: an upstream name in another case is that upstream, as nginx compares names without case', () => {
  const main = 'events {}\nhttp {\n    upstream Backend {\n        server 192.168.27.101:8680;\n    }\n    server { location / { proxy_pass http://BACKEND/; } }\n}\n';
  const ctx = nginxContext({ 'nginx/nginx.conf': main });
  const def = nginxAnalyzer.definition!('nginx/nginx.conf', main, posOf(main, 'http://BACKEND', 9), ctx)!;
  assert.deepEqual(
    def.targets.map((t) => `${t.file}:${t.range.start.line + 1}:${t.range.start.character + 1}`),
    ['nginx/nginx.conf:3:14'],
  );
  const h = nginxAnalyzer.hover!('nginx/nginx.conf', main, posOf(main, 'http://BACKEND', 9), ctx, 'en')!;
  assert.match(h.markdown, /^upstream \*\*Backend\*\* — defined in nginx\/nginx.conf:3/);
});

test('nginx hover: an internal IP both regions use names the host in the nginx host’s region', () => {
  const topology = `version: 1
regions:
  east-1:
    name: 华东1
    lan: [10.0.0.0/24]
    hosts:
      a-1: { internal: 10.0.0.5, services: [api] }
  east-2:
    name: 华东2
    lan: [10.0.0.0/24]
    hosts:
      a-2: { internal: 10.0.0.5, services: [api] }
      gw-2: { internal: 10.0.0.9, services: [gateway] }
services:
  api: { kind: http, port: 8080 }
  gateway: { kind: nginx, port: 80, config: [nginx/nginx.conf] }
`;
  const text = 'events {}\nhttp {\n    upstream api { server 10.0.0.5:8080; }\n}\n';
  const ctx = contextFor(memoryWorkspace({ 'dubbo-topology.yaml': topology, 'nginx/nginx.conf': text }));
  const h = nginxAnalyzer.hover!('nginx/nginx.conf', text, posOf(text, '10.0.0.5', 2), ctx, 'en')!;
  assert.match(h.markdown, /^\*\*a-2\*\* \(华东2\), internal IP/);
});

test('nginx workspace: a tree\'s model is made when a file it reads is analyzed, not for the file list', () => {
  const files: Record<string, string> = {
    'dubbo-topology.yaml': [
      'version: 1',
      'regions:',
      '  r1:',
      '    lan: [10.0.0.0/24]',
      '    hosts:',
      '      h1: { internal: 10.0.0.1, services: [gw-a, gw-b, gw-c] }',
      'services:',
      '  gw-a: { kind: nginx, config: [a/nginx/nginx.conf] }',
      '  gw-b: { kind: nginx, config: [b/nginx/nginx.conf] }',
      '  gw-c: { kind: nginx, config: [c/nginx/nginx.conf] }',
      '',
    ].join('\n'),
  };
  for (const g of ['a', 'b', 'c']) {
    files[`${g}/nginx/nginx.conf`] = `events {}\nhttp {\n    upstream up_${g} { server 10.0.0.9:8080; }\n    server { listen 80; location / { proxy_pass http://up_${g}; } }\n    include snippets/*.conf;\n}\n`;
    files[`${g}/nginx/snippets/extra.conf`] = 'server { listen 81; location / { proxy_pass http://up_x; } }\n';
  }
  const ctx = contextFor(memoryWorkspace(files));
  const nw = nginxWorkspace(ctx);
  assert.equal(nginxAnalyzer.files(ctx).length, 6);
  assert.equal(nw.modelsHeld, 0);
  const b = nginxAnalyzer.analyze('b/nginx/snippets/extra.conf', files['b/nginx/snippets/extra.conf'], ctx);
  assert.equal(nw.modelsHeld, 1);
  // The snippet's own tree answers: up_x is not there, up_b is.
  assert.deepEqual(
    b.filter((f) => f.rule === 'nginx-unknown-upstream').map((f) => f.message.data?.name),
    ['up_x'],
  );
  assert.equal(nw.models.length, 3);
  assert.equal(nw.modelsHeld, 3);
  // Made in another order, the same findings.
  const fresh = contextFor(memoryWorkspace(files));
  void nginxWorkspace(fresh).models;
  assert.deepEqual(nginxAnalyzer.analyze('b/nginx/snippets/extra.conf', files['b/nginx/snippets/extra.conf'], fresh), b);
});
