import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dubboModel } from '../../../src/core/dubbo/model';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { springReadOrder } from '../../../src/core/properties/springFiles';
import { memoryWorkspace } from '../support/context';
import { ofRule } from '../support/lint';
import { DUBBO_ANALYZERS, dubboContext, lineOf, lintDubbo } from '../support/dubbo';

/**
 * Profile-specific files (`application-{profile}.yml`): Spring Boot reads one only where its profile
 * is active, after the file it specializes. Two regions: 杭州 (hz: the registry zk1, app1) and 上海
 * (sh: app2); the Spring Boot consumer `user` runs on app1 and app2.
 */
function topology(opts: { hz?: string; sh?: string; files?: string } = {}): string {
  const props = (p?: string) => (p === undefined ? '' : `    properties: { spring.profiles.active: "${p}" }\n`);
  return `version: 1
regions:
  hz:
    name: 杭州
    lan: [10.10.0.0/16]
${props(opts.hz)}    hosts:
      zk1: { internal: 10.10.1.11, external: 47.96.1.11, services: [zk] }
      app1: { internal: 10.10.2.21, external: 47.96.2.21, services: [user] }
  sh:
    name: 上海
    lan: [10.20.0.0/16]
${props(opts.sh)}    hosts:
      app2: { internal: 10.20.2.21, external: 106.14.2.21, services: [user] }
services:
  zk: { kind: zookeeper, port: 2181 }
  user:
    kind: dubbo-consumer
    port: 8080
    config: [${opts.files ?? 'application.yml, application-prod.yml, application-dr.yml'}]
`;
}

const APP = 'dubbo:\n  application:\n    name: user\n  registry:\n    address: zookeeper://${zk.host}:2181\n';
// prod names an address of 上海's LAN: app1 in 杭州 cannot reach it; dr names zk1's external IP.
const PROD = 'zk:\n  host: 10.20.2.99\nreport.host: 10.20.2.50\n';
const DR = 'zk:\n  host: 47.96.1.11\ncache.host: 10.10.2.50\n';

function files(opts: Parameters<typeof topology>[0] = {}, more: Record<string, string> = {}): Record<string, string> {
  return { 'dubbo-topology.yaml': topology(opts), 'application.yml': APP, 'application-prod.yml': PROD, 'application-dr.yml': DR, ...more };
}

const hostsIn = (message: string) => ['app1', 'app2'].filter((h) => message.includes(h)).join(',');

test('profile files: application-{profile}.yml is read only on the hosts where its profile is active, over application.yml', () => {
  const ds = lintDubbo(files({ hz: 'prod', sh: 'dr' }));
  const unreachable = ofRule(ds, 'dubbo-registry-unreachable');
  assert.deepEqual(unreachable.map((d) => `${d.file} ${d.range.start.line} ${hostsIn(d.message)}`), ['application.yml 4 app1']);
  assert.deepEqual(unreachable[0].related.map((r) => `${r.file} ${r.range.start.line}`), ['application-prod.yml 1']);
  // The plain values of each profile's file are judged from the hosts reading it alone.
  const cross = ofRule(ds, 'cross-region-internal-ip');
  assert.deepEqual(cross.map((d) => `${d.file} ${d.range.start.line} ${hostsIn(d.message)}`), [
    'application-dr.yml 2 app2',
    'application-prod.yml 2 app1',
  ]);
  // Listed in another order, Spring's order is the same.
  const again = lintDubbo(files({ hz: 'prod', sh: 'dr', files: 'application-dr.yml, application-prod.yml, application.yml' }));
  assert.deepEqual(ofRule(again, 'dubbo-registry-unreachable').map((d) => `${d.file} ${d.range.start.line} ${hostsIn(d.message)}`), ['application.yml 4 app1']);
});

test('profile files: each host resolves placeholders from the files of its own profiles; several profiles, the later wins', () => {
  const on = (f: Record<string, string>, host: string) => {
    const ctx = dubboContext(f);
    return ctx.resolve('zk.host', { host: ctx.topology.hostById.get(host)!, service: ctx.topology.serviceById.get('user')! })?.value;
  };
  const f = files({ hz: 'prod', sh: 'dr' });
  assert.equal(on(f, 'app1'), '10.20.2.99');
  assert.equal(on(f, 'app2'), '47.96.1.11');
  assert.equal(on(files({ hz: 'prod,dr' }), 'app1'), '47.96.1.11');
  assert.equal(on(files({ hz: 'dr, prod' }), 'app1'), '10.20.2.99');
  assert.deepEqual(ofRule(lintDubbo(files({ hz: 'prod,dr', sh: 'dr' })), 'dubbo-registry-unreachable'), []);
});

test('profile files: with no profile active anywhere, application-default.yml is read and the others are judged from no host', () => {
  const prod = 'zk.host: 10.20.2.99\ndubbo.consumer.timeout: 6s\n';
  const f = files({ files: 'application.yml, application-prod.yml, application-default.yml' }, { 'application-prod.yml': prod, 'application-default.yml': 'zk.host: 47.96.1.11\n' });
  const ds = lintDubbo(f);
  // zk.host is not defined but by profile files: application-default.yml gives it on every host.
  assert.deepEqual(ofRule(ds, 'dubbo-registry-unreachable'), []);
  assert.deepEqual(ofRule(ds, 'dubbo-placeholder-unresolved'), []);
  // application-prod.yml is read by no host: its values are judged alone (an address no host has, a bad timeout).
  assert.deepEqual(ds.filter((d) => d.file === 'application-prod.yml').map((d) => d.rule), ['ip-unknown', 'dubbo-invalid-value']);
  const ctx = dubboContext(f);
  assert.deepEqual(ctx.vantage('application-prod.yml'), []);
  assert.deepEqual(ctx.vantage('application-default.yml').map((v) => v.host.id), ['app1', 'app2']);
  assert.deepEqual(ctx.vantage('application.yml').map((v) => v.host.id), ['app1', 'app2']);
});

test('profile files: the profile application.yml activates itself applies on every host, unless the topology says otherwise', () => {
  const app = `spring.profiles.active: prod\n${APP}`;
  let ds = ofRule(lintDubbo(files({}, { 'application.yml': app })), 'dubbo-registry-unreachable');
  assert.deepEqual(ds.map((d) => `${d.file} ${d.range.start.line} ${hostsIn(d.message)}`), ['application.yml 5 app1']);
  ds = ofRule(lintDubbo(files({ hz: 'dr' }, { 'application.yml': app })), 'dubbo-registry-unreachable');
  assert.deepEqual(ds, []);
});

test('profile files: a dubbo.* key of the profile file overrides the one of application.yml on the hosts of that profile', () => {
  const app = 'dubbo:\n  application.name: user\n  registry.address: zookeeper://10.10.1.11:2181\n';
  const ds = lintDubbo(files({ sh: 'dr' }, { 'application.yml': app, 'application-dr.yml': 'dubbo.registry.address: zookeeper://47.96.1.11:2181\n' }));
  // app2 reads the external address of application-dr.yml: no host is left with the internal one it cannot reach.
  assert.deepEqual(ofRule(ds, 'dubbo-registry-unreachable'), []);
  const ctx = dubboContext(files({ sh: 'dr' }, { 'application.yml': app, 'application-dr.yml': 'dubbo.registry.address: zookeeper://47.96.1.11:2181\n' }));
  const user = ctx.topology.serviceById.get('user')!;
  const uses = (host: string) => dubboModel(ctx).registryUses(user, ctx.topology.hostById.get(host)!).map((u) => `${u.file} ${u.rv?.text}`);
  assert.deepEqual(uses('app1'), ['application.yml zookeeper://10.10.1.11:2181']);
  assert.deepEqual(uses('app2'), ['application-dr.yml zookeeper://47.96.1.11:2181']);
});

test('profile files: of the files of one folder, .properties over .yml; a profile-specific file over the plain one, whatever the listed order', () => {
  assert.deepEqual(springReadOrder(['a/application.properties', 'a/application.yml', 'b/application.yml'], []), ['a/application.yml', 'a/application.properties', 'b/application.yml']);
  assert.deepEqual(
    springReadOrder(['application-dr.yml', 'application-prod.properties', 'application.yml', 'application-prod.yml', 'application-x.yml', 'svc.properties'], ['prod', 'dr']),
    ['application.yml', 'application-prod.yml', 'application-prod.properties', 'application-dr.yml', 'svc.properties'],
  );
  const f = files({ hz: 'prod' }, { 'application.properties': 'zk.host=47.96.1.11\n', 'application.yml': `zk.host: 10.20.2.99\n${APP}`, 'application-prod.yml': '' });
  f['dubbo-topology.yaml'] = topology({ hz: 'prod', files: 'application.properties, application.yml, application-prod.yml' });
  assert.deepEqual(ofRule(lintDubbo(f), 'dubbo-registry-unreachable'), []);
});

test('profile files: the editor re-judges the profile files when the profile application.yml activates changes', () => {
  const ws = memoryWorkspace(files({}, { 'application.yml': `spring.profiles.active: dr\n${APP}` }));
  const cache = new LintCache();
  const lint = () => lintWorkspace(ws, { analyzers: DUBBO_ANALYZERS, cache })!.diagnostics.filter((d) => d.rule === 'cross-region-internal-ip').map((d) => `${d.file} ${hostsIn(d.message)}`);
  assert.deepEqual(lint(), ['application-dr.yml app2']);
  ws.contents.set('application.yml', `spring.profiles.active: prod\n${APP}`);
  assert.deepEqual(lint(), ['application-prod.yml app1']);
  assert.equal(lineOf(PROD, 'report.host'), 2);
});

test('profile groups: a group the plain file defines activates its members on the hosts of its profile, files and documents alike', () => {
  // dr on 上海 brings drdb in: application-drdb.yml names an address of 杭州's LAN, which app2 cannot reach.
  const app = `spring.profiles.group.dr: drdb\n${APP}`;
  const list = 'application.yml, application-prod.yml, application-dr.yml, application-drdb.yml';
  const f = files({ hz: 'prod', sh: 'dr', files: list }, { 'application.yml': app, 'application-drdb.yml': 'db.host: 10.10.2.50\n' });
  const cross = ofRule(lintDubbo(f), 'cross-region-internal-ip');
  assert.deepEqual(cross.map((d) => `${d.file} ${d.range.start.line} ${hostsIn(d.message)}`), [
    'application-dr.yml 2 app2',
    'application-drdb.yml 0 app2',
    'application-prod.yml 2 app1',
  ]);
  const ctx = dubboContext(f);
  assert.deepEqual(ctx.vantage('application-drdb.yml').map((v) => v.host.id), ['app2']);
  // The member comes after its group: drdb's file wins over dr's.
  assert.deepEqual(ctx.readOrder({ host: ctx.topology.hostById.get('app2')!, service: ctx.topology.serviceById.get('user')! }), [
    'application.yml',
    'application-dr.yml',
    'application-drdb.yml',
  ]);
  // drdb's zk.host, read after dr's, is the one app2 uses.
  const f2 = files({ hz: 'prod', sh: 'dr', files: list }, { 'application.yml': app, 'application-drdb.yml': 'zk.host: 10.10.1.11\n' });
  const ctx2 = dubboContext(f2);
  assert.equal(ctx2.resolve('zk.host', { host: ctx2.topology.hostById.get('app2')!, service: ctx2.topology.serviceById.get('user')! })?.file, 'application-drdb.yml');
  // Without the group, application-drdb.yml is read by no host.
  const without = files({ hz: 'prod', sh: 'dr', files: list }, { 'application-drdb.yml': 'db.host: 10.10.2.50\n' });
  assert.deepEqual(dubboContext(without).vantage('application-drdb.yml'), []);
  assert.deepEqual(ofRule(lintDubbo(without), 'cross-region-internal-ip').filter((d) => d.file === 'application-drdb.yml'), []);
});

test('profile groups: a YAML list, groups of groups, a loop, and the group of default when nothing is active', () => {
  const app = ['spring:', '  profiles:', '    group:', '      default: [local]', '      dr: [drdb, drmq]', '      drmq: [dr, mqtls]', APP].join('\n');
  const list = 'application.yml, application-local.yml, application-dr.yml, application-drdb.yml, application-drmq.yml, application-mqtls.yml';
  const more = { 'application.yml': app, 'application-local.yml': '', 'application-drdb.yml': '', 'application-drmq.yml': '', 'application-mqtls.yml': '' };
  const ctx = dubboContext(files({ sh: 'dr', files: list }, more));
  const order = (host: string) => ctx.readOrder({ host: ctx.topology.hostById.get(host)!, service: ctx.topology.serviceById.get('user')! });
  // 杭州 sets no profile: default, and its group's local.
  assert.deepEqual(order('app1'), ['application.yml', 'application-local.yml']);
  // dr, drdb, drmq, then drmq's mqtls (its dr is there already).
  assert.deepEqual(order('app2'), ['application.yml', 'application-dr.yml', 'application-drdb.yml', 'application-drmq.yml', 'application-mqtls.yml']);
  // A group written in a profile's document is not read (Spring refuses it there).
  const inDoc = `spring.profiles.active: dr\n${APP}---\nspring.config.activate.on-profile: dr\nspring.profiles.group.dr: drdb\n`;
  const ctx2 = dubboContext(files({ sh: 'dr', files: list }, { ...more, 'application.yml': inDoc }));
  assert.deepEqual(ctx2.readOrder({ host: ctx2.topology.hostById.get('app2')!, service: ctx2.topology.serviceById.get('user')! }), ['application.yml', 'application-dr.yml']);
});
