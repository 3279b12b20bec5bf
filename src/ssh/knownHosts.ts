/**
 * OpenSSH known_hosts files: parsing (plain, wildcard, negated and hashed `|1|salt|hash` host
 * fields, `@revoked` / `@cert-authority` markers), checking a presented host key, and appending.
 */
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface KnownHostEntry {
  marker?: 'revoked' | 'cert-authority';
  hosts: string;
  keyType: string;
  /** Base64 key blob. */
  key: string;
  file: string;
  /** 1-based line number. */
  line: number;
}

export function parseKnownHosts(text: string, file = ''): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw || raw.startsWith('#')) continue;
    const parts = raw.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (parts[0].startsWith('@')) {
      const m = parts.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue;
    }
    if (parts.length < 3) continue;
    out.push({ marker, hosts: parts[0], keyType: parts[1], key: parts[2], file, line: i + 1 });
  }
  return out;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  // ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const digest = createHmac('sha1', salt).update(name).digest('base64');
  return digest === parts[3];
}

/** Whether a known_hosts host field (comma-separated patterns or one hashed name) matches `name`. */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatches(field, name);
  let matched = false;
  for (const p of field.split(',')) {
    if (!p) continue;
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(name)) return false;
    } else if (globToRegExp(p).test(name)) {
      matched = true;
    }
  }
  return matched;
}

/** The algorithm name inside an SSH public key blob (its first string). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** `SHA256:` + unpadded base64, as `ssh-keygen -l` prints it. */
export function fingerprintSha256(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'unknown'; otherTypes: string[] }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry };

/**
 * Judges a presented key against known entries for `name` (`host` or `[host]:port`):
 * revoked beats everything; a matching key is known; a different key of the same type is a change;
 * no key of that type is unknown (other known types are listed).
 */
export function checkHostKey(entries: KnownHostEntry[], name: string, blob: Buffer): HostKeyVerdict {
  const keyB64 = blob.toString('base64');
  const keyType = keyTypeOfBlob(blob);
  for (const e of entries) {
    if (e.marker === 'revoked' && e.key === keyB64) return { status: 'revoked', entry: e };
  }
  let changed: KnownHostEntry | undefined;
  const otherTypes = new Set<string>();
  for (const e of entries) {
    if (e.marker) continue;
    if (!hostFieldMatches(e.hosts, name)) continue;
    if (e.keyType === keyType) {
      if (e.key === keyB64) return { status: 'known', entry: e };
      changed ??= e;
    } else {
      otherTypes.add(e.keyType);
    }
  }
  if (changed) return { status: 'changed', entry: changed };
  return { status: 'unknown', otherTypes: [...otherTypes] };
}

/** Key types known for `name`, to prefer them in the key exchange. */
export function knownKeyTypes(entries: KnownHostEntry[], name: string): string[] {
  const s = new Set<string>();
  for (const e of entries) if (!e.marker && hostFieldMatches(e.hosts, name)) s.add(e.keyType);
  return [...s];
}

/** `[host]:port` for a non-default port, else `host` — the name OpenSSH stores. */
export function knownHostsNameFor(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function readKnownHostsFiles(files: string[]): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const f of files) {
    if (!existsSync(f)) continue;
    try {
      out.push(...parseKnownHosts(readFileSync(f, 'utf8'), f));
    } catch {
      // unreadable file: treated as empty
    }
  }
  return out;
}

export function appendKnownHost(file: string, name: string, blob: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    if (text.length && !text.endsWith('\n')) prefix = '\n';
  }
  appendFileSync(file, `${prefix}${name} ${keyTypeOfBlob(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}
