import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNginx } from '../../../src/core/nginx/parser';
import { parseXml } from '../../../src/core/dubbo/xml';
import { nginxSymbols, topologySymbols, xmlSymbols, type DocumentSymbolEntry } from '../../../src/core/symbols';
import { parseTopology } from '../../../src/core/topology/parse';
import type { Range } from '../../../src/core/types';
import { exampleDir } from '../support/context';

/** `name [detail] @line` (1-based), nested by indentation. */
function outline(symbols: DocumentSymbolEntry[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.kind} ${s.name}${s.detail ? ` [${s.detail}]` : ''} @${s.selectionRange.start.line + 1}`,
    ...outline(s.children, depth + 1),
  ]);
}

const inside = (inner: Range, outer: Range) =>
  (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
  (inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));

function assertNested(symbols: DocumentSymbolEntry[], parent?: DocumentSymbolEntry): void {
  for (const s of symbols) {
    assert.ok(inside(s.selectionRange, s.range), `${s.name}: selection inside its range`);
    if (parent) assert.ok(inside(s.range, parent.range), `${s.name} inside ${parent.name}`);
    assertNested(s.children, s);
  }
}

test('topology outline: regions → hosts → the services they run, then services and shares', () => {
  const text = readFileSync(join(exampleDir, 'dubbo-topology.yaml'), 'utf8');
  const symbols = topologySymbols(parseTopology('dubbo-topology.yaml', text).topology);
  assert.deepEqual(outline(symbols), [
    'region east-1 [华东1 · 192.168.27.0/24] @5',
    '  host api-1 [192.168.27.101 · 139.159.250.7] @9',
    '    service gateway [nginx :443] @13',
    '    service api [dubbo-consumer :8680] @13',
    '    service registry [zookeeper :2181] @13',
    '  host app-1 [192.168.27.102 · 139.159.250.8] @14',
    '    service order [dubbo-provider :20880] @18',
    '    service driver [dubbo-provider :20881] @18',
    'region east-2 [华东2 · 172.16.8.0/24] @19',
    '  host api-2 [172.16.8.101 · 139.159.250.207] @23',
    '    service api [dubbo-consumer :8680] @27',
    '  host app-2 [172.16.8.102 · 139.159.250.208] @28',
    '    service order [dubbo-provider :20880] @32',
    '    service driver [dubbo-provider :20881] @32',
    'service gateway [nginx :443] @34',
    'service api [dubbo-consumer :8680] @39',
    'service order [dubbo-provider :20880] @44',
    'service driver [dubbo-provider :20881] @50',
    'service registry [zookeeper :2181] @56',
    'share upload [api-1:/home/wwwroot/upload → api-2] @60',
  ]);
  assertNested(symbols);
});

test('nginx outline: the blocks as written, servers known by their names and ports', () => {
  const text = [
    'events { worker_connections 64; }',
    'http {',
    '    upstream backend { server 10.0.0.1:80; }',
    '    server {',
    '        listen 443 ssl;',
    '        listen [::]:443 ssl;',
    '        server_name api.example.com www.example.com;',
    '        location = /health { return 200; }',
    '        location ~ ^/api/(v1|v2)/ {',
    '            if ($request_method = POST) { return 405; }',
    '            proxy_pass http://backend;',
    '        }',
    '        location /lua { content_by_lua_block { ngx.say("hi") } }',
    '    }',
    '}',
    '',
  ].join('\n');
  const symbols = nginxSymbols(parseNginx('nginx.conf', text).nodes);
  assert.deepEqual(outline(symbols), [
    'block events @1',
    'block http @2',
    '  upstream upstream backend @3',
    '  server server [api.example.com www.example.com 443 [::]:443] @4',
    '    location location = /health @8',
    '    location location ~ ^/api/(v1|v2)/ @9',
    '      block if ($request_method = POST) @10',
    '    location location /lua @13',
    '      block content_by_lua_block @13',
  ]);
  assertNested(symbols);
  // A broken config still has an outline of what parsed.
  assert.deepEqual(outline(nginxSymbols(parseNginx('x.conf', 'http {\n  server {\n').nodes)), ['block http @1', '  server server @2']);
});

test('Dubbo XML outline: the elements, nested, each known by what identifies it', () => {
  const text = readFileSync(join(exampleDir, 'order/src/main/resources/applicationContext.xml'), 'utf8');
  const symbols = xmlSymbols(parseXml(text));
  assert.deepEqual(outline(symbols), [
    'element beans @2',
    '  element context:property-placeholder [location=classpath:config.properties] @10',
    '  element dubbo:application [name=ts_provider_order] @13',
    '  element dubbo:registry [address=${zookeeper.host}] @14',
    '  element dubbo:protocol [name=dubbo] @15',
    '  element dubbo:provider @16',
    '  element dubbo:consumer @17',
    '  element dubbo:annotation [package=com.soft.ts] @18',
  ]);
  assertNested(symbols);
  const broken = '<beans>\n  <dubbo:service interface="a.B" ref="b">\n    <dubbo:method name="m"/>\n';
  assert.deepEqual(outline(xmlSymbols(parseXml(broken))), ['element beans @1', '  element dubbo:service [interface=a.B] @2', '    element dubbo:method [name=m] @3']);
  assertNested(xmlSymbols(parseXml(broken)));
});

test('outline of a topology with a syntax error: each symbol still holds its children', () => {
  const text = readFileSync(join(exampleDir, 'dubbo-topology.yaml'), 'utf8').replace('        ssh: { user: deploy }\n        services: [order, driver]\n  east-2', '        |:ssh: { user: deploy }\n        services: [order, driver]\n  east-2');
  const symbols = topologySymbols(parseTopology('dubbo-topology.yaml', `:${text}`).topology);
  assert.deepEqual(
    symbols.slice(0, 2).map((s) => [s.name, s.children.map((c) => c.name)]),
    [
      ['east-1', ['api-1', 'app-1']],
      ['east-2', ['api-2', 'app-2']],
    ],
  );
  assertNested(symbols);
});
