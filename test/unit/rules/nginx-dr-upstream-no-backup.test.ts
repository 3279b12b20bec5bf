import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

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
  const [zh] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.match(zh.message, /^upstream tomcatServer 把请求平均分到 华东1、华东2，且没有 backup。/);
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

test('nginx-dr-upstream-no-backup: an address listed twice (on two ports) is named once; the fix marks every remote server', () => {
  const yaml = `version: 1
regions:
  r1:
    name: R1
    lan: [10.0.0.0/24]
    hosts:
      a1: { internal: 10.0.0.1, external: 1.1.1.1, services: [gw] }
      a2: { internal: 10.0.0.2, external: 1.1.1.2, services: [web] }
  r2:
    name: R2
    lan: [10.0.1.0/24]
    hosts:
      b2: { internal: 10.0.1.2, external: 2.2.2.2, services: [web] }
services:
  web: { kind: http, port: 8080 }
  gw: { kind: nginx, port: 80, config: [nginx/r1.conf] }
`;
  const text = `events {}
http {
    upstream u {
        server 10.0.0.2:8080;
        server 10.0.1.2:8080;
        server 2.2.2.2:8080;
        server 2.2.2.2:9090;
    }
    server {
        listen 80;
        location / { proxy_pass http://u; }
    }
}
`;
  const [d, ...rest] = ofRule(lintNginx({ 'dubbo-topology.yaml': yaml, 'nginx/r1.conf': text }), rule);
  assert.equal(rest.length, 0);
  assert.match(d.message, /^upstream u spreads requests evenly over R1, R2 with no backup\. From a1 \(R1\), every request sent to 10\.0\.1\.2 \(b2, R2\), 2\.2\.2\.2 \(b2, R2\) leaves the region for another:/);
  assert.equal(applyEdits(text, d.fixes[0].edits).text.match(/ backup;/g)?.length, 3);
});
