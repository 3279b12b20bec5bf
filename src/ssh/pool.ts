/**
 * One connection per SSH target, shared by every caller (deploy steps, NFS commands, connection
 * tests) and by the topology hosts that have that target. Each host gets its own session of it, so
 * messages name the host asked for; a failure to connect is told of each host too. Jump hosts come
 * from the same pool. A connection that drops is forgotten and reopened on demand.
 */
import type { ConnectTarget } from './types';
import { connect, type ConnectOptions, type SshSession } from './connection';
import { errorForHost } from './errors';

function keyOf(t: ConnectTarget): string {
  const own = `${t.username}@${t.host}:${t.port}`;
  return t.via ? `${own}<${keyOf(t.via)}` : own;
}

export class SshPool {
  /** By target: the connection and the host it was opened for. */
  private readonly sessions = new Map<string, { p: Promise<SshSession>; hostId: string }>();

  constructor(private readonly opts: Omit<ConnectOptions, 'signal' | 'connectVia'>) {}

  get(target: ConnectTarget, signal?: AbortSignal): Promise<SshSession> {
    const key = keyOf(target);
    const existing = this.sessions.get(key);
    if (existing) return existing.hostId === target.hostId ? existing.p : this.asHost(existing, target.hostId);
    const p = connect(target, {
      ...this.opts,
      signal,
      connectVia: (via, s) => this.get(via, s),
    });
    const entry = { p, hostId: target.hostId };
    this.sessions.set(key, entry);
    p.then(
      (s) => s.onClose(() => {
        if (this.sessions.get(key) === entry) this.sessions.delete(key);
      }),
      () => {
        if (this.sessions.get(key) === entry) this.sessions.delete(key);
      },
    );
    return p;
  }

  /** The connection opened for another host with the same target, as `hostId`'s session or error. */
  private asHost(entry: { p: Promise<SshSession>; hostId: string }, hostId: string): Promise<SshSession> {
    return entry.p.then(
      (s) => s.forHost(hostId),
      (e: unknown) => {
        throw errorForHost(e, entry.hostId, hostId);
      },
    );
  }

  /** Closes and forgets the connection of a target, if any. */
  async drop(target: ConnectTarget): Promise<void> {
    const key = keyOf(target);
    const entry = this.sessions.get(key);
    this.sessions.delete(key);
    if (entry) (await entry.p.catch(() => undefined))?.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const { p } of all) (await p.catch(() => undefined))?.close();
  }
}
