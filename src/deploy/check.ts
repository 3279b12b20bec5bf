/**
 * "Test Connection" for one host: reachable, authenticated, host key known (or just trusted),
 * sudo available, free disk space where the host's services deploy.
 */
import type { Topology } from '../core/topology/model';
import type { MessageRef } from '../core/types';
import { SshError } from '../ssh/errors';
import type { SshSession } from '../ssh/connection';
import { planDeploy } from './plan';
import { shQuote } from '../ssh/quote';

export interface ConnectionCheck {
  hostId: string;
  reachable: boolean;
  authenticated: boolean;
  /** known = already in known_hosts; accepted = trusted just now; changed/rejected/revoked = refused. */
  hostKey: 'known' | 'accepted' | 'changed' | 'rejected' | 'revoked' | 'unchecked';
  fingerprint?: string;
  /** root = logged in as root; passwordless = `sudo -n` works; password = sudo asks; none = no sudo. */
  sudo?: 'root' | 'passwordless' | 'password' | 'none';
  /** Free space at the deploy directories (or the home directory). */
  disk: { path: string; availableKb: number; usePercent: number }[];
  /** `message` is English; `ref`, when set, tells the same in any language (`sshText`). */
  error?: { code: string; message: string; ref?: MessageRef };
  durationMs: number;
}

/** Remote directories worth checking: the deploy dirs of the host's services, else `.` (home). */
export function checkPaths(topology: Topology, hostId: string, root: string): string[] {
  const plan = planDeploy(topology, { host: hostId }, root);
  const dirs = new Set<string>();
  for (const sp of plan.services) for (const hp of sp.batches.flat()) if (hp.dir) dirs.add(hp.dir);
  return dirs.size ? [...dirs] : ['.'];
}

/** The shell snippet that prints `path<TAB>available-KB<TAB>use%` for the nearest existing ancestor. */
export function diskCommand(paths: string[]): string {
  return paths
    .map(
      (p) =>
        `p=${shQuote(p)}; while [ ! -e "$p" ] && [ "$p" != / ] && [ "$p" != . ]; do p=$(dirname "$p"); done; df -Pk "$p" | awk -v want=${shQuote(p)} 'NR==2 { sub("%", "", $5); print want "\\t" $4 "\\t" $5 }'`,
    )
    .join('; ');
}

export async function checkConnection(hostId: string, open: () => Promise<SshSession>, paths: string[]): Promise<ConnectionCheck> {
  const t0 = Date.now();
  const result: ConnectionCheck = { hostId, reachable: false, authenticated: false, hostKey: 'unchecked', disk: [], durationMs: 0 };
  let s: SshSession;
  try {
    s = await open();
  } catch (e) {
    if (e instanceof SshError) {
      result.error = { code: e.code, message: e.message, ...(e.ref ? { ref: e.ref } : {}) };
      result.reachable = !['connect-failed', 'connect-timeout', 'target', 'aborted'].includes(e.code);
      if (e.code === 'host-key-changed') result.hostKey = 'changed';
      else if (e.code === 'host-key-rejected') result.hostKey = 'rejected';
      else if (e.code === 'host-key-revoked') result.hostKey = 'revoked';
      else if (e.code === 'auth-failed') result.hostKey = 'known';
      if (typeof e.data.fingerprint === 'string') result.fingerprint = e.data.fingerprint;
    } else {
      result.error = { code: 'error', message: (e as Error).message };
    }
    result.durationMs = Date.now() - t0;
    return result;
  }
  result.reachable = true;
  result.authenticated = true;
  result.hostKey = s.hostKeyStatus;
  result.fingerprint = s.hostKeyFingerprint;
  try {
    const sudo = await s.exec(
      `if [ "$(id -u)" = 0 ]; then echo root; elif ! command -v sudo >/dev/null 2>&1; then echo none; elif sudo -n true 2>/dev/null; then echo passwordless; else echo password; fi`,
      { timeoutMs: 15000 },
    );
    const v = sudo.stdout.trim();
    if (v === 'root' || v === 'passwordless' || v === 'password' || v === 'none') result.sudo = v;
    const df = await s.exec(diskCommand(paths), { timeoutMs: 15000 });
    for (const line of df.stdout.split('\n')) {
      const [path, avail, use] = line.split('\t');
      if (path && avail && /^\d+$/.test(avail)) result.disk.push({ path, availableKb: Number(avail), usePercent: Number(use) || 0 });
    }
  } catch (e) {
    result.error = { code: e instanceof SshError ? e.code : 'error', message: (e as Error).message, ...(e instanceof SshError && e.ref ? { ref: e.ref } : {}) };
  }
  result.durationMs = Date.now() - t0;
  return result;
}
