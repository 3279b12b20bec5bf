/**
 * Where to connect for a topology host (the "SSH target" rules of the topology format):
 * `ssh.host` if given; else the host id when the SSH config defines that alias; else the external
 * address; else the internal address when the host is reached through a jump host; else an error
 * naming the host. The SSH config then supplies HostName/User/Port/IdentityFile/ProxyJump, and the
 * topology's own `ssh:` fields win over it.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Topology, Host } from '../core/topology/model';
import type { ConnectTarget } from './types';
import { definesHost, expandHome, parseProxyJump, resolveSshHost, type SshConfig } from './config';
import { knownHostsNameFor } from './knownHosts';

export interface TargetEnv {
  sshConfig?: SshConfig;
  home: string;
  localUser: string;
  /** $SSH_AUTH_SOCK, used unless the config says `IdentityAgent none`. */
  agentSocket?: string;
  /** Base for relative `identityFile` paths (the workspace root). */
  baseDir?: string;
  /** Keys tried when neither topology nor config names one; default ~/.ssh/id_{ed25519,ecdsa,rsa} that exist. */
  defaultIdentityFiles?: string[];
}

export type TargetResult = { target: ConnectTarget; error?: undefined } | { target?: undefined; error: TargetError };

export interface TargetError {
  code: 'no-address' | 'unknown-host' | 'unknown-jump-host' | 'jump-cycle';
  hostId: string;
  message: string;
  data: Record<string, string>;
}

function defaultKeys(env: TargetEnv): string[] {
  if (env.defaultIdentityFiles) return env.defaultIdentityFiles;
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => join(env.home, '.ssh', k)).filter((f) => existsSync(f));
}

function agentFor(identityAgent: string | undefined, env: TargetEnv): string | undefined {
  if (identityAgent === 'none') return undefined;
  if (identityAgent === undefined || identityAgent === 'SSH_AUTH_SOCK') return env.agentSocket || undefined;
  return identityAgent;
}

function keyPath(p: string, env: TargetEnv): string {
  const e = expandHome(p, env.home);
  return isAbsolute(e) ? e : resolve(env.baseDir ?? env.home, e);
}

/** A jump host named in ProxyJump (not a topology host), resolved through the config. */
function fromAlias(alias: string, user: string | undefined, port: number | undefined, env: TargetEnv, depth: number): ConnectTarget | TargetError {
  const cfg = resolveSshHost(env.sshConfig, alias, env);
  const host = cfg.hostName ?? alias;
  const p = port ?? cfg.port ?? 22;
  let via: ConnectTarget | undefined;
  if (cfg.proxyJump && depth < 8) {
    const v = chain(cfg.proxyJump, env, depth + 1);
    if (v && 'code' in v) return v;
    via = v;
  }
  return {
    hostId: alias,
    host,
    port: p,
    username: user ?? cfg.user ?? env.localUser,
    identityFiles: cfg.identityFiles.length ? cfg.identityFiles : defaultKeys(env),
    agent: agentFor(cfg.identityAgent, env),
    via,
    knownHostsName: knownHostsNameFor(host, p),
  };
}

/** `a,b,c` → c reached via b reached via a. */
function chain(proxyJump: string, env: TargetEnv, depth: number): ConnectTarget | TargetError | undefined {
  let prev: ConnectTarget | undefined;
  for (const j of parseProxyJump(proxyJump)) {
    const t = fromAlias(j.host, j.user, j.port, env, depth);
    if ('code' in t) return t;
    if (prev) t.via = prev;
    prev = t;
  }
  return prev;
}

function resolveHost(topology: Topology, host: Host, env: TargetEnv, seen: string[]): TargetResult {
  if (seen.includes(host.id)) {
    return { error: { code: 'jump-cycle', hostId: host.id, message: `jump hosts of ${seen[0]} form a cycle: ${[...seen, host.id].join(' → ')}`, data: { host: seen[0], chain: [...seen, host.id].join(' → ') } } };
  }
  const ssh = host.ssh;
  const viaId = ssh?.via?.value;
  let name: string | undefined = ssh?.host?.value;
  if (!name && definesHost(env.sshConfig, host.id)) name = host.id;
  if (!name && host.external?.ip) name = host.external.text;
  let configJump: string | undefined;
  if (!name && host.internal?.ip) {
    configJump = resolveSshHost(env.sshConfig, host.internal.text, env).proxyJump;
    if (viaId || (configJump && configJump.toLowerCase() !== 'none')) name = host.internal.text;
  }
  if (!name) {
    return {
      error: {
        code: 'no-address',
        hostId: host.id,
        message: `host ${host.id} has no SSH target: give it ssh.host, an external address, an alias in the SSH config, or a jump host (ssh.via) for its internal address`,
        data: { host: host.id },
      },
    };
  }
  const cfg = resolveSshHost(env.sshConfig, name, env);
  const address = cfg.hostName ?? name;
  const port = ssh?.port?.value ?? cfg.port ?? 22;
  const identityFiles = [...(ssh?.identityFile ? [keyPath(ssh.identityFile.value, env)] : []), ...cfg.identityFiles];
  let via: ConnectTarget | undefined;
  if (viaId) {
    const jumpHost = topology.hostById.get(viaId);
    if (!jumpHost) {
      return { error: { code: 'unknown-jump-host', hostId: host.id, message: `host ${host.id}: jump host ${viaId} is not a host of the topology`, data: { host: host.id, via: viaId } } };
    }
    const j = resolveHost(topology, jumpHost, env, [...seen, host.id]);
    if (j.error) return j;
    via = j.target;
  } else if (cfg.proxyJump) {
    const j = chain(cfg.proxyJump, env, 0);
    if (j && 'code' in j) return { error: j };
    via = j;
  }
  return {
    target: {
      hostId: host.id,
      host: address,
      port,
      username: ssh?.user?.value ?? cfg.user ?? env.localUser,
      identityFiles: identityFiles.length ? identityFiles : defaultKeys(env),
      agent: agentFor(cfg.identityAgent, env),
      via,
      knownHostsName: knownHostsNameFor(address, port),
    },
  };
}

/** The connect target of a topology host, or an error naming the host. */
export function resolveTarget(topology: Topology, hostId: string, env: TargetEnv): TargetResult {
  const host = topology.hostById.get(hostId);
  if (!host) return { error: { code: 'unknown-host', hostId, message: `${hostId} is not a host of the topology`, data: { host: hostId } } };
  return resolveHost(topology, host, env, []);
}

/**
 * Where a connection goes, as a picker or a message shows it: `user@address:port`, then each jump
 * host as `via <id> (user@address:port)` (`via`: the word in the reader's language).
 */
export function targetLabel(t: ConnectTarget, via = 'via'): string {
  const at = (x: ConnectTarget) => `${x.username}@${x.host}:${x.port}`;
  let out = at(t);
  for (let j = t.via; j; j = j.via) out += ` ${via} ${j.hostId} (${at(j)})`;
  return out;
}
