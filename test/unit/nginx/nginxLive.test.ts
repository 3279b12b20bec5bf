/**
 * Rules about what nginx does while serving, against a running nginx: each configuration below is
 * served on loopback and asked for what the findings say happens (headers a level drops, a file read
 * outside an alias).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function fetch(port: number, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

async function waitFor(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await fetch(port, '/');
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const nginx = findNginx();

/** Starts nginx on `dir`/nginx.conf in the foreground, waits for `port`; resolves to a stop function. */
async function serve(dir: string, port: number): Promise<() => Promise<void>> {
  const proc = spawn(nginx!, ['-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs', 'error.log'), '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], {
    stdio: 'ignore',
  });
  const stop = async () => {
    proc.kill('SIGTERM');
    if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
  };
  try {
    await waitFor(port, 10_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return stop;
}

/** A scratch folder with the temp paths and log folder nginx writes, and the http lines that point there. */
function scratch(): { dir: string; temps: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-live-'));
  // Readable by nginx's workers, which run as another user when the tests run as root.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'tmp'));
  mkdirSync(join(dir, 'logs'));
  return { dir, temps: ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${join(dir, 'tmp', t)};`) };
}
const skip = nginx ? false : 'nginx is not installed (Debian: apt-get install nginx); this test runs the real nginx';

test('nginx-header-inheritance: the headers a running nginx leaves out are the ones we say are dropped', { skip, timeout: 30_000 }, async () => {
  const { dir, temps } = scratch();
  const [front, back] = [await freePort(), await freePort()];
  const lines = [
    'events {}',
    'http {',
    '    access_log off;',
    ...temps,
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
  writeFileSync(join(dir, 'nginx.conf'), lines.join('\n'));
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));

  const ours = lintFixture(dir, 'nginx.conf').filter((d) => d.rule === 'nginx-header-inheritance');
  assert.deepEqual(
    ours.map((d) => d.range.start.line).sort((a, b) => a - b),
    [lineOf('add_header X-Server yes;'), lineOf('location /own'), lineOf('location /proxied {')],
    ours.map((d) => d.message).join('\n'),
  );

  const stop = await serve(dir, front);
  try {
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
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nginx-alias-traversal: where the finding is, a running nginx serves a file outside the alias; with its fix, it does not', { skip, timeout: 30_000 }, async () => {
  const { dir, temps } = scratch();
  const port = await freePort();
  mkdirSync(join(dir, 'www', 'static'), { recursive: true });
  writeFileSync(join(dir, 'www', 'secret.txt'), 'secret\n');
  writeFileSync(join(dir, 'www', 'static', 'a.txt'), 'public\n');
  const www = join(dir, 'www');
  const conf = (prefix: string) =>
    ['events {}', 'http {', '    access_log off;', ...temps, '    server {', `        listen 127.0.0.1:${port};`, `        location ${prefix} { alias ${www}/static/; }`, '        location = / { return 204; }', '    }', '}', ''].join('\n');
  try {
    for (const [prefix, findings, secret] of [
      ['/static', 1, 200],
      ['/static/', 0, 404],
    ] as const) {
      writeFileSync(join(dir, 'nginx.conf'), conf(prefix));
      const ours = lintFixture(dir, 'nginx.conf').filter((d) => d.rule === 'nginx-alias-traversal');
      assert.equal(ours.length, findings, ours.map((d) => d.message).join('\n'));
      const stop = await serve(dir, port);
      try {
        assert.equal((await fetch(port, '/static/a.txt')).body, 'public\n');
        const outside = await fetch(port, '/static../secret.txt');
        assert.equal(outside.status, secret, `GET /static../secret.txt with location ${prefix}`);
        if (secret === 200) assert.equal(outside.body, 'secret\n');
      } finally {
        await stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
