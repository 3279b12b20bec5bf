import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeAddress } from '../../../src/core/rules/address/judge';
import { report } from '../../../src/core/engine';
import { judgeLiteral, r, twoRegionContext } from '../support/address';
import { contextFor, memoryWorkspace } from '../support/context';
import { at, TWO_REGIONS } from '../support/lint';

test('cross-region-internal-ip: 华东1 internal IP seen from a 华东2 host; fix: its external IP', () => {
  const [d, ...rest] = judgeLiteral('192.168.27.101', ['api-2']);
  assert.equal(rest.length, 0);
  assert.equal(d.rule, 'cross-region-internal-ip');
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '3:10-3:24');
  assert.equal(
    d.message,
    '192.168.27.101 is the internal IP of api-1 in 华东1; it is unreachable from api-2 (华东2). Other regions reach api-1 by its external IP 139.159.250.7.',
  );
  assert.equal(d.fixes[0].safe, true);
  assert.equal(d.fixes[0].edits[0].newText, '139.159.250.7');
});

test('cross-region-internal-ip: names only the failing hosts when vantage hosts span regions', () => {
  const [d] = judgeLiteral('192.168.27.101', ['api-1', 'api-2']);
  assert.match(d.message, /unreachable from api-2 \(华东2\)\./);
});

test('cross-region-internal-ip: a target without external IP says so and offers no fix', () => {
  const [d] = judgeLiteral('192.168.27.102', ['api-2']);
  assert.match(d.message, /external IP — but it has none in the topology\.$/);
  assert.deepEqual(d.fixes, []);
});

test('cross-region-internal-ip: a placeholder value is reported on the use, fixed at its definition', () => {
  const ctx = twoRegionContext();
  const api2 = { host: ctx.topology.hostById.get('api-2')! };
  const def = { file: 'config.properties', range: r(0, 18, 32) };
  const findings = judgeAddress(ctx, {
    file: 'app.xml',
    range: r(5, 20, 36),
    candidates: [{ text: '192.168.27.101', vantage: [api2], edit: def, origin: { ...def, message: { id: 'common/definedHere', data: { key: 'zk' } } } }],
  });
  const [d] = report(findings, ctx.ws, ctx.topology);
  assert.equal(d.file, 'app.xml');
  assert.equal(at(d), '5:20-5:36');
  assert.deepEqual(d.related, [{ file: 'config.properties', range: def.range, message: 'zk is defined here' }]);
  assert.deepEqual(d.fixes[0].edits, [{ ...def, newText: '139.159.250.7' }]);
});

test('cross-region-internal-ip: same-region internal IPs and external IPs pass', () => {
  assert.deepEqual(judgeLiteral('192.168.27.101', ['api-1']), []);
  assert.deepEqual(judgeLiteral('139.159.250.7', ['api-2']), []);
});

test('cross-region-internal-ip: an address no host has, inside the other region\'s LAN; no fix to offer', () => {
  const [d, ...rest] = judgeLiteral('172.16.8.99', ['api-1']);
  assert.equal(rest.length, 0);
  assert.equal(d.rule, 'cross-region-internal-ip');
  assert.equal(d.severity, 'error');
  assert.equal(
    d.message,
    '172.16.8.99 lies in the LAN of 华东2 (172.16.8.0/24), where no host of the topology has it; it is unreachable from api-1 (华东1). Reach the host by its external IP, and add it to the topology.',
  );
  assert.deepEqual(d.fixes, []);
  // From inside that region it is reachable: only that no host has it is said.
  assert.deepEqual(judgeLiteral('172.16.8.99', ['api-2']).map((d) => d.rule), ['ip-unknown']);
});

test('cross-region-internal-ip: in Chinese, the LAN CIDRs of the other region are listed with 、', () => {
  const ctx = contextFor(
    memoryWorkspace({
      'dubbo-topology.yaml': TWO_REGIONS.replace('lan: [192.168.27.0/24]', 'lan: [192.168.27.0/24, 192.168.28.0/24]'),
      'app.conf': '\n\n\n',
    }),
  );
  const api2 = { host: ctx.topology.hostById.get('api-2')! };
  const findings = judgeAddress(ctx, { file: 'app.conf', range: r(3, 10, 24), candidates: [{ text: '192.168.27.55', vantage: [api2], edit: { file: 'app.conf', range: r(3, 10, 24) } }] });
  const ds = report(findings, ctx.ws, ctx.topology, { locale: 'zh-cn' }).filter((d) => d.rule === 'cross-region-internal-ip');
  assert.deepEqual(ds.map((d) => d.message), [
    '192.168.27.55 位于 华东1 的局域网（192.168.27.0/24、192.168.28.0/24）内，拓扑中没有主机使用该地址；api-2（华东2）无法访问。请通过外网 IP 访问该主机，并把它加入拓扑。',
  ]);
});
