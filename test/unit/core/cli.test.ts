import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../../src/cli';
import { repoRoot, tempWorkspace } from '../support/context';
import { TWO_REGIONS } from '../support/lint';

function run(args: string[], cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, (s) => out.push(s), (s) => err.push(s), cwd);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('cli: no topology or bad usage exits 2 with a message on stderr', () => {
  const empty = tempWorkspace({ 'readme.txt': 'x' });
  const r = run(['lint', empty]);
  assert.equal(r.code, 2);
  assert.match(r.err, /No dubbo-topology\.yaml found in /);
  assert.equal(run([]).code, 2);
  assert.equal(run(['lint', '--format', 'xml', empty]).code, 2);
  assert.match(run(['lint', '--format', 'xml', empty]).err, /Unknown format "xml"/);
  assert.equal(run(['lint', '--bogus']).code, 2);
  assert.equal(run(['lint', 'a', 'b']).code, 2);
  assert.match(run(['lint', empty, '--locale', 'zh-cn']).err, /未找到 dubbo-topology\.yaml/);
});

test('cli: --help and --version are answers, not errors: stdout, exit 0', () => {
  for (const argv of [['--help'], ['-h'], ['help'], ['lint', '--help'], ['lint', 'some/folder', '-h']]) {
    const r = run(argv);
    assert.equal(r.code, 0, argv.join(' '));
    assert.equal(r.err, '');
    assert.match(r.out, /^Usage: dubbo-topology lint /);
    assert.match(r.out, /Exit codes: 0 no error; 1 an error-severity diagnostic remains; 2 bad usage/);
    assert.match(r.out, /DUBBO_TOPOLOGY_CACHE_DIR/);
  }
  assert.match(run(['--help', '--locale', 'zh-cn']).out, /^用法：dubbo-topology lint [\s\S]*退出码：/);
  const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
  for (const argv of [['--version'], ['-v'], ['lint', '--version'], ['lint', 'some/folder', '-v']]) {
    const v = run(argv);
    assert.equal(v.code, 0, argv.join(' '));
    assert.equal(v.out, version);
  }
});

test('cli: exit 0 when clean, 1 when an error remains; text format with summary', () => {
  const clean = tempWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS });
  const ok = run(['lint', clean]);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /0 error\(s\), 0 warning\(s\), 0 info\/hint\(s\)$/);
  const bad = tempWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS.replace('services: [api]', 'services: [apii]') });
  const r = run(['lint', bad]);
  assert.equal(r.code, 1);
  assert.equal(r.out.split('\n')[0], 'dubbo-topology.yaml:18:20 error unknown-service Unknown service "apii". Did you mean "api"?');
  const warnOnly = tempWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS.replace('external: 139.159.250.7', 'external: 10.0.0.7') });
  assert.equal(run(['lint', warnOnly]).code, 0, 'warnings do not fail');
});

test('cli: JSON shape: 1-based lines/columns, end exclusive, relative / paths, fixes with safe and edits', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS.replace('services: [api]', 'services: [apii]') });
  const r = run(['lint', '--format', 'json', dir]);
  const json = JSON.parse(r.out);
  assert.deepEqual(Object.keys(json), ['diagnostics']);
  assert.deepEqual(json.diagnostics[0], {
    file: 'dubbo-topology.yaml',
    line: 18,
    column: 20,
    endLine: 18,
    endColumn: 24,
    severity: 'error',
    rule: 'unknown-service',
    message: 'Unknown service "apii". Did you mean "api"?',
    fixes: [
      {
        title: 'Replace with "api"',
        safe: false,
        edits: [{ file: 'dubbo-topology.yaml', line: 18, column: 20, endLine: 18, endColumn: 24, newText: 'api' }],
      },
    ],
  });
});

test('cli: SARIF 2.1.0 with rule metadata and levels', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS.replace('services: [api]', 'services: [apii]').replace('external: 139.159.250.7', 'external: 10.0.0.7') });
  const sarif = JSON.parse(run(['lint', '--format', 'sarif', dir]).out);
  assert.equal(sarif.version, '2.1.0');
  const runObj = sarif.runs[0];
  assert.equal(runObj.tool.driver.name, 'dubbo-topology');
  const ids = runObj.tool.driver.rules.map((x: { id: string }) => x.id);
  assert.ok(ids.includes('unknown-service') && ids.includes('topology-schema'));
  const levels = runObj.results.map((x: { ruleId: string; level: string }) => `${x.ruleId}:${x.level}`);
  assert.deepEqual(levels.sort(), ['external-ip-private:warning', 'unknown-service:error']);
  const res = runObj.results.find((x: { ruleId: string }) => x.ruleId === 'unknown-service');
  assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 18, startColumn: 20, endLine: 18, endColumn: 24 });
  assert.equal(runObj.tool.driver.rules[res.ruleIndex].id, 'unknown-service');
  assert.equal(runObj.originalUriBaseIds.SRCROOT.uri, pathToFileURL(`${dir}/`).href);
  assert.equal(runObj.invocations, undefined, 'no rules: set, no overrides');
});

test('cli: SARIF paths are URI references; the topology rules: are configuration overrides', () => {
  const yaml = TWO_REGIONS.replace('services: [api]', 'services: [apii]').replace(/^regions:/m, 'rules:\n  unknown-service: warning\n  ip-unknown: off\nregions:');
  const dir = tempWorkspace({ 'dubbo-topology.yaml': yaml, 'nginx/ngi nx 配置/nginx #1.conf': 'server 139.159.257.207:8680;\n' });
  const runObj = JSON.parse(run(['lint', '--format', 'sarif', dir]).out).runs[0];
  const uris = runObj.results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri);
  assert.ok(uris.includes('nginx/ngi%20nx%20%E9%85%8D%E7%BD%AE/nginx%20%231.conf'), uris.join(' '));
  assert.equal(decodeURIComponent(new URL(uris.find((u: string) => u.startsWith('nginx/'))!, 'file:///w/').pathname), '/w/nginx/ngi nx 配置/nginx #1.conf');
  const overrides = runObj.invocations[0].ruleConfigurationOverrides as { descriptor: { id: string; index: number }; configuration: { level: string; enabled: boolean } }[];
  assert.deepEqual(
    overrides.map((o) => [o.descriptor.id, o.configuration.level, o.configuration.enabled]).sort(),
    [
      ['ip-unknown', 'none', false],
      ['unknown-service', 'warning', true],
    ],
  );
  for (const o of overrides) assert.equal(runObj.tool.driver.rules[o.descriptor.index].id, o.descriptor.id);
  assert.equal(runObj.results.find((x: { ruleId: string }) => x.ruleId === 'unknown-service').level, 'warning');
});

test('cli: --fix applies safe fixes only, prints them, and reports what remains', () => {
  const yaml = TWO_REGIONS.replace('services: [api]', 'services: [apii]');
  const dir = tempWorkspace({ 'dubbo-topology.yaml': yaml, 'a.conf': 'server 139.159.257.207:8680;\n' });
  const r = run(['lint', '--fix', dir]);
  assert.equal(r.code, 1, 'the unsafe unknown-service fix is not applied, so an error remains');
  assert.equal(readFileSync(join(dir, 'dubbo-topology.yaml'), 'utf8'), yaml);
});

test('cli: --fix on the example leaves no error; the warnings left are what reachability costs', () => {
  const dir = tempWorkspace(); // a copy of the example
  const r = run(['lint', '--fix', dir]);
  assert.equal(r.code, 0, r.out);
  const after = run(['lint', dir, '--format', 'json']);
  const rules = (JSON.parse(after.out) as { diagnostics: { rule: string; severity: string }[] }).diagnostics.map((d) => `${d.severity} ${d.rule}`);
  assert.deepEqual([...new Set(rules)].sort(), [
    'hint nginx-dr-upstream-no-backup',
    'warning dubbo-registry-plaintext-public',
    'warning dubbo-registry-single-region',
    'warning dubbo-rpc-plaintext-public',
    'warning nfs-no-root-squash',
    'warning nfs-public-export',
    'warning nginx-upstream-plaintext-public',
  ]);
});

test('cli: --fix makes fixes that meet at one place in passes: two properties for one region land in one block', () => {
  const dir = tempWorkspace(); // a copy of the example
  const xml = join(dir, 'api/src/main/resources/applicationContext.xml');
  const registry = '<dubbo:registry address="${zookeeper.host}" />';
  assert.ok(readFileSync(xml, 'utf8').includes(registry));
  writeFileSync(xml, readFileSync(xml, 'utf8').replace(registry, `${registry}\n    <dubbo:registry id="r2" address="\${zk2.host}"/>`));
  appendFileSync(join(dir, 'api/src/main/resources/config.properties'), 'zk2.host=zookeeper://192.168.27.101:2182\n');
  const r = run(['lint', '--fix', dir]);
  assert.equal(r.code, 0, r.out);
  const topology = readFileSync(join(dir, 'dubbo-topology.yaml'), 'utf8');
  assert.equal(topology.match(/^ {4}properties:$/gm)?.length, 1, topology);
  assert.match(topology, / {4}properties:\n {6}zookeeper\.host: zookeeper:\/\/139\.159\.250\.7:2181\n {6}zk2\.host: zookeeper:\/\/139\.159\.250\.7:2182\n/);
  assert.doesNotMatch(run(['lint', dir]).out, /topology-syntax|topology-schema/);
});

test('cli: --fix keeps a BOM and writes at the reported column; leaves a file that is not UTF-8 alone, saying so once', () => {
  const dir = tempWorkspace();
  const exportsFile = join(dir, 'nfs/exports');
  const before = readFileSync(exportsFile, 'utf8');
  assert.ok(before.includes(' 139.159.257.207('));
  writeFileSync(exportsFile, `\ufeff${before}`);
  const conf = join(dir, 'nginx/nginx.conf');
  // A GBK comment on top: the file's other fixes are not made (writing it back as UTF-8 would garble it).
  const gbk = Buffer.concat([Buffer.from([0x23, 0x20, 0xbb, 0xaa, 0xb6, 0xab, 0x31, 0x0a]), readFileSync(conf)]);
  writeFileSync(conf, gbk);
  const r = run(['lint', '--fix', dir]);
  assert.equal(readFileSync(exportsFile, 'utf8'), `\ufeff${before.replace(' 139.159.257.207(', ' 139.159.250.207(')}`);
  assert.deepEqual(readFileSync(conf), gbk);
  assert.equal(r.err.split('\n').filter((l) => l.startsWith('not fixed nginx/nginx.conf: the file is not UTF-8')).length, 1, r.err);
  assert.doesNotMatch(r.err, /^fixed nginx\/nginx\.conf:/m);
});

test('cli: why there is no topology: no such folder, a file given for the folder, a topology that cannot be read', () => {
  const dir = tempWorkspace({ 'readme.txt': 'x' });
  const missing = run(['lint', join(dir, 'nope')]);
  assert.equal(missing.code, 2);
  assert.equal(missing.err, `The folder ${join(dir, 'nope')} does not exist.`);
  const ws = tempWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS });
  const file = run(['lint', join(ws, 'dubbo-topology.yaml')]);
  assert.equal(file.code, 2);
  assert.equal(file.err, `${join(ws, 'dubbo-topology.yaml')} is not a folder: give the folder that holds dubbo-topology.yaml (${ws}).`);
  // A topology that is there but cannot be opened (a link to itself: ELOOP even for root, as EACCES is for others).
  const loop = tempWorkspace({ 'readme.txt': 'x' });
  symlinkSync('dubbo-topology.yaml', join(loop, 'dubbo-topology.yaml'));
  const unreadable = run(['lint', loop]);
  assert.equal(unreadable.code, 2);
  assert.equal(unreadable.err, `Cannot read ${join(loop, 'dubbo-topology.yaml')} (ELOOP).`);
  assert.equal(run(['lint', loop, '--locale', 'zh-cn']).err, `无法读取 ${join(loop, 'dubbo-topology.yaml')}（ELOOP）。`);
  const binary = tempWorkspace({ 'dubbo-topology.yaml': 'version: 1\n\0\n' });
  assert.equal(run(['lint', binary]).err, `Not read: ${join(binary, 'dubbo-topology.yaml')} holds NUL bytes and looks binary.`);
});

test('cli: a listed file that cannot be read is reported as such, not as missing', () => {
  const yaml = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, config: [app.xml] }');
  const dir = tempWorkspace({ 'dubbo-topology.yaml': yaml });
  symlinkSync('app.xml', join(dir, 'app.xml'));
  const r = run(['lint', dir]);
  assert.match(r.out, /^app\.xml:1:1 warning file-skipped Not analyzed: this file cannot be read \(ELOOP\)\.$/m);
  assert.doesNotMatch(r.out, /does not exist/);
});

test('cli: text format keeps one diagnostic per line when a message quotes a value with line breaks', () => {
  const yaml = TWO_REGIONS.replace(/^regions:/m, 'rules:\n  ip-unknown: "bad\\nvalue\\r\\nmore"\nregions:');
  const dir = tempWorkspace({ 'dubbo-topology.yaml': yaml });
  const r = run(['lint', dir]);
  const lines = r.out.split('\n');
  assert.equal(lines.length, 2, r.out);
  assert.match(lines[0], /^dubbo-topology\.yaml:3:15 error topology-schema rules\.ip-unknown: "bad\\nvalue\\r\\nmore" is not one of /);
  assert.match(lines[1], /^1 error\(s\), 0 warning\(s\), 0 info\/hint\(s\)$/);
  // JSON keeps the message as it is.
  const json = JSON.parse(run(['lint', dir, '--format', 'json']).out) as { diagnostics: { message: string }[] };
  assert.match(json.diagnostics[0].message, /"bad\nvalue\r\nmore"/);
});

test('cli: an internal failure is neither "clean" nor "errors found": a message on stderr and exit 2', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS });
  const err: string[] = [];
  const code = main(
    ['lint', dir],
    () => {
      throw new Error('write EIO');
    },
    (s) => err.push(s),
  );
  assert.equal(code, 2);
  assert.match(err.join('\n'), /write EIO/);
  const zh: string[] = [];
  main(['lint', dir, '--locale', 'zh-cn'], () => {
    throw new Error('write EIO');
  }, (s) => zh.push(s));
  assert.match(zh.join('\n'), /内部错误/);
});

test('cli: a folder named dubbo-topology.yaml is said to be a folder, not "not found"', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml/readme.txt': 'x' });
  const r = run(['lint', dir]);
  assert.equal(r.code, 2);
  assert.equal(r.err, `${join(dir, 'dubbo-topology.yaml')} is a folder: the topology must be a file.`);
  assert.equal(run(['lint', dir, '--locale', 'zh-cn']).err, `${join(dir, 'dubbo-topology.yaml')} 是目录：拓扑必须是文件。`);
});

test('cli: lint . leaves a subfolder holding its own dubbo-topology.yaml to that topology; lint <subfolder> checks it', () => {
  const other = TWO_REGIONS.replace(/192\.168\.27\./g, '10.9.0.').replace(/172\.16\.8\./g, '10.8.0.');
  const dir = tempWorkspace({
    'dubbo-topology.yaml': TWO_REGIONS,
    'staging/dubbo-topology.yaml': other,
    'staging/nginx/nginx.conf': 'events {}\nhttp {\n  bogus_directive on;\n}\n',
  });
  const root = run(['lint', '.', '--format', 'json'], dir);
  assert.equal(root.code, 0, root.out);
  assert.deepEqual(JSON.parse(root.out).diagnostics, []);
  const nested = run(['lint', 'staging'], dir);
  assert.match(nested.out, /^nginx\/nginx\.conf:3:3 warning nginx-unknown-directive /m);
  // Without its own topology the folder is the root topology's to examine.
  rmSync(join(dir, 'staging', 'dubbo-topology.yaml'));
  assert.match(run(['lint', '.'], dir).out, /^staging\/nginx\/nginx\.conf:3:3 warning nginx-unknown-directive /m);
});

test('cli: zh-cn names a host with its region in full-width parentheses, as Chinese text writes them', () => {
  const dir = tempWorkspace(); // a copy of the example
  const text = run(['lint', dir, '--locale', 'zh-cn']);
  const json = run(['lint', dir, '--locale', 'zh-cn', '--format', 'json']);
  const diagnostics = (JSON.parse(json.out) as { diagnostics: { message: string; fixes: { title: string }[] }[] }).diagnostics;
  const lines = [...text.out.split('\n'), ...diagnostics.flatMap((d) => [d.message, ...d.fixes.map((f) => f.title)])];
  // ASCII parentheses around a region name: `api-2 (华东2)`, `(api-2, 华东2)`.
  const ascii = lines.filter((l) => /\([^()]*华东[12]\)/.test(l));
  assert.deepEqual(ascii, []);
  assert.match(text.out, /api-2（华东2）无法访问/);
  assert.ok(lines.some((l) => /\S（华东[12]）/.test(l)));
});

test('cli: --fix prints each change on one line: an insertion and a deletion say so, line breaks as \\n', () => {
  const dir = tempWorkspace(); // a copy of the example
  writeFileSync(join(dir, 'nfs/exports'), `${readFileSync(join(dir, 'nfs/exports'), 'utf8')}/srv/tmp 10.9.9.9 (rw,sync)\n`);
  const r = run(['lint', '--fix', dir]);
  const lines = r.err.split('\n');
  assert.deepEqual(lines.filter((l) => !l.startsWith('fixed ')), [], r.err);
  assert.ok(lines.includes('fixed dubbo-topology.yaml:22:1 -> (inserted "    properties:\\n      zookeeper.host: zookeeper://139.159.250.7:2181\\n")'), r.err);
  assert.ok(lines.includes('fixed nfs/exports:2:18 -> (deleted " ")'), r.err);
  assert.ok(lines.includes('fixed nginx/nginx.conf:31:31 -> 75s'), r.err);
  const zh = tempWorkspace();
  writeFileSync(join(zh, 'nfs/exports'), `${readFileSync(join(zh, 'nfs/exports'), 'utf8')}/srv/tmp 10.9.9.9 (rw,sync)\n`);
  const z = run(['lint', '--fix', zh, '--locale', 'zh-cn']).err.split('\n');
  assert.deepEqual(z.filter((l) => !l.startsWith('已修复 ')), []);
  assert.ok(z.includes('已修复 dubbo-topology.yaml:22:1 → （插入 "    properties:\\n      zookeeper.host: zookeeper://139.159.250.7:2181\\n"）'), z.join('\n'));
  assert.ok(z.includes('已修复 nfs/exports:2:18 → （删除 " "）'), z.join('\n'));
});
