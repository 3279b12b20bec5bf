/**
 * The commands remoteCommands.ts registers: lazyCommands.ts stands in for each until the first is run.
 * Kept free of `vscode` so that a unit test can hold it to the commands those modules register.
 */
export const REMOTE_COMMANDS = [
  'dubboTopology.deployService',
  'dubboTopology.deployHost',
  'dubboTopology.deployAll',
  'dubboTopology.showDeployPlan',
  'dubboTopology.rollbackService',
  'dubboTopology.testConnection',
  'dubboTopology.openSshTerminal',
  'dubboTopology.nfs.setUp',
  'dubboTopology.nfs.mount',
  'dubboTopology.nfs.unmount',
  'dubboTopology.nfs.showPlan',
  'dubboTopology.checkRegistry',
  'dubboTopology.showReachabilityPlan',
  'dubboTopology.verifyReachability',
] as const;
