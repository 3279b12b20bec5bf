/**
 * The share's managed block in /etc/fstab on a client: one `server:/path mountpoint nfs options 0 0`
 * line with `_netdev,nofail`, so boot neither waits for the network too early nor hangs when the
 * server is away. Pure functions on text, and on the file's bytes for the commands that rewrite it
 * (see managedBlock.ts).
 */
import { posix } from 'node:path';
import {
  blockLineRange,
  readBlock,
  removeBlock,
  removeBlockBytes,
  upsertBlock,
  upsertBlockBytes,
  type BlockBytesResult,
  type BlockResult,
} from './managedBlock';

export interface MountSpec {
  shareId: string;
  /** Address the client reaches the server by. */
  server: string;
  /** Exported directory on the server. */
  path: string;
  mountPoint: string;
  /** The share's `mountOptions`. */
  options: readonly string[];
}

/** fstab field escaping (getmntent): space, tab, newline and backslash as `\ooo`. */
export function escapeFstabField(s: string): string {
  return s.replace(/[ \t\n\\]/g, (ch) => '\\' + ch.charCodeAt(0).toString(8).padStart(3, '0'));
}

/** Reverses `escapeFstabField`: any `\ooo` octal escape, as getmntent reads it. */
export function unescapeFstabField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_all, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** `server:/path`, with brackets around an IPv6 server. */
export function nfsSource(server: string, path: string): string {
  return `${server.includes(':') ? `[${server}]` : server}:${path}`;
}

/** Mount options for fstab: the share's (or `defaults`), plus `_netdev` and `nofail`. */
export function fstabOptions(options: readonly string[]): string[] {
  const out = options.length > 0 ? [...options] : ['defaults'];
  for (const o of ['_netdev', 'nofail']) if (!out.includes(o)) out.push(o);
  return out;
}

export function fstabLine(spec: MountSpec): string {
  return [
    escapeFstabField(nfsSource(spec.server, spec.path)),
    escapeFstabField(spec.mountPoint),
    'nfs',
    fstabOptions(spec.options).join(','),
    '0',
    '0',
  ].join(' ');
}

export function upsertFstab(text: string, spec: MountSpec): BlockResult {
  return upsertBlock(text, spec.shareId, [fstabLine(spec)]);
}

export function removeFstab(text: string, shareId: string): BlockResult {
  return removeBlock(text, shareId);
}

/** `upsertFstab` on the file's bytes: every byte outside the block is kept, whatever its encoding. */
export function upsertFstabBytes(file: Buffer, spec: MountSpec): BlockBytesResult {
  return upsertBlockBytes(file, spec.shareId, [fstabLine(spec)]);
}

export function removeFstabBytes(file: Buffer, shareId: string): BlockBytesResult {
  return removeBlockBytes(file, shareId);
}

export function readFstabBlock(text: string, shareId: string): string[] | undefined {
  return readBlock(text, shareId);
}

/** A mount point compared as the kernel sees it: `/mnt/x/` and `/mnt//x` are `/mnt/x`. */
function samePath(a: string, b: string): boolean {
  const n = (p: string) => posix.normalize(p).replace(/(.)\/+$/, '$1');
  return n(a) === n(b);
}

/**
 * Lines outside the share's block that mount something at `mountPoint` (comments and blank lines
 * aside): 1-based line number and the line as written. Two entries for one mount point make
 * `mount -a` mount twice or fail at boot, so the share's line is not added next to one.
 */
export function otherFstabEntries(text: string, mountPoint: string, shareId: string): { line: number; text: string }[] {
  const own = blockLineRange(text, shareId);
  const out: { line: number; text: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (own && i >= own.first && i <= own.last) return;
    const line = raw.replace(/\r$/, '');
    const fields = line.trim().split(/[ \t]+/);
    if (fields.length < 2 || fields[0].startsWith('#')) return;
    if (samePath(unescapeFstabField(fields[1]), mountPoint)) out.push({ line: i + 1, text: line.trim() });
  });
  return out;
}
