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

test('nginx-unknown-upstream: a port after an upstream\'s name, on ":port", with the upstream as related information', () => {
  const text = conf('http://tomcatServer:8680/api/');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '4:51-4:56');
  assert.equal(
    d.message,
    'upstream "tomcatServer" may not have port 8680: "tomcatServer" names the upstream defined at nginx/nginx.conf:3, whose servers carry their own ports, and nginx refuses a port after an upstream\'s name. Remove ":8680", or give the upstream\'s servers that port.',
  );
  assert.deepEqual(d.related.map((r) => `${r.file}:${r.range.start.line}:${r.range.start.character} ${r.message}`), ['nginx/nginx.conf:2:13 upstream "tomcatServer" is defined here']);
  assert.equal(d.fixes[0].title, 'Remove ":8680"');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, conf('http://tomcatServer/api/'));
  const [zh] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.match(zh.message, /^upstream "tomcatServer" may not have port 8680："tomcatServer" 是 nginx\/nginx.conf:3 定义的 upstream/);
});

test('nginx-unknown-upstream: a port after an upstream\'s name in any case, before or after its definition, in every pass and in stream', () => {
  // Read before the upstream, nginx names it as the upstream block writes it.
  const after = 'events {}\nhttp {\n    server { location / { proxy_pass http://APP:80; } }\n    upstream App { server 192.168.27.101:8680; }\n}\n';
  assert.deepEqual(ofRule(lintConf(after), rule).map((d) => d.message.split(':')[0]), ['upstream "App" may not have port 80']);
  const before = after.replace(/ {4}server \{[^\n]*\n/, '').replace('}\n}\n', '}\n    server { location / { proxy_pass http://APP:80; } }\n}\n');
  assert.deepEqual(ofRule(lintConf(before), rule).map((d) => d.message.split(':')[0]), ['upstream "APP" may not have port 80']);
  const passes = ['grpc_pass grpc://tomcatServer:1', 'fastcgi_pass tomcatServer:9000', 'uwsgi_pass tomcatServer:2', 'scgi_pass tomcatServer:3', 'memcached_pass tomcatServer:4'];
  for (const p of passes) {
    const text = `events {}\nhttp {\n    upstream tomcatServer { server 192.168.27.101:8680; }\n    server {\n        location / { ${p}; }\n    }\n}\n`;
    assert.equal(ofRule(lintConf(text), rule).length, 1, p);
  }
  const stream = 'events {}\nstream {\n    upstream db { server 192.168.27.101:3306; }\n    server { listen 3306; proxy_pass db:3306; }\n}\n';
  assert.deepEqual(ofRule(lintConf(stream), rule).map((d) => d.message.split(':')[0]), ['upstream "db" may not have port 3306']);
});

test('nginx-unknown-upstream: a port after a name that is no upstream, of the other family, read per request or refused first, passes', () => {
  for (const t of ['http://tomcatServer', 'http://tomcat:8080', 'http://tomcatServer:8080$request_uri', 'http://tomcatServer:99999', 'http://192.168.27.101:8680']) {
    assert.deepEqual(ofRule(lintConf(conf(t)), rule), [], t);
  }
  const stream = 'events {}\nstream {\n    server { listen 3306; proxy_pass 192.168.27.101:3306; }\n}\nhttp {\n    upstream db { server 192.168.27.101:3306; }\n}\n';
  assert.deepEqual(ofRule(lintConf(stream.replace('proxy_pass 192.168.27.101:3306', 'proxy_pass db:3306')), rule), []);
});

test('nginx-unknown-upstream: arguments without a path end the name, as nginx reads it (http://app?x=1 is upstream app)', () => {
  assert.deepEqual(ofRule(lintConf(conf('http://tomcatServer?x=1')), rule), []);
  assert.match(ofRule(lintConf(conf('http://tomcatServr?x=1')), rule)[0].message, /^"tomcatServr" is not an upstream/);
});

test('nginx-unknown-upstream: a stream upstream written inside the server is no unknown name (nginx-directive-context reports where it stands)', () => {
  const text = 'events {}\nstream {\n    server {\n        listen 12345;\n        proxy_pass backend;\n        upstream backend {\n            server 10.0.0.5:12345;\n        }\n    }\n}\n';
  const ds = lintConf(text);
  assert.deepEqual(ofRule(ds, 'nginx-unknown-upstream'), []);
  assert.deepEqual(ofRule(ds, 'nginx-directive-context').map((d) => d.range.start.line), [5]);
});

test('nginx-unknown-upstream: a bare name after grpc_pass, which has no default port, is nginx-invalid-value\'s "no port in upstream"', () => {
  const text = 'events {}\nhttp {\n    upstream tomcatServer { server 192.168.27.101:8680; }\n    server { location / { grpc_pass grpc://tomcatServr; } }\n}\n';
  assert.deepEqual(ofRule(lintConf(text), 'nginx-unknown-upstream'), []);
  assert.deepEqual(ofRule(lintConf(text), 'nginx-invalid-value').map((d) => d.message.split(':')[0]), ['no port in upstream "tomcatServr"']);
});
