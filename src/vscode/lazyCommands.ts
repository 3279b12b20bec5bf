import * as vscode from 'vscode';
import type { PlanDocuments } from './planDocuments';
import type * as RemoteCommands from './remoteCommands';
import { REMOTE_COMMANDS } from './remoteCommandIds';
import type { TopologyState } from './state';


/**
 * Registers stand-ins for the remote commands. The first one run loads their bundle
 * (dist/remoteCommands.js), hands the command names over to the real commands, and runs the real
 * one with the same arguments; every later call goes to the real commands directly.
 */
export function registerRemoteCommandsLazily(context: vscode.ExtensionContext, state: TopologyState, plans: PlanDocuments): void {
  let loaded = false;
  const standIns: vscode.Disposable[] = [];
  const load = () => {
    if (loaded) return;
    loaded = true;
    for (const d of standIns) d.dispose();
    // Resolved to dist/remoteCommands.js by the build (scripts/build.mjs), on first use only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const remote = require('./remoteCommands') as typeof RemoteCommands;
    remote.registerRemoteCommands(context, state, plans);
  };
  for (const id of REMOTE_COMMANDS) {
    standIns.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        load();
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  }
  context.subscriptions.push(...standIns);
}
