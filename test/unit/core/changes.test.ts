import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeJournal, changedSince, stampOf } from '../../../src/core/changes';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { overlayChanges } from '../../../src/vscode/lintClient';
import { memoryWorkspace } from '../support/context';
import { prng } from '../support/random';

const sorted = (s: ReadonlySet<string> | undefined) => (s ? [...s].sort() : s);

test('ChangeJournal: the files changed since a version; unknown after a change not known file by file', () => {
  const j = new ChangeJournal();
  const v0 = j.version();
  j.noteFile('a');
  const v1 = j.version();
  j.noteFile('b');
  j.noteFile('a');
  assert.deepEqual(sorted(j.since(v0)), ['a', 'b']);
  assert.deepEqual(sorted(j.since(v1)), ['a', 'b'], 'a changed again after v1');
  assert.deepEqual(sorted(j.since(j.version())), []);
  assert.equal(j.since(j.version() + 1), undefined, 'a version not handed out yet');
  j.noteUnknown();
  const v2 = j.version();
  assert.equal(j.since(v1), undefined);
  j.noteFile('c');
  assert.deepEqual(sorted(j.since(v2)), ['c']);
});

test('stamps: changes are told for the workspace stamped only, and not by a workspace without a journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-changes-'));
  try {
    const a = new NodeWorkspace(dir);
    const b = new NodeWorkspace(dir);
    const s = stampOf(a);
    assert.ok(s);
    assert.deepEqual(sorted(changedSince(a, s)), []);
    assert.equal(changedSince(b, s), undefined);
    assert.equal(changedSince(a, undefined), undefined);
    const mem = memoryWorkspace({ 'a.conf': '' });
    assert.equal(stampOf(mem), undefined);
    assert.equal(changedSince(mem, s), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('NodeWorkspace notes every change of a text: buffers replaced, files invalidated; buffers of missing files and listings as unknown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-changes-'));
  try {
    writeFileSync(join(dir, 'a.conf'), 'events {}\n');
    writeFileSync(join(dir, 'b.conf'), 'events {}\n');
    const ws = new NodeWorkspace(dir);
    assert.equal(ws.read('a.conf'), 'events {}\n');
    let at = ws.version();

    // A buffer opened for a file on disk, then typed in: that file.
    const overlay = new Map([['a.conf', 'events {}\n#\n']]);
    ws.setOverlay(overlay);
    assert.deepEqual(sorted(ws.changedSince(at)), ['a.conf']);
    at = ws.version();
    // The same buffers again: nothing.
    ws.setOverlay(new Map(overlay));
    assert.deepEqual(sorted(ws.changedSince(at)), []);

    // The workspace keeps its own copy: a change to the caller's map counts only once handed in.
    overlay.set('a.conf', 'events {}\n##\n');
    assert.equal(ws.read('a.conf'), 'events {}\n#\n');
    assert.deepEqual(sorted(ws.changedSince(at)), []);
    ws.setOverlay(overlay);
    assert.equal(ws.read('a.conf'), 'events {}\n##\n');
    assert.deepEqual(sorted(ws.changedSince(at)), ['a.conf']);
    at = ws.version();

    // The buffer closed: the file reads from disk again.
    ws.setOverlay(new Map());
    assert.deepEqual(sorted(ws.changedSince(at)), ['a.conf']);
    at = ws.version();

    // A change on disk, told by the watcher.
    writeFileSync(join(dir, 'b.conf'), 'http {}\n');
    ws.invalidate('b.conf');
    assert.deepEqual(sorted(ws.changedSince(at)), ['b.conf']);
    at = ws.version();

    // A buffer of a file not on disk is a file created: includes and imports may now find it.
    ws.setOverlay(new Map([['new.conf', 'events {}\n']]));
    assert.equal(ws.changedSince(at), undefined);
    at = ws.version();
    ws.setOverlay(new Map());
    assert.equal(ws.changedSince(at), undefined, 'and its closing a file deleted');
    at = ws.version();

    // A file created or deleted on disk, or everything forgotten.
    ws.invalidate('c.conf', true);
    assert.equal(ws.changedSince(at), undefined);
    at = ws.version();
    ws.invalidate();
    assert.equal(ws.changedSince(at), undefined);
    assert.deepEqual(sorted(ws.changedSince(ws.version())), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('NodeWorkspace.updateOverlay: changes to some buffers, noted as setOverlay notes the whole set', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-changes-'));
  try {
    writeFileSync(join(dir, 'a.conf'), 'events {}\n');
    writeFileSync(join(dir, 'b.conf'), 'events {}\n');
    const ws = new NodeWorkspace(dir, new Map([['b.conf', 'events {}\n#b\n']]));
    let at = ws.version();
    ws.updateOverlay([['a.conf', 'events {}\n#\n']]);
    assert.equal(ws.read('a.conf'), 'events {}\n#\n');
    assert.equal(ws.read('b.conf'), 'events {}\n#b\n', 'the other buffer stays');
    assert.deepEqual(sorted(ws.changedSince(at)), ['a.conf']);
    at = ws.version();
    // The same text again, and the closing of a buffer that is not open: nothing.
    ws.updateOverlay([
      ['a.conf', 'events {}\n#\n'],
      ['c.conf', null],
    ]);
    assert.deepEqual(sorted(ws.changedSince(at)), []);
    // Closed: the file reads from disk again.
    ws.updateOverlay([['b.conf', null]]);
    assert.equal(ws.read('b.conf'), 'events {}\n');
    assert.deepEqual(sorted(ws.changedSince(at)), ['b.conf']);
    at = ws.version();
    // A buffer of a file not on disk, opened and closed: a file created, then deleted.
    ws.updateOverlay([['new.conf', 'events {}\n']]);
    assert.equal(ws.read('new.conf'), 'events {}\n');
    assert.equal(ws.changedSince(at), undefined);
    at = ws.version();
    ws.updateOverlay([['new.conf', null]]);
    assert.equal(ws.read('new.conf'), undefined);
    assert.equal(ws.changedSince(at), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('overlayChanges then updateOverlay gives what setOverlay gives: the same texts, the same changes noted (random sequences)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-changes-'));
  try {
    const names = ['a.conf', 'b.conf', 'c.conf', 'd.xml', 'new1.conf', 'new2.xml'];
    for (const f of names.slice(0, 4)) writeFileSync(join(dir, f), `# ${f}\n`);
    const runs = Number(process.env.FUZZ_RUNS) || 2000;
    const seed = Number(process.env.FUZZ_SEED) || 20261201;
    const r = prng(seed);
    const whole = new NodeWorkspace(dir);
    const delta = new NodeWorkspace(dir);
    let from = new Map<string, string>();
    for (let i = 0; i < runs; i++) {
      const to = new Map(from);
      for (const f of names) {
        const roll = r.int(0, 9);
        if (roll === 0) to.delete(f);
        else if (roll === 1) to.set(f, `# ${f}\n`); // the text on disk, or a buffer of a new file
        else if (roll === 2) to.set(f, `# ${f} ${r.int(0, 3)}\n`);
      }
      const atWhole = whole.version();
      const atDelta = delta.version();
      whole.setOverlay(to);
      delta.updateOverlay(overlayChanges(from, to));
      const context = `step ${i} (FUZZ_SEED=${seed})`;
      for (const f of names) assert.equal(delta.read(f), whole.read(f), `${context}: ${f}`);
      assert.deepEqual(sorted(delta.changedSince(atDelta)), sorted(whole.changedSince(atWhole)), context);
      from = to;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
