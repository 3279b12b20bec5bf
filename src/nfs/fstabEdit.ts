/**
 * The share's managed block in /etc/fstab on a client: one `server:/path mountpoint nfs options 0 0`
 * line with `_netdev,nofail`, so boot neither waits for the network too early nor hangs when the
 * server is away. Pure functions on text, and on the file's bytes for the commands that rewrite it
 * (see managedBlock.ts).
 */
import { readBlock, removeBlock, removeBlockBytes, upsertBlock, upsertBlockBytes, type BlockBytesResult, type BlockResult } from './managedBlock';

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
