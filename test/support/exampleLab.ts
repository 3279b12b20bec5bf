/**
 * Points a copy of examples/two-region at loopback sshd "hosts": one sshd per topology host, a lab
 * key and known_hosts under `.ssh-lab/`, each host's `ssh:` rewritten to its loopback port, and
 * `deploy:` blocks for `order` and `driver` (a small Node service standing in for the jar).
 * Used by the deploy integration test and by `scripts/deploy-lab.mjs` for trying the commands.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, makeKey, startSshd, writeKnownHosts, type SshdHost } from './sshd';

export interface ExampleLab {
  workspace: string;
  hosts: Map<string, SshdHost>;
  knownHostsFile: string;
  /** App port per host and service, e.g. `app-1/order`. */
  ports: Map<string, number>;
  /** The topology text before the lab rewrote it. */
  originalTopology: string;
  stop(): Promise<void>;
}

const HOSTS = ['api-1', 'app-1', 'api-2', 'app-2'];
const SERVICES = ['order', 'driver'];

/** The stand-in service: answers HTTP on the port in `$DEPLOY_DIR/port` with its environment. */
const APP = `const http = require('http');
const fs = require('fs');
const port = Number(fs.readFileSync(process.env.DEPLOY_DIR + '/port', 'utf8'));
http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ service: process.env.DEPLOY_SERVICE, host: process.env.DEPLOY_HOST, version: process.env.APP_VERSION || 'dev',
    ipToRegistry: process.env.DUBBO_IP_TO_REGISTRY || null, javaToolOptions: process.env.JAVA_TOOL_OPTIONS || null }));
}).listen(port, '127.0.0.1');
`;

const RESTART =
  'pidf={dir}/app.pid; if [ -f "$pidf" ]; then kill "$(cat "$pidf")" 2>/dev/null; for i in $(seq 50); do kill -0 "$(cat "$pidf")" 2>/dev/null || break; sleep 0.1; done; fi; ' +
  'nohup /usr/bin/node "$DEPLOY_ARTIFACT" > {dir}/app.log 2>&1 < /dev/null & echo $! > "$pidf"';

/** Rewrites the example topology for the lab (pure, for tests). */
export function labTopology(original: string, ports: Map<string, number>, remote: string): string {
  let text = original;
  for (const h of HOSTS) {
    const re = new RegExp(`(\\n      ${h}:\\n(?:        .*\\n)*?)        ssh: \\{[^}]*\\}\\n`);
    text = text.replace(re, `$1        ssh: { host: 127.0.0.1, port: ${ports.get(h)}, user: root, identityFile: .ssh-lab/id_lab }\n`);
  }
  for (const s of SERVICES) {
    const re = new RegExp(`(\\n  ${s}:\\n(?:    .*\\n)*?)(?=  \\S|\\S|$)`);
    text = text.replace(
      re,
      `$1    registerAs: external\n    deploy:\n      build: mkdir -p ${s}/target && cp .ssh-lab/app.js ${s}/target/${s}-1.0.jar\n      artifact: ${s}/target/${s}-*.jar\n      dir: ${remote}/{host}/${s}\n      restart: ${JSON.stringify(RESTART)}\n      health: { command: "curl -fsS -m 2 http://127.0.0.1:$(cat {dir}/port)/", timeout: 10 }\n      order: [east-2, east-1]\n      keep: 3\n      env: { APP_VERSION: "1.0" }\n`,
    );
  }
  return text;
}

export async function startExampleLab(workspace: string, remote = join(workspace, '.ssh-lab', 'hosts')): Promise<ExampleLab> {
  const labDir = join(workspace, '.ssh-lab');
  mkdirSync(labDir, { recursive: true });
  const key = existsSync(join(labDir, 'id_lab')) ? { path: join(labDir, 'id_lab'), publicKey: readFileSync(join(labDir, 'id_lab.pub'), 'utf8').trim() } : await makeKey(labDir, 'id_lab');
  chmodSync(key.path, 0o600);
  const hosts = new Map<string, SshdHost>();
  for (const h of HOSTS) hosts.set(h, await startSshd({ authorizedKeys: [key.publicKey], dir: join(labDir, 'sshd', h) }));
  const knownHostsFile = join(labDir, 'known_hosts');
  writeKnownHosts(knownHostsFile, [...hosts.values()]);
  const ports = new Map<string, number>();
  for (const h of HOSTS) ports.set(h, hosts.get(h)!.port);
  const appPorts = new Map<string, number>();
  for (const h of HOSTS) {
    for (const s of SERVICES) {
      const p = await freePort();
      appPorts.set(`${h}/${s}`, p);
      mkdirSync(join(remote, h, s), { recursive: true });
      writeFileSync(join(remote, h, s, 'port'), String(p));
    }
  }
  writeFileSync(join(labDir, 'app.js'), APP);
  const topologyFile = join(workspace, 'dubbo-topology.yaml');
  const originalTopology = readFileSync(topologyFile, 'utf8');
  writeFileSync(topologyFile, labTopology(originalTopology, ports, remote));
  return {
    workspace,
    hosts,
    knownHostsFile,
    ports: appPorts,
    originalTopology,
    async stop() {
      for (const h of HOSTS) {
        for (const s of SERVICES) {
          const pidf = join(remote, h, s, 'app.pid');
          if (existsSync(pidf)) {
            try {
              process.kill(Number(readFileSync(pidf, 'utf8')), 'SIGTERM');
            } catch {
              // not running
            }
          }
        }
      }
      await Promise.all([...hosts.values()].map((h) => h.stop()));
    },
  };
}
