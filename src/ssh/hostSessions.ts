/**
 * Sessions by topology host id: the host's connect target (SSH target rules + SSH config) opened
 * through a shared pool, so every feature reuses one connection per host.
 */
import type { Topology } from '../core/topology/model';
import { SshError } from './errors';
import type { SshPool } from './pool';
import type { SshSession } from './connection';
import { resolveTarget, type TargetEnv } from './target';

export type HostSessionProvider = (hostId: string, signal?: AbortSignal) => Promise<SshSession>;

export function hostSessions(topology: Topology, pool: SshPool, env: TargetEnv): HostSessionProvider {
  return (hostId, signal) => {
    const r = resolveTarget(topology, hostId, env);
    if (r.error) return Promise.reject(new SshError('target', hostId, r.error.message, r.error.data));
    return pool.get(r.target, signal);
  };
}
