/**
 * Sessions by topology host id: the host's connect target (SSH target rules + SSH config) opened
 * through a shared pool, so every feature reuses one connection per host.
 */
import type { Topology } from '../core/topology/model';
import { sshError } from './errors';
import type { SshPool } from './pool';
import type { SshSession } from './connection';
import { resolveTarget, type TargetEnv } from './target';

export type HostSessionProvider = (hostId: string, signal?: AbortSignal) => Promise<SshSession>;

export function hostSessions(topology: Topology, pool: SshPool, env: TargetEnv): HostSessionProvider {
  return (hostId, signal) => {
    const r = resolveTarget(topology, hostId, env);
    if (r.error) return Promise.reject(sshError('target', `target/${r.error.code}`, { ...r.error.data, host: r.error.data.host ?? hostId }));
    return pool.get(r.target, signal);
  };
}
