import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-upstream-plaintext-public';

// The gateway runs on api-1 (华东1); 139.159.250.207 is api-2's external IP in 华东2.
const upstream = (scheme: string, second = '139.159.250.207:8680') =>
  `events {}\nhttp {\n    upstream tomcatServer {\n        server 192.168.27.101:8680 weight=10;\n        server ${second} weight=10;\n    }\n    server {\n        listen 443;\n        location / { proxy_pass ${scheme}://tomcatServer/; }\n    }\n}\n`;

test('nginx-upstream-plaintext-public: on the public backend of an upstream proxied with http://', () => {
  const text = upstream('http');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '4:15-4:35');
  assert.equal(
    d.message,
    '139.159.250.207 is the external IP of api-2 (华东2), so traffic to it crosses the public network, but proxy_pass http://tomcatServer/ sends plain HTTP: requests, cookies and credentials travel the internet unencrypted. Use "proxy_pass https://" with "proxy_ssl_verify on" (and proxy_ssl_trusted_certificate), or carry the traffic through a tunnel (VPN, WireGuard, SSH).',
  );
  assert.deepEqual(d.related.map((r) => `${r.file} ${r.range.start.line}:${r.range.start.character} ${r.message}`), ['nginx/nginx.conf 8:21 proxied with plain HTTP here']);
  assert.equal(d.fixes[0].title, 'Use https:// (the backend must accept TLS)');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, upstream('https'));
});

test('nginx-upstream-plaintext-public: a proxy_pass naming a public address directly, in Chinese', () => {
  const [d] = ofRule(lintConf('events {}\nhttp { server { location / { proxy_pass http://139.159.250.207:8680; } } }\n', { locale: 'zh-cn' }), rule);
  assert.equal(at(d), '1:47-1:67');
  assert.match(d.message, /^139\.159\.250\.207 是 api-2（华东2）的外网 IP，流量要经过公网，但 proxy_pass http:\/\/139\.159\.250\.207:8680 使用明文 HTTP/);
});

test('nginx-upstream-plaintext-public: the upstream defined in an included file, the proxy_pass in another', () => {
  const ds = ofRule(
    lintNginx({
      'nginx/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n',
      'nginx/conf.d/a-upstream.conf': 'upstream dr { server 139.159.250.207:8680; }\n',
      'nginx/conf.d/b-site.conf': 'server { location / { proxy_pass http://dr; } }\n',
    }),
    rule,
  );
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)}`), ['nginx/conf.d/a-upstream.conf 0:21-0:41']);
  assert.equal(ds[0].related[0].file, 'nginx/conf.d/b-site.conf');
});

test('nginx-upstream-plaintext-public: https, LAN-only backends and an invalid address pass', () => {
  assert.deepEqual(ofRule(lintConf(upstream('https')), rule), []);
  assert.deepEqual(ofRule(lintConf(upstream('http', '192.168.27.102:8680')), rule), []);
  // ip-invalid on the token suppresses the other address rules there.
  const seed = lintConf(upstream('http', '139.159.257.207:8680'));
  assert.deepEqual(ofRule(seed, rule), []);
  assert.equal(ofRule(seed, 'ip-invalid').length, 1);
});

test('nginx-upstream-plaintext-public: a proxy_pass naming the upstream in another case uses it (nginx ignores case)', () => {
  const text = upstream('http').replace('http://tomcatServer/', 'http://TOMCATSERVER/');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '4:15-4:35');
  assert.match(d.message, /proxy_pass http:\/\/TOMCATSERVER\//);
});

test('nginx-upstream-plaintext-public: a server marked down receives no traffic, so it is not reported', () => {
  assert.deepEqual(ofRule(lintConf(upstream('http', '139.159.250.207:8680 down')), rule), []);
  // The same server without `down` is.
  assert.equal(ofRule(lintConf(upstream('http', '139.159.250.207:8680 backup')), rule).length, 1);
});
