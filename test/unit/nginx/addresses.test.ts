import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { gatewayYaml, lintConf, lintNginx } from '../support/nginx';

// The gateway runs on api-1 in 华东1 (192.168.27.0/24); api-2 is 172.16.8.101 / 139.159.250.207 in 华东2.

test('nginx addresses: another region\'s internal IP in an upstream; the fix uses its external IP and keeps the port', () => {
  const text = 'events {}\nhttp {\n    upstream app {\n        server 172.16.8.101:8680;\n    }\n}\n';
  const [d] = ofRule(lintConf(text), 'cross-region-internal-ip');
  assert.equal(at(d), '3:15-3:32');
  assert.match(d.message, /^172\.16\.8\.101 is the internal IP of api-2 in 华东2; it is unreachable from api-1 \(华东1\)/);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('172.16.8.101:8680', '139.159.250.207:8680'));
});

test('nginx addresses: a same-region external IP in proxy_pass; the fix uses the internal IP', () => {
  const text = 'events {}\nhttp { server { location / { proxy_pass http://139.159.250.7:8680/; } } }\n';
  const [d] = ofRule(lintConf(text), 'same-region-external-ip');
  assert.equal(at(d), '1:47-1:65');
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('139.159.250.7', '192.168.27.101'));
});

test('nginx addresses: an invalid IP and an unknown one; upstream names and host names are not addresses', () => {
  const ds = lintConf('events {}\nhttp {\n    upstream app { server 139.159.257.207:8680; server 10.9.9.9:80; server backend.example.com; }\n    server { location / { proxy_pass http://app; } }\n}\n');
  assert.deepEqual(ofRule(ds, 'ip-invalid').map(at), ['2:26-2:46']);
  assert.deepEqual(ofRule(ds, 'ip-unknown').map(at), ['2:55-2:66']);
});

test('nginx addresses: an included file is judged from the hosts of the service that includes it', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n',
    'nginx/conf.d/up.conf': 'upstream app { server 172.16.8.101:8680; }\n',
  });
  // Without a prefix the absolute include leads nowhere; the fragment is then judged alone (no vantage host).
  assert.deepEqual(ofRule(ds, 'cross-region-internal-ip'), []);
  const withPrefix = lintNginx({
    'dubbo-topology.yaml': gatewayYaml('nginx/nginx.conf', '/etc/nginx'),
    'nginx/nginx.conf': 'events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n',
    'nginx/conf.d/up.conf': 'upstream app { server 172.16.8.101:8680; }\n',
  });
  const [d] = ofRule(withPrefix, 'cross-region-internal-ip');
  assert.equal(`${d.file} ${at(d)}`, 'nginx/conf.d/up.conf 0:22-0:39');
  assert.match(d.message, /unreachable from api-1 \(华东1\)/);
});
