import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Topology } from '../../src/core/topology/model';
import { topologyForCommand, type TopologyState } from '../../src/vscode/state';

/** A state whose first analysis ends when `finish` is called, as right after activation. */
function pendingState(found: Topology | undefined): { state: TopologyState; finish: () => void } {
  let topology: Topology | undefined;
  let root: vscode.Uri | undefined;
  let finish = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    finish = () => {
      topology = found;
      root = found ? vscode.Uri.file('/ws') : undefined;
      resolve();
    };
  });
  const state: TopologyState = {
    get root() {
      return root;
    },
    get topology() {
      return topology;
    },
    diagnostics: [],
    onDidChange: new vscode.EventEmitter<void>().event,
    uri: (file) => vscode.Uri.file(`/ws/${file}`),
    analyzed: () => done,
  };
  return { state, finish };
}

suite('Commands run before the first analysis ends', () => {
  test('wait for it and get the topology it finds', async () => {
    const found = { hosts: [], services: [], shares: [] } as unknown as Topology;
    const { state, finish } = pendingState(found);
    let settled = false;
    const got = topologyForCommand(state).then((t) => ((settled = true), t));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, false, 'answered before the analysis ended');
    finish();
    assert.equal(await got, found);
  });

  test('get nothing when the analysis finds no topology', async () => {
    const { state, finish } = pendingState(undefined);
    finish();
    assert.equal(await topologyForCommand(state), undefined);
  });
});
