#!/usr/bin/env node
// Loopback "hosts" for trying the deploy commands on the example: copies examples/two-region to a
// folder, starts one OpenSSH sshd per topology host on a loopback port (run as root), points every
// host's `ssh:` at it, adds `deploy:` blocks for order and driver, and writes the workspace setting
// for the lab's known_hosts. Runs until Ctrl-C, then stops the servers.
// Usage: node scripts/build.mjs && node scripts/deploy-lab.mjs [folder=/tmp/dubbo-topology-lab/two-region]
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { startExampleLab } = require(join(root, 'out/test/support/exampleLab.js'));

const ws = resolve(process.argv[2] ?? '/tmp/dubbo-topology-lab/two-region');
if (existsSync(join(ws, 'dubbo-topology.yaml'))) {
  console.log(`${ws} exists: reusing its files, re-pointing its hosts`);
  cpSync(join(root, 'examples/two-region/dubbo-topology.yaml'), join(ws, 'dubbo-topology.yaml'));
} else {
  mkdirSync(dirname(ws), { recursive: true });
  cpSync(join(root, 'examples/two-region'), ws, { recursive: true });
}
const lab = await startExampleLab(ws);
mkdirSync(join(ws, '.vscode'), { recursive: true });
writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'dubboTopology.ssh.knownHostsFile': '.ssh-lab/known_hosts' }, null, 2) + '\n');
console.log(`\nLoopback hosts for ${ws}:`);
for (const [id, h] of lab.hosts) console.log(`  ${id.padEnd(6)} 127.0.0.1:${h.port}  ${h.hostKeyFingerprint}`);
console.log(`\nOpen the folder in VS Code (trust it), then run "Dubbo Topology: Show Deploy Plan", "Deploy All…", "Roll Back Service…".`);
console.log('Remote trees live under .ssh-lab/hosts/<host>/<service>. Ctrl-C stops the servers.');
const stop = async () => {
  await lab.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
