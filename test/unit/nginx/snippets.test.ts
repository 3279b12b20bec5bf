import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/context';
import { lintConf } from '../support/nginx';

/** A snippet body as VS Code inserts it with every tab stop at its default. */
function expand(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/(?<!\\)\$\d+/g, '')
    .replace(/\\\$/g, '$');
}

const snippets = JSON.parse(readFileSync(join(repoRoot, 'snippets', 'nginx.json'), 'utf8')) as Record<string, { prefix: string[]; body: string[]; description: string }>;

test('nginx snippets: upstream across regions, TLS reverse proxy, TLS to the backend, timeouts — no error or warning on the seed topology', () => {
  assert.deepEqual(Object.keys(snippets), ['Upstream across two regions', 'TLS reverse proxy', 'Upstream over TLS', 'Proxy timeouts']);
  for (const [name, s] of Object.entries(snippets)) assert.match(s.description, / \/ .*[\u4e00-\u9fff]/, `${name}: English and Chinese description`);
  const upstream = expand(snippets['Upstream across two regions'].body);
  const tls = expand(snippets['TLS reverse proxy'].body).replace('proxy_pass http://backend;', 'proxy_pass http://local;');
  const toBackend = expand(snippets['Upstream over TLS'].body);
  const timeouts = expand(snippets['Proxy timeouts'].body);
  const text = [
    'events {}',
    'http {',
    upstream,
    'upstream local { server 192.168.27.101:8680; }',
    tls,
    'server {',
    '    listen 8443;',
    '    location /dr/ {',
    toBackend,
    timeouts,
    '    }',
    '}',
    '}',
    '',
  ].join('\n');
  const ds = lintConf(text).filter((d) => d.severity === 'error' || d.severity === 'warning');
  assert.deepEqual(ds.map((d) => `${d.range.start.line}: ${d.rule}: ${d.message}`), []);
  assert.match(upstream, /server 139\.159\.250\.207:8680 backup;/);
  assert.match(tls, /return 301 https:\/\/\$host\$request_uri;/);
  assert.match(timeouts, /proxy_connect_timeout 5s;/);
});
