import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import fc from 'fast-check';
import { applyEdits } from '../../../src/core/fixes';
import { nameList } from '../../../src/core/l10n';
import { parseTopology } from '../../../src/core/topology/parse';
import { bestAddressFrom, judgeFrom } from '../../../src/core/topology/reach';
import { exampleDir, contextFor, memoryWorkspace } from '../support/context';
import { TWO_REGIONS_WITH_DEPLOY } from '../support/lint';
import { params } from '../robustness/fuzz';

const example = readFileSync(join(exampleDir, 'dubbo-topology.yaml'), 'utf8');

test('the example topology parses into regions, hosts, services and shares with ranges', () => {
  const { topology: t, findings } = parseTopology('dubbo-topology.yaml', example);
  assert.deepEqual(findings, []);
  assert.deepEqual(t.regions.map((r) => `${r.id}:${r.name}`), ['east-1:华东1', 'east-2:华东2']);
  assert.deepEqual(t.hosts.map((h) => h.id), ['api-1', 'app-1', 'api-2', 'app-2']);
  const api1 = t.hostById.get('api-1')!;
  assert.equal(api1.internal?.ip?.text, '192.168.27.101');
  assert.equal(api1.external?.text, '139.159.250.7');
  const line = example.split('\n').findIndex((l) => l.includes('internal: 192.168.27.101'));
  assert.deepEqual(api1.internal?.range.start, { line, character: 18 });
  assert.deepEqual(t.serviceById.get('api')!.hosts.map((h) => h.id), ['api-1', 'api-2']);
  assert.equal(t.serviceById.get('order')!.registry?.value, 'registry');
  assert.equal(t.serviceById.get('order')!.registerAs, 'internal');
  assert.deepEqual(t.serviceById.get('api')!.properties.map((p) => p.value), ['api/src/main/resources/config.properties']);
  const share = t.shareById.get('upload')!;
  assert.equal(share.server?.value, 'api-1');
  assert.deepEqual(share.options, ['rw', 'sync', 'no_root_squash']);
  assert.equal(share.exportsFile?.value, 'nfs/exports');
});

test('deploy blocks are read with defaults (serial 1, keep 5)', () => {
  const { topology: t, findings } = parseTopology('dubbo-topology.yaml', TWO_REGIONS_WITH_DEPLOY);
  assert.deepEqual(findings, []);
  const d = t.serviceById.get('api')!.deploy!;
  assert.deepEqual(d.restart, { unit: 'api.service' });
  assert.deepEqual(d.health, { http: 'http://127.0.0.1:8680/health', timeout: 30 });
  assert.equal(d.serial, 1);
  assert.equal(d.keep, 5);
  assert.deepEqual(d.order, ['east-2', 'east-1']);
  assert.deepEqual(d.env, { JAVA_OPTS: '-Xmx1g' });
});

test('reachability per vantage host: own internal, other internal, external, loopback, unknown', () => {
  const { topology: t } = parseTopology('dubbo-topology.yaml', example);
  const api1 = t.hostById.get('api-1')!;
  const api2 = t.hostById.get('api-2')!;
  assert.equal(judgeFrom(t, api1, '192.168.27.102').role, 'own-internal');
  assert.equal(judgeFrom(t, api2, '192.168.27.102').role, 'other-internal');
  assert.equal(judgeFrom(t, api2, '192.168.27.102').reachable, false);
  assert.equal(judgeFrom(t, api2, '192.168.27.102').host?.id, 'app-1');
  assert.equal(judgeFrom(t, api2, '139.159.250.8').role, 'external');
  assert.equal(judgeFrom(t, api2, '139.159.250.8').crossesPublic, true);
  assert.equal(judgeFrom(t, api2, '127.0.0.1').role, 'loopback');
  assert.equal(judgeFrom(t, api1, '192.168.27.200').role, 'own-lan');
  assert.equal(judgeFrom(t, api2, '192.168.27.200').role, 'other-lan');
  assert.equal(judgeFrom(t, api1, '8.8.8.8').role, 'unknown');
  assert.equal(bestAddressFrom(t.hostById.get('app-1')!, api1), '192.168.27.102');
  assert.equal(bestAddressFrom(t.hostById.get('app-1')!, api2), '139.159.250.8');
});

test('overlapping LANs: an address matches the vantage region first', () => {
  const yaml = `version: 1
regions:
  a:
    lan: [10.0.0.0/24]
    hosts: { a1: { internal: 10.0.0.5, services: [] } }
  b:
    lan: [10.0.0.0/24]
    hosts: { b1: { internal: 10.0.0.5, services: [] } }
`;
  const { topology: t } = parseTopology('dubbo-topology.yaml', yaml);
  assert.equal(judgeFrom(t, t.hostById.get('a1')!, '10.0.0.5').host?.id, 'a1');
  assert.equal(judgeFrom(t, t.hostById.get('b1')!, '10.0.0.5').host?.id, 'b1');
});

test('placeholders resolve per vantage host: host > region > properties files (last wins) > default', () => {
  const ws = memoryWorkspace({
    'dubbo-topology.yaml': `version: 1
regions:
  east-1:
    lan: [192.168.27.0/24]
    properties: { zk: "zookeeper://192.168.27.101:2181" }
    hosts:
      a1: { internal: 192.168.27.101, services: [svc], properties: { zk: "zookeeper://127.0.0.1:2181" } }
      a2: { internal: 192.168.27.102, services: [svc] }
  east-2:
    lan: [172.16.8.0/24]
    hosts:
      b1: { internal: 172.16.8.101, services: [svc] }
services:
  svc:
    kind: dubbo-provider
    config: [app.xml]
    properties: [base.properties, override.properties]
`,
    'base.properties': 'zk=zookeeper://10.0.0.1:2181\nonly.base=1\n',
    'override.properties': 'zk=zookeeper://139.159.250.7:2181\n',
    'app.xml': '<beans/>',
  });
  const ctx = contextFor(ws);
  const v = ctx.vantage('app.xml');
  assert.deepEqual(v.map((x) => x.host.id), ['a1', 'a2', 'b1']);
  const [a1, a2, b1] = v;
  assert.equal(ctx.resolve('zk', a1)?.value, 'zookeeper://127.0.0.1:2181');
  assert.equal(ctx.resolve('zk', a1)?.origin, 'host');
  assert.equal(ctx.resolve('zk', a2)?.value, 'zookeeper://192.168.27.101:2181');
  assert.equal(ctx.resolve('zk', a2)?.origin, 'region');
  assert.equal(ctx.resolve('zk', b1)?.value, 'zookeeper://139.159.250.7:2181');
  assert.equal(ctx.resolve('zk', b1)?.file, 'override.properties');
  assert.equal(ctx.resolve('only.base', b1)?.file, 'base.properties');
  assert.equal(ctx.resolve('missing', b1), undefined);
  assert.deepEqual(ctx.resolve('missing', b1, 'x'), { value: 'x', origin: 'default' });
  assert.deepEqual(ctx.vantage('other.xml'), []);
});

test('the vantage host of a share exportsFile is the share server', () => {
  const ctx = contextFor();
  assert.deepEqual(ctx.vantage('nfs/exports').map((v) => v.host.id), ['api-1']);
  assert.deepEqual(ctx.vantage('nginx/nginx.conf').map((v) => v.host.id), ['api-1']);
  assert.deepEqual(ctx.vantage('order/src/main/resources/applicationContext.xml').map((v) => v.host.id), ['app-1', 'app-2']);
});

test('topology: listed files are named as the workspace names them, whatever the spelling', () => {
  const yaml = `version: 1
regions:
  r1:
    lan: [10.1.0.0/16]
    hosts:
      h1: { internal: 10.1.0.1, services: [a] }
services:
  a:
    kind: nginx
    config: [sub/../y.conf, ./conf//main.conf, 'conf\\\\win.conf', ../shared/z.conf]
    properties: [a/./b/c.properties]
shares:
  s: { server: h1, path: /srv, clients: [h1], exportsFile: ./nfs/../nfs/exports }
`;
  const t = parseTopology('dubbo-topology.yaml', yaml).topology;
  const a = t.serviceById.get('a')!;
  assert.deepEqual(a.config.map((c) => c.value), ['y.conf', 'conf/main.conf', 'conf/win.conf', '../shared/z.conf']);
  assert.deepEqual(a.properties.map((c) => c.value), ['a/b/c.properties']);
  assert.equal(t.shares[0].exportsFile?.value, 'nfs/exports');
});

test('anchors, aliases and merge keys are read as YAML means them, with no finding', () => {
  const text = `version: 1
regions:
  east-1:
    lan: &lan [192.168.27.0/24]
    hosts:
      api-1:
        internal: 192.168.27.101
        ssh: &ssh { user: deploy, port: 22 }
        services: &apps [api]
      app-1:
        internal: 192.168.27.102
        ssh: *ssh
        services: *apps
      app-2:
        internal: 192.168.27.103
        ssh:
          <<: *ssh
          port: 2222
services:
  api: &svc
    kind: dubbo-consumer
    port: 8680
  order:
    <<: *svc
    kind: dubbo-provider
  quoted:
    "<<": *svc
`;
  const { topology: t, findings } = parseTopology('dubbo-topology.yaml', text);
  // A quoted "<<" is an ordinary key, so only it is unknown.
  assert.deepEqual(findings.map((f) => `${f.range.start.line}:${f.message.id}`), ['26:unknownKey', '25:missing']);
  const app1 = t.hostById.get('app-1')!;
  assert.equal(app1.ssh?.user?.value, 'deploy');
  assert.deepEqual(app1.services.map((s) => s.value), ['api']);
  assert.deepEqual([t.hostById.get('app-2')!.ssh?.user?.value, t.hostById.get('app-2')!.ssh?.port?.value], ['deploy', 2222]);
  assert.deepEqual(t.serviceById.get('api')!.hosts.map((h) => h.id), ['api-1', 'app-1']);
  const order = t.serviceById.get('order')!;
  // The keys written in the mapping win over the merged ones.
  assert.deepEqual([order.kind, order.port], ['dubbo-provider', 8680]);
});

test('an alias that contains itself, or expands beyond reason, is reported and not followed', () => {
  const loop = 'version: 1\nregions:\n  east-1: &r\n    lan: [10.0.0.0/8]\n    properties: { self: *r }\n';
  const a = parseTopology('dubbo-topology.yaml', loop);
  assert.deepEqual(a.findings.map((f) => `${f.rule} ${f.message.id} ${f.range.start.line}:${f.range.start.character}`), ['topology-syntax aliasLoop 4:24']);
  const unknown = parseTopology('dubbo-topology.yaml', 'version: 1\nregions:\n  east-1:\n    lan: *lan\n');
  assert.deepEqual(unknown.findings.map((f) => `${f.rule} ${f.message.id} ${f.range.start.line}:${f.range.start.character}`), ['topology-syntax aliasUnknown 3:9']);
  let laughs = 'version: 1\nregions: {}\nservices: {}\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 12; i++) laughs += `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const b = parseTopology('dubbo-topology.yaml', laughs);
  assert.deepEqual(b.findings.filter((f) => f.rule === 'topology-syntax').map((f) => `${f.message.id} ${f.range.start.line}`), ['aliasTooLarge 4']);
});

test('property and deploy.env values are the text written, not the number YAML reads in it', () => {
  const text = `version: 1
regions:
  east-1:
    lan: [10.0.0.0/8]
    properties:
      app.version: 1.10
      hex: 0x1F
      big: 12345678901234567890
      on: true
    hosts:
      h-1: { internal: 10.0.0.1, properties: { dubbo.port: 020880 } }
services:
  a:
    kind: other
    deploy: { env: { VERSION: 2.50, "QUOTED": "1.10", UMASK: 0022 } }
`;
  const { topology: t } = parseTopology('dubbo-topology.yaml', text);
  assert.deepEqual([...t.regions[0].properties.values()].map((p) => `${p.key}=${p.value}`), ['app.version=1.10', 'hex=0x1F', 'big=12345678901234567890', 'on=true']);
  assert.equal(t.hostById.get('h-1')!.properties.get('dubbo.port')?.value, '020880');
  assert.deepEqual(t.services[0].deploy!.env, { VERSION: '2.50', QUOTED: '1.10', UMASK: '0022' });
});

test('a host field indented further than the fields after it leaves no phantom hosts, and one error on that line', () => {
  // app-2's first field four columns deeper than the rest: YAML hangs `external`, `ssh` and `services` on `hosts`.
  const text = example.replace('        internal: 172.16.8.102', '            internal: 172.16.8.102');
  const { topology: t, findings } = parseTopology('dubbo-topology.yaml', text);
  assert.deepEqual(t.hosts.map((h) => h.id), ['api-1', 'app-1', 'api-2', 'app-2']);
  assert.deepEqual(t.regionById.get('east-2')!.hosts.map((h) => h.id), ['api-2', 'app-2']);
  assert.equal(t.hostById.get('app-2')!.internal?.text, '172.16.8.102');
  const line = text.split('\n').findIndex((l) => l.includes('internal: 172.16.8.102'));
  // The fields after it are read where they are written: under app-2.
  const app2 = t.hostById.get('app-2')!;
  assert.equal(app2.external?.text, '139.159.250.208');
  assert.equal(app2.ssh?.user?.value, 'deploy');
  assert.deepEqual(app2.services.map((s) => s.value), ['order', 'driver']);
  assert.deepEqual(t.serviceById.get('order')!.hosts.map((h) => h.id), ['app-1', 'app-2']);
  assert.deepEqual(app2.range.end, parseTopology('dubbo-topology.yaml', example).topology.hostById.get('app-2')!.range.end);
  assert.deepEqual(
    findings.map((f) => `${f.rule} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`),
    [`topology-syntax ${line}:12-${line}:20`],
  );
});

test('the fields after a host field indented too far are judged by the schema under their host', () => {
  const text = example.replace('        internal: 172.16.8.102\n        external:', '            internal: 172.16.8.102\n        extrnal:');
  const { findings } = parseTopology('dubbo-topology.yaml', text);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.range.start.line, f.message.id, f.message.data?.path ?? '']),
    [
      ['topology-syntax', 28, 'yaml', ''],
      ['topology-schema', 29, 'unknownKey', 'regions.east-2.hosts.app-2'],
    ],
  );
});

test('a host whose value is text or a list, or named as a host field, is not a host; one with nothing under it is', () => {
  const scalar = example.replace('      api-2:\n', '      app-3: 172.16.8.103\n      app-4: [order]\n      api-2:\n');
  assert.deepEqual(parseTopology('dubbo-topology.yaml', scalar).topology.hosts.map((h) => h.id), ['api-1', 'app-1', 'api-2', 'app-2']);
  // A host field under `hosts:`, after a host that has its fields: not a host.
  const field = example.replace('        services: [api]\n', '        services: [api]\n      ssh: { user: deploy }\n');
  assert.deepEqual(parseTopology('dubbo-topology.yaml', field).topology.hosts.map((h) => h.id), ['api-1', 'app-1', 'api-2', 'app-2']);
  const empty = example.replace('      app-2:\n        internal: 172.16.8.102\n', '      app-3:\n      app-2:\n        internal: 172.16.8.102\n');
  assert.deepEqual(parseTopology('dubbo-topology.yaml', empty).topology.hosts.map((h) => h.id), ['api-1', 'app-1', 'api-2', 'app-3', 'app-2']);
});

test('fields written at the indentation of the host or region above them are read under it, with one finding and a fix', () => {
  // Valid YAML: app-2's fields at its own indentation are more entries of `hosts`, and app-2 is empty.
  const host = example.replace(
    '      app-2:\n        internal: 172.16.8.102\n        external: 139.159.250.208\n        ssh: { user: deploy }\n        services: [order, driver]\n',
    '      app-2:\n      internal: 172.16.8.102\n      external: 139.159.250.208\n      ssh: { user: deploy }\n      services: [order, driver]\n',
  );
  assert.notEqual(host, example);
  const { topology: t, findings } = parseTopology('dubbo-topology.yaml', host);
  assert.deepEqual(t.hosts.map((h) => h.id), ['api-1', 'app-1', 'api-2', 'app-2']);
  const app2 = t.hostById.get('app-2')!;
  assert.equal(app2.internal?.text, '172.16.8.102');
  assert.deepEqual(app2.services.map((s) => s.value), ['order', 'driver']);
  const line = host.split('\n').indexOf('      app-2:');
  assert.deepEqual(
    findings.map((f) => [f.rule, `${f.range.start.line}:${f.range.start.character}-${f.range.end.character}`, f.message]),
    [['topology-schema', `${line}:6-11`, { id: 'fieldsNotIndented', data: { key: 'app-2', fields: nameList(['internal', 'external', 'ssh', 'services']) } }]],
  );
  const fix = findings[0].fixes![0];
  assert.equal(fix.safe, false);
  assert.equal(applyEdits(host, fix.edits).text, example);
  // A region's fields likewise: its hosts stay in it.
  const region = example.replace('    name: 华东2\n    lan: [172.16.8.0/24]\n    hosts:\n', '  name: 华东2\n  lan: [172.16.8.0/24]\n  hosts:\n');
  const r = parseTopology('dubbo-topology.yaml', region);
  assert.deepEqual(r.topology.regions.map((g) => `${g.id}:${g.name}:${g.hosts.map((h) => h.id)}`), ['east-1:华东1:api-1,app-1', 'east-2:华东2:api-2,app-2']);
  assert.deepEqual(r.findings.map((f) => f.message.id), ['fieldsNotIndented']);
});

test('config and properties paths are read with backslashes as slashes, `.`, `..` and doubled slashes resolved, no leading ./', () => {
  const reference = (p: string) => {
    const slashed = p.replace(/\\/g, '/');
    return slashed === '' ? slashed : posix.normalize(slashed).replace(/^\.\//, '');
  };
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'b1', '.', '..', '', '...', '.x', 'x.', 'c\\d', 'e..f'), { minLength: 1, maxLength: 6 }), (segments) => {
      const path = segments.join('/');
      const text = `version: 1\nservices:\n  s: { kind: nginx, config: [${JSON.stringify(path)}], properties: [${JSON.stringify(path)}] }\n`;
      const s = parseTopology('dubbo-topology.yaml', text).topology.serviceById.get('s')!;
      assert.deepEqual([s.config.map((c) => c.value), s.properties.map((c) => c.value)], [[reference(path)], [reference(path)]], path);
    }),
    params(0.1),
  );
});
