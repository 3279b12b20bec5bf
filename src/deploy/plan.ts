/**
 * The deploy plan: which services, which hosts in which order (regions per `deploy.order`, batches
 * of `serial` hosts), which files and which remote commands. Computing a plan executes nothing; the
 * engine runs exactly the commands a plan lists.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import type { DeploySpec, HealthCheck, Host, Service, ServiceKind, Topology } from '../core/topology/model';
import { isEnvName, shQuote } from '../ssh/quote';
import * as cmd from './remote';

export type DeployScope = { service: string } | { host: string } | { all: true } | { service: string; host: string };

export interface PlannedFile {
  /** Absolute local path (undefined when the artifact pattern matched no file). */
  local?: string;
  /** Workspace-relative source pattern or path, as written. */
  source: string;
  /** Remote path relative to the release (or nginx) directory. */
  name: string;
  size?: number;
}

export interface HostPlan {
  hostId: string;
  regionId: string;
  /** Remote base directory with `{host}` / `{service}` filled in. */
  dir: string;
  /** Environment for restart and health commands (values from the topology; never secrets). */
  env: Record<string, string>;
  /** Java system properties passed as -D (also in the environment as JAVA_TOOL_OPTIONS). */
  systemProperties: Record<string, string>;
  /** Remote commands in execution order, `{release}` standing for the new release directory name. */
  commands: { step: StepName; command: string }[];
}

export type StepName =
  | 'prepare'
  | 'upload'
  | 'verify'
  | 'environment'
  | 'switch'
  | 'restart'
  | 'health'
  | 'prune'
  | 'test-config'
  | 'swap'
  | 'reload';

export interface ServicePlan {
  serviceId: string;
  kind: ServiceKind;
  mode: 'release' | 'nginx';
  build?: string;
  files: PlannedFile[];
  keep: number;
  serial: number;
  restart?: string | { unit: string };
  health?: HealthCheck;
  /** Hosts in rollout order, grouped into batches of `serial` run at once. */
  batches: HostPlan[][];
  /** Problems that prevent deploying this service (no artifact, no dir …). */
  problems: PlanProblem[];
}

export interface PlanProblem {
  code: 'no-deploy' | 'no-artifact' | 'artifact-ambiguous' | 'no-dir' | 'no-hosts' | 'bad-env-name' | 'unknown-service' | 'unknown-host' | 'no-config';
  message: string;
  data: Record<string, string | number>;
}

export interface DeployPlan {
  scope: DeployScope;
  services: ServicePlan[];
  problems: PlanProblem[];
}

const KIND_RANK: Record<ServiceKind, number> = {
  zookeeper: 0,
  'dubbo-provider': 1,
  dubbo: 2,
  'dubbo-consumer': 3,
  http: 4,
  other: 5,
  nginx: 6,
};

/** Fills `{host}`, `{service}`, `{dir}`, `{region}` in a deploy string. */
export function fillPlaceholders(s: string, v: { host: string; service: string; region: string; dir?: string }): string {
  return s.replace(/\{(host|service|region|dir)\}/g, (m, k: string) => {
    const value = (v as Record<string, string | undefined>)[k];
    return value ?? m;
  });
}

type ShellContext = 'word' | 'single' | 'double' | 'substitution' | 'group';

/** A value as it must be written at a point of a shell command where the given quoting is open. */
function quoteFor(context: ShellContext, value: string): string {
  if (context === 'single') return value.replace(/'/g, "'\\''");
  if (context === 'double') return value.replace(/(["\\$`])/g, '\\$1');
  return shQuote(value);
}

/**
 * Fills `{host}`, `{service}`, `{region}`, `{dir}` in a shell command (`restart`, a health
 * `command`): each value is quoted for the place it lands in, so a `dir` with a space or a quote
 * stays one word. Bare (`cd {dir}`), inside double quotes (`"{dir}/log"`), inside single quotes and
 * inside `$(…)` are told apart.
 */
export function fillCommand(s: string, v: { host: string; service: string; region: string; dir?: string }): string {
  const values = v as Record<string, string | undefined>;
  const stack: ShellContext[] = ['word'];
  let out = '';
  for (let i = 0; i < s.length; ) {
    const top = stack[stack.length - 1];
    const ph = /^\{(host|service|region|dir)\}/.exec(s.slice(i, i + 10));
    if (ph && values[ph[1]] !== undefined) {
      out += quoteFor(top, values[ph[1]]!);
      i += ph[0].length;
      continue;
    }
    const c = s[i];
    let n = 1;
    if (top === 'single') {
      if (c === "'") stack.pop();
    } else if (c === '\\') {
      n = 2;
    } else if (c === '$' && s[i + 1] === '(') {
      stack.push('substitution');
      n = 2;
    } else if (top === 'double') {
      if (c === '"') stack.pop();
    } else if (c === "'") {
      stack.push('single');
    } else if (c === '"') {
      stack.push('double');
    } else if (c === '(') {
      stack.push('group');
    } else if (c === ')' && stack.length > 1) {
      stack.pop();
    }
    out += s.slice(i, i + n);
    i += n;
  }
  return out;
}

/** Segments `*`, `?` and `**` relative to `root`; sorted matches. */
export function globFiles(root: string, pattern: string): string[] {
  const parts = pattern.replace(/\\/g, '/').replace(/^\.\//, '').split('/').filter(Boolean);
  const out: string[] = [];
  const re = (seg: string) => new RegExp('^' + seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
  const walk = (dir: string, i: number) => {
    if (i === parts.length) {
      if (existsSync(dir) && statSync(dir).isFile()) out.push(dir);
      return;
    }
    const seg = parts[i];
    if (seg === '**') {
      walk(dir, i + 1);
      for (const e of safeList(dir)) if (isDir(join(dir, e))) walk(join(dir, e), i);
      return;
    }
    if (!/[*?]/.test(seg)) {
      walk(join(dir, seg), i + 1);
      return;
    }
    const r = re(seg);
    for (const e of safeList(dir)) if (r.test(e)) walk(join(dir, e), i + 1);
  };
  walk(root, 0);
  return [...new Set(out)].sort();
}

function safeList(d: string): string[] {
  try {
    return readdirSync(d);
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Hosts of a service in rollout order: regions in `order` first (as listed), the rest as written. */
export function orderHosts(topology: Topology, service: Service, order: string[] | undefined): Host[] {
  const hosts = service.hosts.length ? service.hosts : topology.hosts.filter((h) => h.services.some((s) => s.value === service.id));
  const rank = (h: Host) => {
    const i = order ? order.indexOf(h.region.id) : -1;
    return i >= 0 ? i : (order?.length ?? 0) + topology.regions.indexOf(h.region);
  };
  return hosts
    .map((h, i) => ({ h, i }))
    .sort((a, b) => rank(a.h) - rank(b.h) || a.i - b.i)
    .map((x) => x.h);
}

/** Quotes a -D value for JAVA_TOOL_OPTIONS when it holds spaces or quotes. */
function javaOpt(key: string, value: string): string {
  const raw = `-D${key}=${value}`;
  return /[\s"']/.test(raw) ? `"${raw.replace(/(["\\])/g, '\\$1')}"` : raw;
}

/**
 * Environment and system properties of a service on one host: Dubbo's registry address override
 * for `registerAs: external`, region then host `properties` (host wins) as -D, the deploy `env`.
 */
export function hostEnvironment(service: Service, host: Host, spec: DeploySpec | undefined, dir: string, artifactName?: string): { env: Record<string, string>; systemProperties: Record<string, string> } {
  const env: Record<string, string> = {
    DEPLOY_SERVICE: service.id,
    DEPLOY_HOST: host.id,
    DEPLOY_DIR: dir,
    DEPLOY_CURRENT: posix.join(dir, 'current'),
  };
  if (artifactName) env.DEPLOY_ARTIFACT = posix.join(dir, 'current', artifactName);
  if (service.registerAs === 'external' && host.external?.text) {
    env.DUBBO_IP_TO_REGISTRY = host.external.text;
    const ext = service.ports.external;
    if (ext !== undefined && ext !== service.port) env.DUBBO_PORT_TO_REGISTRY = String(ext);
  }
  const systemProperties: Record<string, string> = {};
  if (service.kind !== 'nginx') {
    for (const [k, p] of host.region.properties) systemProperties[k] = p.value;
    for (const [k, p] of host.properties) systemProperties[k] = p.value;
  }
  for (const [k, v] of Object.entries(spec?.env ?? {})) env[k] = v;
  const opts = Object.entries(systemProperties).map(([k, v]) => javaOpt(k, v));
  if (opts.length) env.JAVA_TOOL_OPTIONS = [spec?.env?.JAVA_TOOL_OPTIONS, ...opts].filter(Boolean).join(' ');
  return { env, systemProperties };
}

function servicesInScope(topology: Topology, scope: DeployScope): { services: Service[]; hostFilter?: string; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  if ('service' in scope) {
    const s = topology.serviceById.get(scope.service);
    if (!s) problems.push({ code: 'unknown-service', message: `${scope.service} is not a service of the topology`, data: { service: scope.service } });
    const host = 'host' in scope ? scope.host : undefined;
    if (host && !topology.hostById.has(host)) problems.push({ code: 'unknown-host', message: `${host} is not a host of the topology`, data: { host } });
    return { services: s ? [s] : [], hostFilter: host, problems };
  }
  const deployable = (s: Service) => !!s.deploy;
  const sorted = (list: Service[]) =>
    list
      .map((s, i) => ({ s, i }))
      .sort((a, b) => KIND_RANK[a.s.kind] - KIND_RANK[b.s.kind] || a.i - b.i)
      .map((x) => x.s);
  if ('host' in scope) {
    const h = topology.hostById.get(scope.host);
    if (!h) {
      problems.push({ code: 'unknown-host', message: `${scope.host} is not a host of the topology`, data: { host: scope.host } });
      return { services: [], problems };
    }
    const ids = new Set(h.services.map((s) => s.value));
    return { services: sorted(topology.services.filter((s) => ids.has(s.id) && deployable(s))), hostFilter: h.id, problems };
  }
  return { services: sorted(topology.services.filter(deployable)), problems };
}

/** Builds the plan. `root` is the folder of the topology file (artifact paths are relative to it). */
export function planDeploy(topology: Topology, scope: DeployScope, root: string): DeployPlan {
  const { services, hostFilter, problems } = servicesInScope(topology, scope);
  const plans: ServicePlan[] = [];
  for (const service of services) plans.push(planService(topology, service, hostFilter, root));
  return { scope, services: plans, problems };
}

function planService(topology: Topology, service: Service, hostFilter: string | undefined, root: string): ServicePlan {
  const spec = service.deploy;
  const problems: PlanProblem[] = [];
  const mode: ServicePlan['mode'] = service.kind === 'nginx' ? 'nginx' : 'release';
  const serial = Math.max(1, spec?.serial ?? 1);
  const keep = Math.max(1, spec?.keep ?? 5);
  if (!spec) problems.push({ code: 'no-deploy', message: `service ${service.id} has no deploy block`, data: { service: service.id } });

  const files: PlannedFile[] = [];
  if (mode === 'nginx') {
    if (service.config.length === 0) problems.push({ code: 'no-config', message: `nginx service ${service.id} lists no config file`, data: { service: service.id } });
    const base = service.config.length ? posix.dirname(service.config[0].value) : '';
    for (const c of service.config) {
      const local = join(root, c.value);
      const name = base && base !== '.' ? posix.relative(base, c.value) : c.value;
      files.push({ source: c.value, name, local: existsSync(local) ? local : undefined, size: existsSync(local) ? statSync(local).size : undefined });
      if (!existsSync(local)) problems.push({ code: 'no-artifact', message: `${service.id}: ${c.value} does not exist`, data: { service: service.id, pattern: c.value } });
    }
  } else if (spec) {
    if (!spec.artifact) {
      problems.push({ code: 'no-artifact', message: `service ${service.id}: deploy.artifact is missing`, data: { service: service.id, pattern: '' } });
    } else {
      const matches = globFiles(root, spec.artifact);
      if (matches.length === 1) files.push({ source: spec.artifact, local: matches[0], name: basename(matches[0]), size: statSync(matches[0]).size });
      else {
        files.push({ source: spec.artifact, name: basename(spec.artifact) });
        // With a build command the artifact may appear only after the build; checked again then.
        if (matches.length > 1) problems.push({ code: 'artifact-ambiguous', message: `service ${service.id}: ${spec.artifact} matches ${matches.length} files`, data: { service: service.id, pattern: spec.artifact, count: matches.length } });
        else if (!spec.build) problems.push({ code: 'no-artifact', message: `service ${service.id}: ${spec.artifact} matches no file`, data: { service: service.id, pattern: spec.artifact } });
      }
    }
  }
  for (const k of Object.keys(spec?.env ?? {})) {
    if (!isEnvName(k)) problems.push({ code: 'bad-env-name', message: `service ${service.id}: ${k} is not a valid environment variable name`, data: { service: service.id, name: k } });
  }
  const dirTemplate = spec?.dir ?? (mode === 'nginx' ? service.prefix ?? '/etc/nginx' : undefined);
  if (!dirTemplate && spec) problems.push({ code: 'no-dir', message: `service ${service.id}: deploy.dir is missing`, data: { service: service.id } });

  const hosts = orderHosts(topology, service, spec?.order).filter((h) => !hostFilter || h.id === hostFilter);
  if (hosts.length === 0) problems.push({ code: 'no-hosts', message: `service ${service.id} runs on no host${hostFilter ? ` named ${hostFilter}` : ''}`, data: { service: service.id } });

  const hostPlans = hosts.map((h): HostPlan => {
    const vars = { host: h.id, service: service.id, region: h.region.id };
    const dir = dirTemplate ? fillPlaceholders(dirTemplate, vars) : '';
    const filled = { ...vars, dir };
    const { env, systemProperties } = hostEnvironment(service, h, spec, dir, mode === 'release' ? files[0]?.name : undefined);
    const restart = typeof spec?.restart === 'string' ? fillCommand(spec.restart, filled) : spec?.restart;
    const health = spec?.health ? fillHealth(spec.health, filled) : undefined;
    const commands =
      mode === 'nginx'
        ? cmd.nginxCommands({ dir, files, restart, keep })
        : cmd.releaseCommands({ dir, files, restart, health, keep });
    return { hostId: h.id, regionId: h.region.id, dir, env, systemProperties, commands };
  });
  const batches: HostPlan[][] = [];
  for (let i = 0; i < hostPlans.length; i += serial) batches.push(hostPlans.slice(i, i + serial));
  return {
    serviceId: service.id,
    kind: service.kind,
    mode,
    build: spec?.build,
    files,
    keep,
    serial,
    restart: spec?.restart,
    health: spec?.health,
    batches,
    problems,
  };
}

export function fillHealth(h: HealthCheck, v: { host: string; service: string; region: string; dir: string }): HealthCheck {
  if ('http' in h) return { ...h, http: fillPlaceholders(h.http, v) };
  if ('command' in h) return { ...h, command: fillCommand(h.command, v) };
  return h;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => hash.update(d))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Re-resolves artifact files after a build (the glob may only match now). */
export function resolveArtifact(root: string, spec: DeploySpec): { local?: string; problem?: PlanProblem } {
  if (!spec.artifact) return { problem: { code: 'no-artifact', message: 'deploy.artifact is missing', data: { pattern: '' } } };
  const m = globFiles(root, spec.artifact);
  if (m.length === 1) return { local: m[0] };
  if (m.length > 1) return { problem: { code: 'artifact-ambiguous', message: `${spec.artifact} matches ${m.length} files`, data: { pattern: spec.artifact, count: m.length } } };
  return { problem: { code: 'no-artifact', message: `${spec.artifact} matches no file`, data: { pattern: spec.artifact } } };
}

