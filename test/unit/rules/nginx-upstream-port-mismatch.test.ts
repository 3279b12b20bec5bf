import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf } from '../support/nginx';

const rule = 'nginx-upstream-port-mismatch';
const conf = (a: string, b: string) => `events {}\nhttp {\n    upstream app {\n        server ${a};\n        server ${b} backup;\n    }\n}\n`;

test('nginx-upstream-port-mismatch: a port no service of that host uses; the fix takes the port its sibling reaches', () => {
  const text = conf('192.168.27.101:8081', '139.159.250.207:8680');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '3:15-3:34');
  assert.equal(d.message, '192.168.27.101 uses port 8081, but the topology runs api (8680), registry (2181) on api-1: nothing there listens on 8081.');
  assert.equal(d.fixes[0].title, 'Use port 8680 of api');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, conf('192.168.27.101:8680', '139.159.250.207:8680'));
  // In Chinese, the services are listed as Chinese lists them, their ports in full-width parentheses.
  const [zh] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, '192.168.27.101 使用端口 8081，但拓扑中 api-1 上运行的是 api（8680）、registry（2181）：没有服务监听 8081。');
});

test('nginx-upstream-port-mismatch: no port written means 80; the fix inserts the port', () => {
  const text = 'events {}\nhttp { server { location / { proxy_pass http://172.16.8.101/; } } }\n';
  const [d] = ofRule(lintConf(text), rule);
  assert.equal(at(d), '1:47-1:59');
  assert.equal(d.message, '172.16.8.101 uses port 80 (none written: the default), but the topology runs api (8680) on api-2: nothing there listens on 80.');
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('172.16.8.101/', '172.16.8.101:8680/'));
});

test('nginx-upstream-port-mismatch: matching ports, unknown hosts and the nginx service itself pass', () => {
  assert.deepEqual(ofRule(lintConf(conf('192.168.27.101:8680', '139.159.250.207:8680')), rule), []);
  assert.deepEqual(ofRule(lintConf(conf('10.9.9.9:1234', '192.168.27.101:2181')), rule), []);
});

test('nginx-upstream-port-mismatch: a port nginx refuses is left to nginx-invalid-value', () => {
  assert.deepEqual(ofRule(lintConf(conf('192.168.27.101:86800', '192.168.27.101:')), rule), []);
});

test('nginx-upstream-port-mismatch: gRPC has no default port (no "80"), so a grpc_pass without one is left to nginx-invalid-value', () => {
  const text = 'events {}\nhttp { server { location / { grpc_pass grpc://172.16.8.101; } location /s { grpc_pass grpcs://172.16.8.101; } } }\n';
  assert.deepEqual(ofRule(lintConf(text), rule), []);
  assert.deepEqual(ofRule(lintConf(text), 'nginx-invalid-value').map((d) => d.message.split(':')[0]), ['no port in upstream "172.16.8.101"', 'no port in upstream "172.16.8.101"']);
});
