import type * as vscode from 'vscode';
import { registerDeployCommands } from './deployCommands';
import { registerNfsCommands } from './nfsCommands';
import type { PlanDocuments } from './planDocuments';
import { registerReachCommands } from './reachCommands';
import { registerRegistryCommands } from './registryCommands';
import type { TopologyState } from './state';

/**
 * The commands that work on remote hosts — deploy and roll back, NFS, the registry check and the
 * reachability check — with their engines and SSH. The extension builds them into a bundle of their
 * own (dist/remoteCommands.js) that the first of these commands to run loads (lazyCommands.ts), so
 * activation neither reads nor evaluates them.
 */
export function registerRemoteCommands(context: vscode.ExtensionContext, state: TopologyState, plans: PlanDocuments): void {
  registerDeployCommands(context, state, plans);
  registerNfsCommands(context, state, plans);
  registerRegistryCommands(context, state, plans);
  registerReachCommands(context, state, plans);
}
