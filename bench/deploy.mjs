// Deploy: a 50 MB artifact to 10 loopback sshd hosts (release dir, upload, sha256 verified on the
// host, atomic `current` switch, restart `true`), measured against, in the same run:
//   - 10 parallel OpenSSH `scp` + `ssh` doing the same (including sha256 verification),
//   - `ansible-playbook` with forks=10 (file + copy + file link + command).
// Target (spec/performance-targets.md): ≤ 1.1× the parallel scp run, about 3× faster than Ansible.
// Usage: node scripts/build.mjs && node bench/deploy.mjs [hosts=10] [MB=50] [runs=2]
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { startSshd, makeKey, tempDir, writeKnownHosts } = require(join(root, 'out/test/support/sshd.js'));
const { parseTopology } = require(join(root, 'out/src/core/topology/parse.js'));
const { planDeploy } = require(join(root, 'out/src/deploy/plan.js'));
const { runDeploy } = require(join(root, 'out/src/deploy/engine.js'));
const { DeployLog } = require(join(root, 'out/src/deploy/log.js'));
const { SshPool } = require(join(root, 'out/src/ssh/pool.js'));
const { hostSessions } = require(join(root, 'out/src/ssh/hostSessions.js'));

const HOSTS = Number(process.argv[2] ?? 10);
const MB = Number(process.argv[3] ?? 50);
const RUNS = Number(process.argv[4] ?? 2);

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 64 << 20, ...opts }, (err, stdout, stderr) => resolve({ code: err ? err.code ?? 1 : 0, stdout: String(stdout), stderr: String(stderr) }));
  });
}

function stamp() {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\.(\d+)Z$/, '$1Z');
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

const best = (xs) => Math.min(...xs);
const fmt = (s) => `${s.toFixed(2)} s`;

async function main() {
  const dir = tempDir('bench-deploy-');
  const ws = join(dir, 'workspace');
  const remote = join(dir, 'remote');
  mkdirSync(join(ws, 'dist'), { recursive: true });
  const artifact = join(ws, 'dist', 'app-1.0.jar');
  {
    const fd = openSync(artifact, 'w');
    for (let i = 0; i < MB; i++) writeSync(fd, randomBytes(1 << 20));
    closeSync(fd);
  }
  const sha = createHash('sha256');
  sha.update(readFileSync(artifact));
  const digest = sha.digest('hex');

  const key = await makeKey(dir, 'id_bench');
  const ids = Array.from({ length: HOSTS }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);
  const started = await Promise.allSettled(ids.map((id) => startSshd({ authorizedKeys: [key.publicKey], dir: join(dir, 'sshd', id) })));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    // The servers that did start are not left running.
    await Promise.all(started.filter((r) => r.status === 'fulfilled').map((r) => r.value.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw failed.reason;
  }
  const hosts = started.map((r) => r.value);
  const kh = join(dir, 'known_hosts');
  writeKnownHosts(kh, hosts);
  const results = { ours: [], scp: [], ansible: [] };
  let ansibleNote = '';
  try {
    // ── ours ──────────────────────────────────────────────────────────────────────────────
    const yaml = [
      'version: 1',
      'regions:',
      '  r1:',
      '    lan: [10.0.0.0/16]',
      '    hosts:',
      ...ids.flatMap((id, i) => [`      ${id}:`, `        internal: 10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, `        ssh: { host: 127.0.0.1, port: ${hosts[i].port}, user: root }`, '        services: [app]']),
      'services:',
      '  app:',
      '    kind: other',
      '    deploy:',
      '      artifact: dist/app-*.jar',
      `      dir: ${remote}/ours/{host}`,
      '      restart: "true"',
      `      serial: ${HOSTS}`,
      '      keep: 3',
      '',
    ].join('\n');
    const { topology } = parseTopology('dubbo-topology.yaml', yaml);
    for (let r = 0; r < RUNS; r++) {
      const pool = new SshPool({ prompter: { confirmUnknownHostKey: async () => false, secret: async () => undefined, forgetSecret: async () => undefined }, knownHostsFile: kh });
      const session = hostSessions(topology, pool, { home: dir, localUser: 'root', defaultIdentityFiles: [key.path] });
      let report;
      const t = await timed(async () => {
        report = await runDeploy(planDeploy(topology, { all: true }, ws), { topology, root: ws, session, log: new DeployLog({}) });
      });
      await pool.closeAll();
      if (!report.ok) throw new Error('our deploy failed: ' + JSON.stringify(report.outcomes.filter((o) => o.status !== 'deployed')));
      results.ours.push(t);
      console.log(`ours     run ${r + 1}: ${fmt(t)}`);
    }

    // ── parallel scp + ssh ────────────────────────────────────────────────────────────────
    const common = ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${kh}`, '-o', 'StrictHostKeyChecking=yes', '-i', key.path];
    const ssh = (i, command) => run('ssh', [...common, '-p', String(hosts[i].port), 'root@127.0.0.1', command]);
    for (let r = 0; r < RUNS; r++) {
      const rel = stamp();
      const t = await timed(() =>
        Promise.all(
          ids.map(async (id, i) => {
            const base = `${remote}/scp/${id}`;
            const a = await ssh(i, `mkdir -p ${base}/releases/${rel}`);
            if (a.code !== 0) throw new Error(`ssh ${id}: ${a.stderr}`);
            const b = await run('scp', ['-q', ...common, '-P', String(hosts[i].port), artifact, `root@127.0.0.1:${base}/releases/${rel}/app-1.0.jar`]);
            if (b.code !== 0) throw new Error(`scp ${id}: ${b.stderr}`);
            const c = await ssh(i, `cd ${base} && [ "$(sha256sum releases/${rel}/app-1.0.jar | cut -c1-64)" = ${digest} ] && ln -sfn releases/${rel} .current.tmp && mv -Tf .current.tmp current && true`);
            if (c.code !== 0) throw new Error(`ssh ${id}: ${c.stderr}`);
          }),
        ),
      );
      results.scp.push(t);
      console.log(`scp+ssh  run ${r + 1}: ${fmt(t)}`);
    }

    // ── ansible-playbook forks=10 ─────────────────────────────────────────────────────────
    let hasAnsible = spawnSync('sh', ['-c', 'command -v ansible-playbook'], { encoding: 'utf8' }).status === 0;
    if (!hasAnsible) {
      console.log('ansible-playbook not found: trying apt-get install -y ansible-core …');
      const inst = spawnSync('sh', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y ansible-core'], { encoding: 'utf8' });
      hasAnsible = inst.status === 0 && spawnSync('sh', ['-c', 'command -v ansible-playbook']).status === 0;
    }
    if (!hasAnsible) {
      ansibleNote = 'ansible skipped: ansible-playbook could not be installed';
      console.log(ansibleNote);
    } else {
      const inv = ['[hosts]', ...ids.map((id, i) => `${id} ansible_host=127.0.0.1 ansible_port=${hosts[i].port}`), '', '[hosts:vars]', 'ansible_user=root',
        `ansible_ssh_private_key_file=${key.path}`, `ansible_ssh_common_args='-F /dev/null -o UserKnownHostsFile=${kh} -o StrictHostKeyChecking=yes'`, 'ansible_python_interpreter=/usr/bin/python3', ''].join('\n');
      writeFileSync(join(dir, 'inventory.ini'), inv);
      writeFileSync(join(dir, 'deploy.yml'), `- hosts: hosts
  gather_facts: false
  vars:
    base: "${remote}/ansible/{{ inventory_hostname }}"
  tasks:
    - name: release dir
      file: { path: "{{ base }}/releases/{{ rel }}", state: directory }
    - name: upload
      copy: { src: "${artifact}", dest: "{{ base }}/releases/{{ rel }}/app-1.0.jar", checksum: "${createHash('sha1').update(readFileSync(artifact)).digest('hex')}" }
    - name: switch
      file: { src: "releases/{{ rel }}", dest: "{{ base }}/current", state: link, force: true }
    - name: restart
      command: "true"
`);
      const env = { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp'), ANSIBLE_RETRY_FILES_ENABLED: 'False', ANSIBLE_NOCOLOR: '1' };
      for (let r = 0; r < RUNS; r++) {
        let res;
        const t = await timed(async () => {
          res = await run('ansible-playbook', ['-i', join(dir, 'inventory.ini'), '-f', '10', '-e', `rel=${stamp()}`, join(dir, 'deploy.yml')], { env });
        });
        if (res.code !== 0) {
          ansibleNote = `ansible failed (exit ${res.code}): ${(res.stdout + res.stderr).split('\n').filter((l) => /fatal|ERROR/.test(l)).slice(0, 3).join(' | ')}`;
          console.log(ansibleNote);
          break;
        }
        results.ansible.push(t);
        console.log(`ansible  run ${r + 1}: ${fmt(t)}`);
      }
    }
  } finally {
    await Promise.all(hosts.map((h) => h.stop()));
    rmSync(dir, { recursive: true, force: true });
  }

  const ours = best(results.ours);
  const scp = best(results.scp);
  const parts = [`ours ${fmt(ours)}`, `scp+ssh ${fmt(scp)}`];
  const ratios = [`ours/scp ${(ours / scp).toFixed(2)}× (target ≤ 1.10×)`];
  if (results.ansible.length) {
    const ans = best(results.ansible);
    parts.push(`ansible ${fmt(ans)}`);
    ratios.push(`ansible/ours ${(ans / ours).toFixed(2)}× faster than ansible`);
  } else {
    ratios.push(ansibleNote || 'ansible skipped');
  }
  console.log(`\ndeploy ${MB} MB to ${HOSTS} hosts (best of ${RUNS}): ${parts.join(', ')} — ${ratios.join(', ')}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.log(`deploy bench could not complete: ${e.message}`);
    process.exit(0);
  },
);
