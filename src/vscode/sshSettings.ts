import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';

/** The `dubboTopology.ssh.*` settings, with paths made absolute. Shared by deploy and NFS commands. */
export interface SshSettings {
  configFile: string;
  knownHostsFile: string;
  connectTimeoutMs: number;
}

/** `~` and paths relative to the topology folder, made absolute. */
export function expandPath(p: string, root: string | undefined): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  if (!isAbsolute(p) && root) return join(root, p);
  return p;
}

export function sshSettings(root: string | undefined): SshSettings {
  const c = vscode.workspace.getConfiguration('dubboTopology.ssh');
  return {
    configFile: expandPath(c.get<string>('configFile') || '~/.ssh/config', root),
    knownHostsFile: expandPath(c.get<string>('knownHostsFile') || '~/.ssh/known_hosts', root),
    connectTimeoutMs: Math.max(1, c.get<number>('connectTimeout') ?? 15) * 1000,
  };
}

/** The local user name, the default SSH user. */
export function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}
