/**
 * One connection per host, shared by every caller (deploy steps, NFS commands, connection tests).
 * Jump hosts come from the same pool. A connection that drops is forgotten and reopened on demand.
 */
import type { ConnectTarget } from './types';
import { connect, type ConnectOptions, type SshSession } from './connection';

function keyOf(t: ConnectTarget): string {
  const own = `${t.username}@${t.host}:${t.port}`;
  return t.via ? `${own}<${keyOf(t.via)}` : own;
}

export class SshPool {
  private readonly sessions = new Map<string, Promise<SshSession>>();

  constructor(private readonly opts: Omit<ConnectOptions, 'signal' | 'connectVia'>) {}

  get(target: ConnectTarget, signal?: AbortSignal): Promise<SshSession> {
    const key = keyOf(target);
    const existing = this.sessions.get(key);
    if (existing) return existing;
    const p = connect(target, {
      ...this.opts,
      signal,
      connectVia: (via, s) => this.get(via, s),
    });
    this.sessions.set(key, p);
    p.then(
      (s) => s.onClose(() => {
        if (this.sessions.get(key) === p) this.sessions.delete(key);
      }),
      () => {
        if (this.sessions.get(key) === p) this.sessions.delete(key);
      },
    );
    return p;
  }

  /** Closes and forgets the connection of a target, if any. */
  async drop(target: ConnectTarget): Promise<void> {
    const key = keyOf(target);
    const p = this.sessions.get(key);
    this.sessions.delete(key);
    if (p) (await p.catch(() => undefined))?.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const p of all) (await p.catch(() => undefined))?.close();
  }
}
