/**
 * The subset of OpenSSH client configuration (`~/.ssh/config`) the SSH layer honours:
 * `Host` blocks with wildcard and negated patterns, `Match all`, `Include`, and the keywords
 * HostName, User, Port, IdentityFile, IdentityAgent, ProxyJump. First value wins (as in ssh);
 * IdentityFile accumulates.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';

export interface SshConfigBlock {
  /** Host patterns; undefined for the lines before the first Host/Match (apply to all). */
  patterns?: string[];
  /** A `Match` block other than `Match all`: never applied. */
  unsupportedMatch?: boolean;
  /** Patterns of the enclosing Host block when this block came from an Include inside it. */
  within?: string[];
  options: { keyword: string; args: string[]; file: string; line: number }[];
}

export interface SshConfig {
  file: string;
  blocks: SshConfigBlock[];
}

export interface ResolvedSshHost {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  identityAgent?: string;
  proxyJump?: string;
}

function tokenize(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    if (line[i] === '#') break;
    let tok = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') tok += line[i++];
      i++;
    } else {
      while (i < line.length && !/\s/.test(line[i])) tok += line[i++];
    }
    out.push(tok);
  }
  return out;
}

function splitKeyword(line: string): { keyword: string; rest: string } | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(line);
  if (!m) return undefined;
  return { keyword: m[1].toLowerCase(), rest: m[2] };
}

export interface ParseSshConfigOptions {
  file: string;
  home: string;
  /** Reads included files; default fs. */
  readFile?(path: string): string | undefined;
  listDir?(path: string): string[];
}

function defaultRead(p: string): string | undefined {
  try {
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function defaultList(p: string): string[] {
  try {
    return readdirSync(p);
  } catch {
    return [];
  }
}

export function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return p;
}

function globRe(pattern: string): RegExp {
  return new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
}

/** Parses a config text (and its Includes, resolved relative to ~/.ssh). */
export function parseSshConfig(text: string, opts: ParseSshConfigOptions, depth = 0): SshConfig {
  const read = opts.readFile ?? defaultRead;
  const list = opts.listDir ?? defaultList;
  const blocks: SshConfigBlock[] = [{ options: [] }];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const kv = splitKeyword(lines[n]);
    if (!kv) continue;
    const args = tokenize(kv.rest);
    if (kv.keyword === 'host') {
      blocks.push({ patterns: args, options: [] });
    } else if (kv.keyword === 'match') {
      const all = args.length === 1 && args[0].toLowerCase() === 'all';
      blocks.push(all ? { patterns: ['*'], options: [] } : { unsupportedMatch: true, options: [] });
    } else if (kv.keyword === 'include' && depth < 8) {
      const current = blocks[blocks.length - 1];
      for (const arg of args) {
        const abs = isAbsolute(expandHome(arg, opts.home)) ? expandHome(arg, opts.home) : join(opts.home, '.ssh', arg);
        const files = /[*?]/.test(basename(abs))
          ? list(dirname(abs)).filter((f) => globRe(basename(abs)).test(f)).sort().map((f) => join(dirname(abs), f))
          : [abs];
        for (const f of files) {
          const t = read(f);
          if (t === undefined) continue;
          const inc = parseSshConfig(t, { ...opts, file: f }, depth + 1);
          // An Include inside a Host block applies only under that block's patterns.
          for (const b of inc.blocks) {
            if (b.options.length === 0) continue;
            if (current.patterns === undefined && !current.unsupportedMatch) blocks.push(b);
            else if (current.unsupportedMatch || b.unsupportedMatch) blocks.push({ unsupportedMatch: true, options: b.options });
            else blocks.push({ patterns: b.patterns ?? current.patterns, within: b.patterns ? current.patterns : undefined, options: b.options });
          }
        }
      }
      blocks.push({ patterns: current.patterns, unsupportedMatch: current.unsupportedMatch, options: [] });
    } else {
      blocks[blocks.length - 1].options.push({ keyword: kv.keyword, args, file: opts.file, line: n + 1 });
    }
  }
  return { file: opts.file, blocks };
}

function blockMatches(b: SshConfigBlock, alias: string): boolean {
  if (b.unsupportedMatch) return false;
  if (!b.patterns) return true;
  const ok = (patterns: string[]) => {
    let hit = false;
    for (const p of patterns) {
      if (p.startsWith('!')) {
        if (globRe(p.slice(1)).test(alias)) return false;
      } else if (globRe(p).test(alias)) hit = true;
    }
    return hit;
  };
  return ok(b.patterns) && (!b.within || ok(b.within));
}

/** Whether a Host pattern other than a bare `*` matches the alias (the config "defines" it). */
export function definesHost(config: SshConfig | undefined, alias: string): boolean {
  if (!config) return false;
  return config.blocks.some(
    (b) => b.patterns && !b.patterns.every((p) => p === '*') && b.options.length > 0 && blockMatches(b, alias),
  );
}

function expandTokens(s: string, t: { host: string; alias: string; port: number; user: string; home: string; localUser: string }): string {
  return s.replace(/%([%hpnrdu])/g, (_m, c: string) => {
    switch (c) {
      case '%':
        return '%';
      case 'h':
        return t.host;
      case 'n':
        return t.alias;
      case 'p':
        return String(t.port);
      case 'r':
        return t.user;
      case 'd':
        return t.home;
      case 'u':
        return t.localUser;
      default:
        return '';
    }
  });
}

/** The options ssh would use for `alias`. */
export function resolveSshHost(config: SshConfig | undefined, alias: string, env: { home: string; localUser: string }): ResolvedSshHost {
  const r: ResolvedSshHost = { identityFiles: [] };
  if (!config) return r;
  const rawIdentity: string[] = [];
  for (const b of config.blocks) {
    if (!blockMatches(b, alias)) continue;
    for (const o of b.options) {
      const v = o.args[0];
      if (v === undefined) continue;
      switch (o.keyword) {
        case 'hostname':
          r.hostName ??= v;
          break;
        case 'user':
          r.user ??= v;
          break;
        case 'port': {
          const p = Number(v);
          if (r.port === undefined && Number.isInteger(p) && p > 0 && p < 65536) r.port = p;
          break;
        }
        case 'identityfile':
          rawIdentity.push(v);
          break;
        case 'identityagent':
          r.identityAgent ??= v;
          break;
        case 'proxyjump':
          r.proxyJump ??= v;
          break;
      }
    }
  }
  const host = r.hostName ? r.hostName.replace(/%h/g, alias) : alias;
  if (r.hostName) r.hostName = host;
  const tokens = { host, alias, port: r.port ?? 22, user: r.user ?? env.localUser, home: env.home, localUser: env.localUser };
  r.identityFiles = rawIdentity.filter((f) => f.toLowerCase() !== 'none').map((f) => expandHome(expandTokens(f, tokens), env.home));
  if (r.identityAgent && r.identityAgent !== 'none' && r.identityAgent !== 'SSH_AUTH_SOCK') {
    r.identityAgent = expandHome(expandTokens(r.identityAgent, tokens), env.home);
  }
  return r;
}

export interface JumpSpec {
  user?: string;
  host: string;
  port?: number;
}

/** `[user@]host[:port]` items of a ProxyJump value (first is connected first); `none` → []. */
export function parseProxyJump(value: string): JumpSpec[] {
  if (value.toLowerCase() === 'none') return [];
  return value
    .split(',')
    .map((s) => s.trim().replace(/^ssh:\/\//, ''))
    .filter(Boolean)
    .map((s) => {
      const at = s.lastIndexOf('@');
      const user = at >= 0 ? s.slice(0, at) : undefined;
      let rest = at >= 0 ? s.slice(at + 1) : s;
      let port: number | undefined;
      const bracket = /^\[(.+)\](?::(\d+))?$/.exec(rest);
      if (bracket) {
        rest = bracket[1];
        port = bracket[2] ? Number(bracket[2]) : undefined;
      } else {
        const m = /^([^:]+):(\d+)$/.exec(rest);
        if (m) {
          rest = m[1];
          port = Number(m[2]);
        }
      }
      return { user, host: rest, port };
    });
}

/** Reads and parses a config file; undefined when it does not exist. */
export function loadSshConfig(file: string, home: string): SshConfig | undefined {
  const text = defaultRead(file);
  if (text === undefined) return undefined;
  return parseSshConfig(text, { file, home });
}
