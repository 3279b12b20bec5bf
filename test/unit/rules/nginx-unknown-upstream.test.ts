import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-unknown-upstream';
const conf = (target: string) =>
  `events {}\nhttp {\n    upstream tomcatServer { server 192.168.27.101:8680; }\n    server {\n        location / { proxy_pass ${target}; }\n    }\n}\n`;

test('nginx-unknown-upstream: a misspelt upstream name, on the name, with did-you-mean', () => {
  const text = conf('http://tomcatServr/');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '4:39-4:50');
  assert.equal(
    d.message,
    '"tomcatServr" is not an upstream of this configuration; did you mean "tomcatServer"? nginx would look "tomcatServr" up as a host name and fail with "host not found in upstream".',
  );
  assert.equal(d.fixes[0].title, 'Replace with upstream "tomcatServer"');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, conf('http://tomcatServer/'));
});

test('nginx-unknown-upstream: a name with no upstream near it', () => {
  const [d] = ofRule(lintConf(conf('http://backend')), rule);
  assert.equal(at(d), '4:39-4:46');
  assert.match(d.message, /^"backend" is not an upstream of this configuration\. nginx will look it up/);
  assert.deepEqual(d.fixes, []);
});

test('nginx-unknown-upstream: upstreams of included files, host names, ports, addresses and variables pass', () => {
  for (const t of ['http://tomcatServer/', 'https://api.example.com', 'http://backend:8080', 'http://localhost', 'http://192.168.27.101:8680', 'http://$up', 'http://unix:/tmp/s.sock:/']) {
    assert.deepEqual(ofRule(lintConf(conf(t)), rule), [], t);
  }
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    server { location / { proxy_pass http://app; } }\n}\n',
    'nginx/conf.d/up.conf': 'upstream app { server 192.168.27.101:8680; }\n',
  });
  assert.deepEqual(ofRule(ds, rule), []);
});

test('nginx-unknown-upstream: nginx compares upstream names without case, so TomcatServer is tomcatServer', () => {
  for (const t of ['http://TomcatServer/', 'http://TOMCATSERVER', 'https://tomcatserver/api']) {
    assert.deepEqual(ofRule(lintConf(conf(t)), rule), [], t);
  }
  // A misspelling in another case still finds its upstream.
  const [d] = ofRule(lintConf(conf('http://TOMCATSERVR/')), rule);
  assert.match(d.message, /did you mean "tomcatServer"\?/);
  // Stream upstreams too.
  const stream = 'events {}\nstream {\n    upstream Db { server 192.168.27.101:3306; }\n    server { listen 3306; proxy_pass DB; }\n}\n';
  assert.deepEqual(ofRule(lintConf(stream), rule), []);
});
