import type { Host } from '../topology/model';
import type { MessageRef } from '../types';

/**
 * How the members of a ZooKeeper registry stand, from ZooKeeper's `srvr` four-letter command (the
 * one command ZooKeeper 3.5+ answers without configuration): each member's mode, and whether the
 * ensemble has a quorum. Pure: the replies come in as data (registry/inspect.ts asks for them).
 */

export type MemberMode =
  /** Members of a serving ensemble. */
  | 'leader'
  | 'follower'
  | 'observer'
  /** A single server, not part of an ensemble. */
  | 'standalone'
  /** Running, but without a quorum: "This ZooKeeper instance is not currently serving requests". */
  | 'not-serving'
  /** `srvr` is left out of the member's `4lw.commands.whitelist`. */
  | 'not-allowed'
  /** Nothing answered at any address tried. */
  | 'unreachable'
  /** An answer `srvr` does not give. */
  | 'unknown';

export interface MemberStatus {
  host: Host;
  mode: MemberMode;
  /** `host:port` that answered (or the last one tried). */
  address?: string;
  /** The SSH host the connection went through. */
  via?: string;
  /** The unexpected answer (`unknown`), as it came. */
  detail?: string;
  /** Why it is `unreachable`: each address tried and how it failed (none: there was no address to try). */
  attempts?: MemberAttempt[];
}

/** One address a member was asked at, and the error it gave. */
export interface MemberAttempt {
  /** `host:port`. */
  address: string;
  /** The SSH host the connection went through. */
  via?: string;
  /** The error's English message. */
  error: string;
  /** What the error says, to localize (`sshMessages`); absent for what the system or the server said. */
  ref?: MessageRef;
}

export interface EnsembleReport {
  members: MemberStatus[];
  /**
   * `ok`: every member serves, with one leader (or a single standalone server); `degraded`: the
   * ensemble serves, but some members do not; `down`: no member serves; `unknown`: no member's mode
   * could be read.
   */
  verdict: 'ok' | 'degraded' | 'down' | 'unknown';
}

/** The mode a `srvr` reply states. */
export function modeOfSrvr(reply: string): MemberMode {
  if (/not currently serving requests/.test(reply)) return 'not-serving';
  if (/is not executed because it is not in the whitelist/.test(reply)) return 'not-allowed';
  const m = /^Mode: (\S+)/m.exec(reply);
  switch (m?.[1]) {
    case 'leader':
    case 'follower':
    case 'observer':
    case 'standalone':
      return m[1];
    default:
      return 'unknown';
  }
}

const SERVING = new Set<MemberMode>(['leader', 'follower', 'observer', 'standalone']);

export function isServing(mode: MemberMode): boolean {
  return SERVING.has(mode);
}

export function judgeEnsemble(members: MemberStatus[]): EnsembleReport {
  const known = members.filter((m) => m.mode !== 'not-allowed' && m.mode !== 'unknown');
  const serving = members.filter((m) => isServing(m.mode));
  let verdict: EnsembleReport['verdict'];
  if (known.length === 0) verdict = 'unknown';
  else if (serving.length === 0) verdict = 'down';
  else if (serving.length === members.length) verdict = 'ok';
  else verdict = 'degraded';
  return { members, verdict };
}
