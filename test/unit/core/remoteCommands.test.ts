import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REMOTE_COMMANDS } from '../../../src/vscode/remoteCommandIds';
import { repoRoot } from '../support/context';

// The remote commands are registered by a bundle loaded on first use (src/vscode/lazyCommands.ts):
// a command missing from REMOTE_COMMANDS would not exist until another of them had run.

const MODULES = ['deployCommands', 'nfsCommands', 'registryCommands', 'reachCommands'];

function registeredIn(file: string): string[] {
  const text = readFileSync(join(repoRoot, 'src/vscode', `${file}.ts`), 'utf8');
  return [...text.matchAll(/register(?:Command)?\(\s*'(dubboTopology\.[\w.]+)'/g)].map((m) => m[1]);
}

test('remote commands: the stand-ins are exactly the commands the remote modules register, each contributed by the manifest', () => {
  const registered = MODULES.flatMap(registeredIn);
  assert.ok(registered.length >= 10, registered.join(', '));
  assert.deepEqual([...new Set(registered)].sort(), [...REMOTE_COMMANDS].sort());
  const contributed = new Set((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).contributes.commands as { command: string }[]).map((c) => c.command));
  for (const id of REMOTE_COMMANDS) assert.ok(contributed.has(id), id);
  // No other module registers one of them (it would clash with the stand-in at activation).
  const others = ['extension', 'tree', 'diagramPanel', 'codeActions', 'navigation', 'planDocuments', 'selectTopology', 'createTopology'].filter((f) => existsSync(join(repoRoot, 'src/vscode', `${f}.ts`)));
  for (const f of others) for (const id of registeredIn(f)) assert.ok(!REMOTE_COMMANDS.includes(id as (typeof REMOTE_COMMANDS)[number]), `${f} registers ${id}`);
});

test('remote commands: the extension bundle leaves them to their own bundle', () => {
  // npm test builds the bundles before the unit tests run.
  const extension = join(repoRoot, 'dist/extension.js');
  assert.ok(existsSync(extension), 'dist/extension.js: run node scripts/build.mjs');
  const text = readFileSync(extension, 'utf8');
  assert.match(text, /require\("\.\/remoteCommands\.js"\)/);
  assert.ok(existsSync(join(repoRoot, 'dist/remoteCommands.js')));
  // The deploy engine's own words are not in it.
  assert.doesNotMatch(text, /Dubbo Topology Deploy/);
});
