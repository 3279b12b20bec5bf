import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { Topology } from '../core/topology/model';
import { loadSshConfig } from '../ssh/config';
import { hostSessions, type HostSessionProvider } from '../ssh/hostSessions';
import { SshPool } from '../ssh/pool';
import type { TargetEnv } from '../ssh/target';
import type { Prompter } from '../ssh/types';
import { localUser, sshSettings, type SshSettings } from './sshSettings';

/**
 * SSH sessions to topology hosts for a group of commands: one pool, made from the
 * `dubboTopology.ssh.*` settings and dropped when they change, host keys and secrets asked through
 * the prompter.
 */
export class SshSessionSource implements vscode.Disposable {
  private pool: SshPool | undefined;
  private poolKey = '';
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly prompter: Prompter,
    private readonly log: (line: string) => void,
    private readonly root: () => string | undefined,
  ) {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dubboTopology.ssh')) this.reset();
    });
  }

  settings(): SshSettings {
    return sshSettings(this.root());
  }

  /** How host ids become SSH targets: the SSH config, home, user and agent of this machine. */
  targetEnv(s: SshSettings = this.settings()): TargetEnv {
    return {
      sshConfig: loadSshConfig(s.configFile, homedir()),
      home: homedir(),
      localUser: localUser(),
      agentSocket: process.env.SSH_AUTH_SOCK,
      baseDir: this.root(),
    };
  }

  /** A pool of its own with another known_hosts file (sandboxed runs); the caller closes it. */
  ownPool(knownHostsFile: string): SshPool {
    return new SshPool({ prompter: this.prompter, knownHostsFile, timeouts: { connectMs: this.settings().connectTimeoutMs }, log: this.log });
  }

  /** Sessions by host id, from the shared pool unless `own` is given. */
  sessions(topology: Topology, own?: SshPool): HostSessionProvider {
    const s = this.settings();
    const key = `${s.knownHostsFile}|${s.connectTimeoutMs}`;
    if (!own && (!this.pool || key !== this.poolKey)) {
      void this.pool?.closeAll();
      this.pool = new SshPool({ prompter: this.prompter, knownHostsFile: s.knownHostsFile, timeouts: { connectMs: s.connectTimeoutMs }, log: this.log });
      this.poolKey = key;
    }
    return hostSessions(topology, own ?? this.pool!, this.targetEnv(s));
  }

  reset(): void {
    void this.pool?.closeAll();
    this.pool = undefined;
  }

  dispose(): void {
    this.listener.dispose();
    this.reset();
  }
}
