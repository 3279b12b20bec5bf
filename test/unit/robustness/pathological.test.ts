import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { lintWorkspace, type LintResult } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import type { Diagnostic } from '../../../src/core/types';
import { tempWorkspace } from '../support/context';
import { exampleFiles } from '../support/dubbo';
import { memoryWorkspace } from '../support/context';
import { prng } from '../support/random';
import { assertDiagnosticsInside } from './fuzz';

// Inputs nobody writes on purpose, through the whole engine: each gets a clear diagnostic or is
// skipped with one, and nothing throws or hangs. The timeouts only guard against a hang.
const HANG_GUARD = { timeout: 180_000 };

const TOPO = `version: 1
regions:
  east-1:
    name: 华东1
    lan: [192.168.27.0/24]
    hosts:
      api-1: { internal: 192.168.27.101, external: 139.159.250.7, services: [gateway, order] }
services:
  gateway: { kind: nginx, port: 443, config: [nginx/nginx.conf] }
  order: { kind: dubbo-provider, port: 20880, config: [order.xml], properties: [order.properties] }
`;

function lintDir(dir: string, maxBytes?: number): LintResult {
  const errors: string[] = [];
  const r = lintWorkspace(new NodeWorkspace(dir, new Map(), maxBytes), { analyzers: defaultAnalyzers, onAnalyzerError: (a, f, e) => errors.push(`${a} on ${f}: ${String(e)}`) });
  assert.ok(r, 'the topology was found');
  return r;
}

function lintMemory(files: Record<string, string>, locale?: 'en' | 'zh-cn'): Diagnostic[] {
  const r = lintWorkspace(memoryWorkspace(files), { analyzers: defaultAnalyzers, locale });
  assert.ok(r);
  assertDiagnosticsInside(r.diagnostics, (f) => files[f]);
  return r.diagnostics;
}

const rules = (ds: Diagnostic[], file: string) => [...new Set(ds.filter((d) => d.file === file).map((d) => d.rule))].sort();

test('a 50 MB config is skipped with a message naming its size and the limit', HANG_GUARD, () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'order.xml': '<beans/>', 'order.properties': '' });
  try {
    mkdirSync(join(dir, 'nginx'));
    const fd = openSync(join(dir, 'nginx/nginx.conf'), 'w');
    const chunk = Buffer.from('    server 192.168.27.101:8080 weight=1;\n'.repeat(25_000));
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
    closeSync(fd);
    const r = lintDir(dir);
    const skipped = r.diagnostics.filter((d) => d.file === 'nginx/nginx.conf');
    assert.deepEqual(skipped.map((d) => d.rule), ['file-skipped']);
    assert.match(skipped[0].message, /^Not analyzed: this file is 50\.\d MB, over the 8\.0 MB limit/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 5 MB config under a raised limit is analyzed in full', HANG_GUARD, () => {
  const servers = Array.from({ length: 100_000 }, (_, i) => `        server 192.168.27.${1 + (i % 250)}:8080;`).join('\n');
  const conf = `events {}\nhttp {\n    upstream big {\n${servers}\n        server 192.168.27.999:8080;\n    }\n}\n`;
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'nginx/nginx.conf': conf, 'order.xml': '<beans/>', 'order.properties': '' });
  try {
    const r = lintDir(dir, 64 * 1024 * 1024);
    const invalid = r.diagnostics.filter((d) => d.file === 'nginx/nginx.conf' && d.rule === 'ip-invalid');
    assert.deepEqual(invalid.map((d) => d.range.start.line), [100_003], 'the one bad address near the end is found');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('10,000 nested blocks, elements and YAML levels: a diagnostic, no stack overflow', HANG_GUARD, () => {
  const base = { 'dubbo-topology.yaml': TOPO, 'nginx/nginx.conf': 'events {}\n', 'order.xml': '<beans/>', 'order.properties': '' };
  const nginx = lintMemory({ ...base, 'nginx/nginx.conf': `http {\n${'location / {\n'.repeat(10_000)}${'}\n'.repeat(10_000)}}\n` });
  const deep = nginx.filter((d) => d.file === 'nginx/nginx.conf' && d.rule === 'nginx-syntax');
  assert.ok(deep.some((d) => d.message.includes('nested deeper than 200 levels')), JSON.stringify(deep.map((d) => d.message)));
  assert.ok(!nginx.some((d) => d.rule === 'file-skipped'), 'the analysis did not fail');

  const unclosed = lintMemory({ ...base, 'nginx/nginx.conf': 'a {'.repeat(10_000) });
  assert.ok(unclosed.some((d) => d.file === 'nginx/nginx.conf' && d.rule === 'nginx-syntax'));

  const xml = `<beans xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}<dubbo:registry address="192.168.27.999"/></beans>`;
  const xmlDs = lintMemory({ ...base, 'order.xml': xml });
  assert.ok(!xmlDs.some((d) => d.rule === 'file-skipped'), JSON.stringify(xmlDs.filter((d) => d.rule === 'file-skipped')));
  const unreadable = xmlDs.filter((d) => d.file === 'order.xml' && d.rule === 'xml-syntax');
  assert.equal(unreadable.length, 1, JSON.stringify(xmlDs.map((d) => `${d.file} ${d.rule} ${d.message}`)));
  assert.match(unreadable[0].message, /could not be read/);

  const deepTopology = { ...base, 'dubbo-topology.yaml': `${TOPO}x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` };
  const yaml = lintMemory(deepTopology);
  // Said as such, in the user's language: not the engine's "Maximum call stack size exceeded".
  const tooDeep = (ds: Diagnostic[]) => ds.filter((d) => d.file === 'dubbo-topology.yaml' && d.rule === 'topology-syntax').map((d) => d.message);
  assert.ok(tooDeep(yaml).some((m) => m.includes('nested too deeply')), JSON.stringify(tooDeep(yaml)));
  assert.ok(tooDeep(lintMemory(deepTopology, 'zh-cn')).some((m) => m.includes('嵌套过深') && !/stack/i.test(m)), JSON.stringify(tooDeep(lintMemory(deepTopology, 'zh-cn'))));

  // A Spring Boot application.yml 10,000 mappings deep, or as deep in flow style: read, never a failure.
  const boot = { ...base, 'dubbo-topology.yaml': TOPO.replace('properties: [order.properties]', 'properties: [application.yml]') };
  let nested = 'dubbo:\n';
  for (let i = 1; i <= 10_000; i++) nested += `${' '.repeat(i)}k${i}:\n`;
  for (const text of [`${nested}${' '.repeat(10_001)}v: 1\n`, `dubbo: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`]) {
    const ds = lintMemory({ ...boot, 'application.yml': text });
    assert.ok(!ds.some((d) => d.rule === 'file-skipped'), JSON.stringify(ds.filter((d) => d.rule === 'file-skipped').map((d) => d.message)));
  }
});

test('an include cycle is reported once at the include, and the run ends', HANG_GUARD, () => {
  const ds = lintMemory({
    'dubbo-topology.yaml': TOPO,
    'nginx/nginx.conf': 'events {}\nhttp {\n    include a.conf;\n}\n',
    'nginx/a.conf': 'include b.conf;\n',
    'nginx/b.conf': 'include a.conf;\n',
    'order.xml': '<beans/>',
    'order.properties': '',
  });
  const cycle = ds.filter((d) => /cycle|loop|circular/i.test(d.message));
  assert.ok(cycle.length >= 1, JSON.stringify(ds.map((d) => `${d.file} ${d.rule} ${d.message}`)));
  assert.ok(cycle.every((d) => d.file === 'nginx/a.conf' || d.file === 'nginx/b.conf'));
});

test('a symbolic link loop in the workspace is not followed; links to files are listed', HANG_GUARD, () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'nginx/real.conf': 'events {}\n', 'order.xml': '<beans/>', 'order.properties': '' });
  try {
    symlinkSync(dir, join(dir, 'nginx/loop'));
    symlinkSync(join(dir, 'nginx/loop'), join(dir, 'nginx/loop2'));
    symlinkSync('real.conf', join(dir, 'nginx/nginx.conf'));
    symlinkSync('missing.conf', join(dir, 'nginx/dangling.conf'));
    const ws = new NodeWorkspace(dir);
    const files = ws.files();
    assert.deepEqual(
      files.filter((f) => f.startsWith('nginx/')),
      ['nginx/nginx.conf', 'nginx/real.conf'],
    );
    const r = lintDir(dir);
    assert.ok(r.files.includes('nginx/nginx.conf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a named pipe where a config should be: read as no file, without waiting for a writer', { ...HANG_GUARD, skip: process.platform === 'win32' }, () => {
  // Listed in the topology as nginx's config: opening a pipe for reading would block until a writer came.
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'order.xml': '<beans/>', 'order.properties': '' });
  try {
    mkdirSync(join(dir, 'nginx'));
    execFileSync('mkfifo', [join(dir, 'nginx/nginx.conf')]);
    const ws = new NodeWorkspace(dir);
    assert.equal(ws.read('nginx/nginx.conf'), undefined);
    assert.ok(!ws.files().includes('nginx/nginx.conf'), 'not listed as a file');
    const r = lintDir(dir);
    assert.ok(!r.files.includes('nginx/nginx.conf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('binary garbage as a config: skipped as binary, or read with replacement characters; never a crash', HANG_GUARD, () => {
  const rand = prng(11);
  for (let round = 0; round < 20; round++) {
    const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'order.properties': '' });
    try {
      const bytes = Buffer.alloc(4096 + rand.int(0, 60_000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rand.int(0, 255);
      // Half the rounds without NUL bytes, so the analyzers see the decoded garbage.
      if (round % 2 === 1) for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) bytes[i] = 0x20;
      mkdirSync(join(dir, 'nginx'));
      writeFileSync(join(dir, 'nginx/nginx.conf'), bytes);
      writeFileSync(join(dir, 'order.xml'), bytes);
      const r = lintDir(dir);
      for (const f of ['nginx/nginx.conf', 'order.xml']) {
        const got = rules(r.diagnostics, f);
        if (round % 2 === 0) assert.deepEqual(got, ['file-skipped'], `round ${round} ${f}`);
        else {
          assert.ok(got.includes('file-encoding'), `round ${round} ${f}: ${got.join(',')}`);
          assert.ok(!got.includes('file-skipped'), `round ${round} ${f}: the analysis failed`);
        }
      }
      const ws = new NodeWorkspace(dir);
      // A binary file has no text: its file-skipped finding sits at the start.
      const readable = r.diagnostics.filter((d) => ws.read(d.file) !== undefined);
      assert.ok(r.diagnostics.filter((d) => ws.read(d.file) === undefined).every((d) => d.rule === 'file-skipped' && d.range.end.line === 0 && d.range.end.character === 0));
      assertDiagnosticsInside(readable, (f) => ws.read(f));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('a file nginx includes that cannot be read (NUL bytes, too large) is reported as skipped, not passed over in silence', HANG_GUARD, () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'order.properties': '' });
  try {
    // Outside the folders a stray .conf is looked for in: only the include reaches these.
    mkdirSync(join(dir, 'nginx/sites'), { recursive: true });
    writeFileSync(join(dir, 'nginx/nginx.conf'), 'events {}\nhttp {\n    include sites/*.site;\n}\n');
    writeFileSync(join(dir, 'nginx/sites/bin.site'), 'server { listen 8080; location / { proxy_passs x; } }\n# \0\n');
    writeFileSync(join(dir, 'nginx/sites/big.site'), `server { listen 8081; }\n${'# padding\n'.repeat(2000)}`);
    writeFileSync(join(dir, 'nginx/sites/ok.site'), 'server { listen 8082; location / { proxy_passs x; } }\n');
    const r = lintDir(dir, 10_000);
    const of = (f: string) => r.diagnostics.filter((d) => d.file === f).map((d) => `${d.rule} ${d.message}`);
    assert.deepEqual(of('nginx/sites/bin.site'), ['file-skipped Not analyzed: this file holds NUL bytes and looks binary, not a text configuration.']);
    assert.deepEqual(of('nginx/sites/big.site'), ['file-skipped Not analyzed: this file is 0.0 MB, over the 0.0 MB limit (setting dubboTopology.lint.maxFileSizeKb).']);
    assert.match(of('nginx/sites/ok.site').join('\n'), /^nginx-unknown-directive unknown directive "proxy_passs"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CRLF line ends and a UTF-8 BOM give the same findings at the same places, plus the BOM where nginx and Java trip on it', HANG_GUARD, () => {
  const lf = exampleFiles();
  const crlfBom: Record<string, string> = {};
  for (const [f, t] of Object.entries(lf)) crlfBom[f] = t.replace(/\n/g, '\r\n');
  const where = (ds: Diagnostic[]) => ds.map((d) => `${d.file}:${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.rule}`);
  const a = lintMemory(lf);
  assert.ok(a.length > 0, 'the seed has findings');
  const dir = tempWorkspace();
  try {
    for (const [f, t] of Object.entries(crlfBom)) writeFileSync(join(dir, f), `\ufeff${t}`);
    const b = lintDir(dir);
    // nginx reads the mark as part of the first word and stops; Java keeps it in the first key.
    const isBom = (d: Diagnostic) => (d.rule === 'nginx-syntax' && d.message.startsWith('unknown directive "\ufeff')) || (d.rule === 'file-encoding' && d.message.includes('byte order mark'));
    assert.deepEqual(where(b.diagnostics.filter((d) => !isBom(d))), where(a));
    const boms = b.diagnostics.filter(isBom).map((d) => `${d.file} ${d.rule}`);
    // Properties files: only where a key is the first line (a comment there is harmless).
    const kinds = Object.keys(lf).filter((f) => f.endsWith('.conf') || (f.endsWith('.properties') && /^[^#!\s]/.test(lf[f])));
    assert.deepEqual(boms.sort(), kinds.map((f) => `${f} ${f.endsWith('.conf') ? 'nginx-syntax' : 'file-encoding'}`).sort());
    const ws = new NodeWorkspace(dir);
    assertDiagnosticsInside(b.diagnostics, (f) => ws.read(f));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a GBK comment in the seed nginx.conf: file-encoding, and the typo below it is still found', HANG_GUARD, () => {
  const files = exampleFiles();
  const dir = tempWorkspace();
  try {
    // "#华东2服务器走外网" as GBK bytes, in place of the UTF-8 comment of the seed.
    const gbk = Buffer.from([0x23, 0xbb, 0xaa, 0xb6, 0xab, 0x32, 0xb7, 0xfe, 0xce, 0xf1, 0xc6, 0xf7, 0xd7, 0xdf, 0xcd, 0xe2, 0xcd, 0xf8]);
    const [before, after] = files['nginx/nginx.conf'].split('#华东2服务器走外网');
    writeFileSync(join(dir, 'nginx/nginx.conf'), Buffer.concat([Buffer.from(before), gbk, Buffer.from(after)]));
    const r = lintDir(dir);
    const got = r.diagnostics.filter((d) => d.file === 'nginx/nginx.conf');
    const enc = got.filter((d) => d.rule === 'file-encoding');
    assert.equal(enc.length, 1);
    assert.equal(enc[0].range.start.line, before.split('\n').length - 1);
    assert.ok(got.some((d) => d.rule === 'ip-invalid' && d.message.includes('139.159.257.207')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
