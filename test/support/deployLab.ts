/**
 * A deploy lab on loopback: one real sshd per topology host (sharing a client key and a
 * known_hosts file), a workspace folder with a topology, and a tiny Node HTTP service as artifact.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTopology } from '../../src/core/topology/parse';
import type { Topology } from '../../src/core/topology/model';
import { DeployLog } from '../../src/deploy/log';
import { hostSessions } from '../../src/ssh/hostSessions';
import { SshPool } from '../../src/ssh/pool';
import type { Prompter } from '../../src/ssh/types';
import { freePort, makeKey, sh, startSshd, tempDir, writeKnownHosts, type KeyPair, type SshdHost } from './sshd';

export class LabPrompter implements Prompter {
  questions: string[] = [];
  constructor(private readonly trust = false) {}
  async confirmUnknownHostKey(hostId: string, name: string, type: string, fp: string) {
    this.questions.push(`${hostId} ${name} ${type} ${fp}`);
    return this.trust;
  }
  async secret() {
    return undefined;
  }
  async forgetSecret() {}
}

export interface Lab {
  dir: string;
  /** Workspace root (holds dubbo-topology.yaml). */
  root: string;
  /** Remote trees live here: `<remote>/<host>/…`. */
  remote: string;
  key: KeyPair;
  hosts: Map<string, SshdHost>;
  knownHostsFile: string;
  /** Service ports per host (each loopback "host" runs the app on its own port). */
  appPorts: Map<string, number>;
  outputLines: string[];
  load(yaml: string): Topology;
  /** A fresh pool and log for one run. */
  runtime(topology: Topology, prompter?: Prompter): { pool: SshPool; session: ReturnType<typeof hostSessions>; log: DeployLog };
  /** Writes an app version as the artifact (removing other versions). */
  writeApp(version: string, behaviour?: 'ok' | 'crash'): string;
  currentRelease(hostId: string, service?: string): string | undefined;
  releases(hostId: string, service?: string): string[];
  fetch(hostId: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

export function appSource(version: string, behaviour: 'ok' | 'crash'): string {
  if (behaviour === 'crash') return `process.stderr.write('version ${version} refuses to start\\n'); process.exit(3);\n`;
  return `const http = require('http');
const fs = require('fs');
const port = Number(fs.readFileSync(process.env.DEPLOY_DIR + '/port', 'utf8'));
http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ version: '${version}', host: process.env.DEPLOY_HOST, ipToRegistry: process.env.DUBBO_IP_TO_REGISTRY || null, portToRegistry: process.env.DUBBO_PORT_TO_REGISTRY || null, javaToolOptions: process.env.JAVA_TOOL_OPTIONS || null, extra: process.env.APP_MODE || null }));
}).listen(port, '127.0.0.1');
`;
}

/** Restart command for the app: stop the old process, start node on current/<artifact> detached. */
export const APP_RESTART =
  'pidf={dir}/app.pid; if [ -f "$pidf" ]; then kill "$(cat "$pidf")" 2>/dev/null; for i in $(seq 50); do kill -0 "$(cat "$pidf")" 2>/dev/null || break; sleep 0.1; done; fi; ' +
  'nohup /usr/bin/node "$DEPLOY_ARTIFACT" > {dir}/app.log 2>&1 < /dev/null & echo $! > "$pidf"';

export const APP_HEALTH = 'curl -fsS -m 2 http://127.0.0.1:$(cat {dir}/port)/';

/**
 * A topology of one lab host running the `app` service (kind http), deployed from `app/dist/app-*.js`.
 * `restart` is written as given (a YAML value: a quoted command, or `{ unit: … }`); `health: null`
 * leaves the health check out; `keep` only when given.
 */
export function appTopologyYaml(
  lab: Lab,
  host: string,
  o: { dir?: string; restart?: string; health?: string | null; healthTimeout?: number; keep?: number } = {},
): string {
  const health = o.health === null ? '' : `      health: { command: ${JSON.stringify(o.health ?? APP_HEALTH)}, timeout: ${o.healthTimeout ?? 5} }\n`;
  return `version: 1
regions:
  r:
    lan: [10.0.0.0/24]
    hosts:
      ${host}: { internal: 10.0.0.1, ssh: { host: 127.0.0.1, port: ${lab.hosts.get(host)!.port}, user: root }, services: [app] }
services:
  app:
    kind: http
    port: 80
    deploy:
      artifact: app/dist/app-*.js
      dir: ${lab.remote}/{host}/${o.dir ?? 'app'}
      restart: ${o.restart ?? JSON.stringify(APP_RESTART)}
${health}${o.keep !== undefined ? `      keep: ${o.keep}\n` : ''}`;
}

export async function startLab(hostIds: string[]): Promise<Lab> {
  const dir = tempDir('deploy-lab-');
  const root = join(dir, 'workspace');
  const remote = join(dir, 'remote');
  mkdirSync(root, { recursive: true });
  mkdirSync(remote, { recursive: true });
  const key = await makeKey(dir, 'id_lab');
  const hosts = new Map<string, SshdHost>();
  await Promise.all(hostIds.map(async (id) => hosts.set(id, await startSshd({ authorizedKeys: [key.publicKey], dir: join(dir, 'sshd', id) }))));
  const knownHostsFile = join(dir, 'known_hosts');
  writeKnownHosts(knownHostsFile, [...hosts.values()]);
  const appPorts = new Map<string, number>();
  for (const id of hostIds) {
    const p = await freePort();
    appPorts.set(id, p);
    mkdirSync(join(remote, id, 'app'), { recursive: true });
    writeFileSync(join(remote, id, 'app', 'port'), String(p));
  }
  const outputLines: string[] = [];
  const serviceDir = (hostId: string, service = 'app') => join(remote, hostId, service);

  const lab: Lab = {
    dir,
    root,
    remote,
    key,
    hosts,
    knownHostsFile,
    appPorts,
    outputLines,
    load(yaml) {
      writeFileSync(join(root, 'dubbo-topology.yaml'), yaml);
      const { topology, findings } = parseTopology('dubbo-topology.yaml', yaml);
      const errors = findings.filter((f) => f.rule === 'topology-syntax' || f.rule === 'topology-schema');
      if (errors.length) throw new Error('topology: ' + JSON.stringify(errors.map((e) => e.message)));
      return topology;
    },
    runtime(topology, prompter = new LabPrompter(false)) {
      const pool = new SshPool({ prompter, knownHostsFile });
      const session = hostSessions(topology, pool, { home: dir, localUser: 'root', defaultIdentityFiles: [key.path], baseDir: root });
      const log = new DeployLog({ root, output: (l) => outputLines.push(l) });
      return { pool, session, log };
    },
    writeApp(version, behaviour = 'ok') {
      const d = join(root, 'app', 'dist');
      mkdirSync(d, { recursive: true });
      for (const f of readdirSync(d)) if (f.startsWith('app-')) rmSync(join(d, f));
      const file = join(d, `app-${version}.js`);
      writeFileSync(file, appSource(version, behaviour));
      return file;
    },
    currentRelease(hostId, service = 'app') {
      const link = join(serviceDir(hostId, service), 'current');
      try {
        return readlinkSync(link).split('/').pop();
      } catch {
        return undefined;
      }
    },
    releases(hostId, service = 'app') {
      const d = join(serviceDir(hostId, service), 'releases');
      return existsSync(d) ? readdirSync(d).sort() : [];
    },
    async fetch(hostId) {
      const r = await sh(`curl -fsS -m 3 http://127.0.0.1:${appPorts.get(hostId)}/`);
      return r.code === 0 ? r.stdout : undefined;
    },
    async stop() {
      for (const id of hostIds) {
        const pidf = join(serviceDir(id), 'app.pid');
        if (existsSync(pidf)) {
          const pid = Number(readFileSync(pidf, 'utf8'));
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // not running
          }
        }
      }
      await Promise.all([...hosts.values()].map((h) => h.stop()));
    },
  };
  return lab;
}
