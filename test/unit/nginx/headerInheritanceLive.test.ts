/**
 * nginx-header-inheritance against a running nginx: the configuration below is served on loopback
 * and every location is asked for its headers (and, behind proxy_pass, for what the backend got).
 * The headers a real response lacks must be exactly the ones our findings say a level drops.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNginx, lintFixture } from '../support/nginx';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function fetch(port: number, path: string): Promise<{ headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ headers: res.headers, body }));
    }).on('error', reject);
  });
}

async function waitFor(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await fetch(port, '/plain');
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const nginx = findNginx();
const skip = nginx ? false : 'nginx is not installed (Debian: apt-get install nginx); this test runs the real nginx';

test('nginx-header-inheritance: the headers a running nginx leaves out are the ones we say are dropped', { skip, timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-live-'));
  const [front, back] = [await freePort(), await freePort()];
  const lines = [
    'events {}',
    'http {',
    '    access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${join(dir, 'tmp', t)};`),
    '    add_header X-Frame-Options DENY;',
    '    proxy_set_header X-Tag from-http;',
    '    server {',
    `        listen 127.0.0.1:${front};`,
    '        add_header X-Server yes;',
    '        location /plain { return 200 "plain\\n"; }',
    '        location /own { add_header Cache-Control no-store; return 200 "own\\n"; }',
    '        location /again { add_header X-Server yes; add_header X-Extra 1; return 200 "again\\n"; }',
    `        location /proxied { proxy_set_header X-Other 1; proxy_pass http://127.0.0.1:${back}; }`,
    `        location /proxied-plain { proxy_pass http://127.0.0.1:${back}; }`,
    '    }',
    '    server {',
    `        listen 127.0.0.1:${back};`,
    '        location / { return 200 "tag=$http_x_tag\\n"; }',
    '    }',
    '}',
    '',
  ];
  mkdirSync(join(dir, 'tmp'));
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'nginx.conf'), lines.join('\n'));
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));

  const ours = lintFixture(dir, 'nginx.conf').filter((d) => d.rule === 'nginx-header-inheritance');
  assert.deepEqual(
    ours.map((d) => d.range.start.line).sort((a, b) => a - b),
    [lineOf('add_header X-Server yes;'), lineOf('location /own'), lineOf('location /proxied {')],
    ours.map((d) => d.message).join('\n'),
  );

  const proc = spawn(nginx!, ['-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs', 'error.log'), '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], {
    stdio: 'ignore',
  });
  try {
    await waitFor(front, 10_000);
    const plain = await fetch(front, '/plain');
    // The server's own add_header: the http level's X-Frame-Options is gone (our first finding).
    assert.equal(plain.headers['x-server'], 'yes');
    assert.equal(plain.headers['x-frame-options'], undefined);
    // /own sets Cache-Control: the server's X-Server is gone (our second finding).
    const own = await fetch(front, '/own');
    assert.equal(own.headers['cache-control'], 'no-store');
    assert.equal(own.headers['x-server'], undefined);
    // /again repeats X-Server: nothing lost, and no finding there.
    const again = await fetch(front, '/again');
    assert.deepEqual([again.headers['x-server'], again.headers['x-extra']], ['yes', '1']);
    // /proxied sets X-Other: the backend no longer gets http's X-Tag (our third finding).
    assert.equal((await fetch(front, '/proxied')).body, 'tag=\n');
    assert.equal((await fetch(front, '/proxied-plain')).body, 'tag=from-http\n');
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
});
