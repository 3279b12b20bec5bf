import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { at } from '../support/lint';
import { exampleDir } from '../support/context';
import { API_XML, applyFix, DRIVER_XML, dubboContext, exampleFiles, lintDubbo, ORDER_XML, spanOf } from '../support/dubbo';

const DUBBO_RULES = /^(dubbo-|xml-syntax|properties-)/;

test('examples/two-region keeps the seed\'s two XML fragments verbatim', () => {
  const files = exampleFiles();
  const provider =
    '<!-- dubbo 配置 --> <dubbo:application name="ts_provider_order"/> <dubbo:registry address="${zookeeper.host}"/> <dubbo:protocol name="dubbo" port="-1"/> <dubbo:provider timeout="60000" retries="0" threadpool="cached" threads="1000" accepts="1000"/> <dubbo:consumer check="false"/> <dubbo:annotation package="com.soft.ts"/>';
  const consumer =
    '<!-- dubbo 配置 --> <dubbo:application name="ts_admin"/> <dubbo:registry address="${zookeeper.host}" /> <dubbo:protocol name="dubbo" port="-1" /> <dubbo:consumer check="false" timeout="60000" retries="0"/> <dubbo:annotation package="com.soft.ts"/>';
  const flat = (f: string) =>
    files[f]
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('<!--') || l.startsWith('<dubbo:'))
      .join(' ');
  assert.equal(flat(ORDER_XML), provider);
  assert.equal(flat(API_XML), consumer);
  assert.equal(flat(DRIVER_XML), provider.replace('ts_provider_order', 'ts_provider_driver'));
});

test('each seed Dubbo mistake is reported once, at its line', () => {
  const files = exampleFiles();
  const ds = lintDubbo(files).filter((d) => DUBBO_RULES.test(d.rule));
  const got = ds.map((d) => `${d.file} ${d.rule} ${at(d)}`).sort();
  const registryLine = files['dubbo-topology.yaml'].split('\n').indexOf('  registry:');
  assert.ok(registryLine > 0);
  const expected = [
    // 华东2 hosts cannot reach the registry at 华东1's internal IP (each config has the address).
    `${API_XML} dubbo-registry-unreachable ${spanOf(files[API_XML], '<dubbo:registry', '${zookeeper.host}')}`,
    `${ORDER_XML} dubbo-registry-unreachable ${spanOf(files[ORDER_XML], '<dubbo:registry', '${zookeeper.host}')}`,
    `${DRIVER_XML} dubbo-registry-unreachable ${spanOf(files[DRIVER_XML], '<dubbo:registry', '${zookeeper.host}')}`,
    // port="-1" in every config.
    `${API_XML} dubbo-protocol-random-port ${spanOf(files[API_XML], '<dubbo:protocol', '-1')}`,
    `${ORDER_XML} dubbo-protocol-random-port ${spanOf(files[ORDER_XML], '<dubbo:protocol', '-1')}`,
    `${DRIVER_XML} dubbo-protocol-random-port ${spanOf(files[DRIVER_XML], '<dubbo:protocol', '-1')}`,
    // The outage: providers register internal IPs (on <dubbo:protocol>).
    `${ORDER_XML} dubbo-registers-internal-ip ${spanOf(files[ORDER_XML], '<dubbo:protocol', 'dubbo:protocol')}`,
    `${DRIVER_XML} dubbo-registers-internal-ip ${spanOf(files[DRIVER_XML], '<dubbo:protocol', 'dubbo:protocol')}`,
    // The only ZooKeeper is in 华东1: the DR hole, on the registry service.
    `dubbo-topology.yaml dubbo-registry-single-region ${registryLine}:2-${registryLine}:10`,
  ].sort();
  assert.deepEqual(got, expected);
  const outage = ds.find((d) => d.rule === 'dubbo-registers-internal-ip' && d.file === ORDER_XML)!;
  assert.equal(
    outage.message,
    'order registers addresses in registry registry that some consumers cannot reach: 192.168.27.102 (app-1) is unreachable from api-2 (华东2); 172.16.8.102 (app-2) is unreachable from api-1 (华东1). Their calls fail. Register an address every consumer can reach.',
  );
  assert.equal(outage.severity, 'error');
});

test('the off-by-default rules find the seed\'s check="false" when enabled', () => {
  const files = exampleFiles();
  const ds = lintDubbo(files, { ruleOverrides: { 'dubbo-consumer-check-false': 'info' } }).filter((d) => d.rule === 'dubbo-consumer-check-false');
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)}`).sort(), [
    `${API_XML} ${spanOf(files[API_XML], '<dubbo:consumer', 'false')}`,
    `${DRIVER_XML} ${spanOf(files[DRIVER_XML], '<dubbo:consumer', 'false')}`,
    `${ORDER_XML} ${spanOf(files[ORDER_XML], '<dubbo:consumer', 'false')}`,
  ]);
});

test('every fix offered on the example leaves no new error and removes its finding', () => {
  const files = exampleFiles();
  const before = lintDubbo(files);
  const key = (d: { file: string; rule: string; message: string }) => `${d.file}|${d.rule}|${d.message}`;
  const known = new Set(before.map(key));
  let fixes = 0;
  for (const d of before.filter((x) => DUBBO_RULES.test(x.rule))) {
    for (const fix of d.fixes) {
      fixes++;
      const after = lintDubbo(applyFix(files, fix));
      // A fix that makes a provider or a registry reachable across regions makes the traffic cross the
      // public network: the plain-text rules then say so — the fix's consequence, told.
      const consequence = (x: { rule: string }) =>
        (x.rule === 'dubbo-rpc-plaintext-public' && d.rule === 'dubbo-registers-internal-ip') ||
        (x.rule === 'dubbo-registry-plaintext-public' && d.rule === 'dubbo-registry-unreachable');
      const added = after.filter((x) => !known.has(key(x)) && (x.severity === 'error' || x.severity === 'warning') && !consequence(x));
      assert.deepEqual(added.map(key), [], `fix "${fix.title}" of ${d.rule} in ${d.file}`);
      const still = after.filter((x) => x.rule === d.rule && x.file === d.file && at(x) === at(d));
      assert.deepEqual(still.map(key), [], `fix "${fix.title}" of ${d.rule} in ${d.file} removes it`);
    }
  }
  assert.ok(fixes >= 12, `fixes offered: ${fixes}`);
});

test('the CLI reports the same Dubbo findings as the engine', () => {
  const out: string[] = [];
  const code = main(['lint', exampleDir, '--format', 'json'], (s) => out.push(s), () => undefined);
  assert.equal(code, 1);
  const list = (JSON.parse(out.join('')) as { diagnostics: { file: string; rule: string; line: number; column: number; message: string }[] }).diagnostics;
  const cli = list.filter((d) => DUBBO_RULES.test(d.rule)).map((d) => `${d.file} ${d.rule} ${d.line}:${d.column} ${d.message}`).sort();
  const engine = lintDubbo(exampleFiles())
    .filter((d) => DUBBO_RULES.test(d.rule))
    .map((d) => `${d.file} ${d.rule} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)
    .sort();
  assert.deepEqual(cli, engine);
  assert.ok(cli.length >= 9);
});

test('files: the configs services list and any other XML that binds a Dubbo namespace', () => {
  const files = exampleFiles();
  files['extra/other.xml'] = '<beans xmlns:d="http://dubbo.apache.org/schema/dubbo"><d:application name="x"/></beans>\n';
  files['extra/plain.xml'] = '<project><version>1.0.0.1</version></project>\n';
  assert.deepEqual(dubboAnalyzer.files(dubboContext(files)), [API_XML, DRIVER_XML, 'extra/other.xml', ORDER_XML]);
});
