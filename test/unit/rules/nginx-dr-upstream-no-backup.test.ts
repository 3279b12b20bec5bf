import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf } from '../support/nginx';

const rule = 'nginx-dr-upstream-no-backup';
const conf = (local: string, remote: string, extra = '') =>
  `events {}\nhttp {\n    upstream tomcatServer {\n${extra}        server ${local};\n        server ${remote};\n    }\n}\n`;

test('nginx-dr-upstream-no-backup: equal weights across regions, on the upstream line; the fix marks the remote server backup', () => {
  const text = conf('192.168.27.101:8680 weight=10', '139.159.250.207:8680 weight=10');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'hint');
  assert.equal(at(d), '2:4-2:25');
  assert.match(d.message, /^upstream tomcatServer spreads requests evenly over 华东1, 华东2 with no backup\. From api-1 \(华东1\), every request sent to 139\.159\.250\.207 \(api-2, 华东2\) leaves the region for another: it pays the latency of the link between them/);
  assert.match(d.message, /when that link is slow rather than down nginx keeps sending that share there/);
  assert.equal(d.fixes[0].title, 'Mark the servers in 华东2 as backup');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, conf('192.168.27.101:8680 weight=10', '139.159.250.207:8680 weight=10 backup'));
});

test('nginx-dr-upstream-no-backup: a mistyped address still counts for its intended region (the seed)', () => {
  const [d] = ofRule(lintConf(conf('192.168.27.101:8680 weight=10', '139.159.257.207:8680 weight=10')), rule);
  assert.equal(at(d), '2:4-2:25');
});

test('nginx-dr-upstream-no-backup: backup, max_fails, unequal weights, one region, or no server of the topology pass', () => {
  for (const text of [
    conf('192.168.27.101:8680', '139.159.250.207:8680 backup'),
    conf('192.168.27.101:8680 max_fails=3', '139.159.250.207:8680'),
    conf('192.168.27.101:8680 weight=10', '139.159.250.207:8680 weight=1'),
    conf('192.168.27.101:8680', '192.168.27.102:8680'),
    conf('10.1.1.1:80', '10.2.2.2:80'),
  ]) {
    assert.deepEqual(ofRule(lintConf(text), rule), [], text);
  }
});

test('nginx-dr-upstream-no-backup: with hash balancing nginx refuses backup, so there is no fix and the message says so', () => {
  const [d] = ofRule(lintConf(conf('192.168.27.101:8680', '139.159.250.207:8680', '        hash $remote_addr;\n')), rule);
  assert.deepEqual(d.fixes, []);
  assert.match(d.message, / \("hash" chooses the server itself and refuses "backup": weight the local servers higher, or balance with round robin or least_conn and mark the remote ones "backup"\.\)$/);
  const [plain] = ofRule(lintConf(conf('192.168.27.101:8680', '139.159.250.207:8680')), rule);
  assert.match(plain.message, /or weight the local ones higher\.$/);
});
