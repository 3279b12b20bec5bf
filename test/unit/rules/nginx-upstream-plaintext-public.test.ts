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

const passes = (...locations: string[]) =>
  `events {}\nhttp {\n    upstream php { server 139.159.250.207:9000; }\n    server {\n${locations.map((l) => `        location ${l}\n`).join('')}    }\n}\n`;

test('nginx-upstream-plaintext-public: FastCGI, SCGI and memcached to a public backend, which nginx cannot encrypt', () => {
  const text = passes(
    '/f { fastcgi_pass 139.159.250.207:9000; }',
    '/s { scgi_pass 139.159.250.207:9000; }',
    '/m { set $memcached_key $uri; memcached_pass 139.159.250.207:9000; }',
  );
  const ds = ofRule(lintConf(text), rule);
  // The upstream is used by no pass: its server is not reported.
  assert.deepEqual(ds.map(at), ['4:35-4:55', '5:32-5:52', '6:62-6:82']);
  assert.equal(
    ds[0].message,
    '139.159.250.207 is the external IP of api-2 (华东2), so traffic to it crosses the public network, but fastcgi_pass 139.159.250.207:9000 speaks FastCGI, which nginx cannot encrypt: what it sends and receives travels the internet in the clear. Carry the traffic through a tunnel (VPN, WireGuard, SSH) and pass to the tunnel\'s address, or use a backend in the same region.',
  );
  assert.match(ds[1].message, /but scgi_pass 139\.159\.250\.207:9000 speaks SCGI, which nginx cannot encrypt/);
  assert.match(ds[2].message, /but memcached_pass 139\.159\.250\.207:9000 speaks memcached, which nginx cannot encrypt/);
  for (const d of ds) {
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.fixes, [], 'no scheme to switch to');
    assert.equal(d.related[0].message, 'sent unencrypted here');
  }
});

test('nginx-upstream-plaintext-public: an upstream used by fastcgi_pass, on its public server', () => {
  const [d, ...rest] = ofRule(lintConf(passes('/ { fastcgi_pass php; }')), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '2:26-2:46');
  assert.match(d.message, /but fastcgi_pass php speaks FastCGI/);
  assert.deepEqual(d.related.map((r) => `${r.range.start.line}:${r.range.start.character} ${r.message}`), ['4:21 sent unencrypted here']);
});

test('nginx-upstream-plaintext-public: uwsgi without TLS; the fix switches uwsgi:// to suwsgi://', () => {
  const text = passes('/a { uwsgi_pass uwsgi://139.159.250.207:9000; }', '/b { uwsgi_pass 139.159.250.207:9000; }', '/c { uwsgi_pass suwsgi://php; }');
  const ds = ofRule(lintConf(text), rule);
  assert.deepEqual(ds.map(at), ['4:41-4:61', '5:33-5:53']);
  assert.equal(
    ds[0].message,
    '139.159.250.207 is the external IP of api-2 (华东2), so traffic to it crosses the public network, but uwsgi_pass uwsgi://139.159.250.207:9000 speaks uwsgi unencrypted: requests, cookies and credentials travel the internet in the clear. Use "uwsgi_pass suwsgi://" with "uwsgi_ssl_verify on" (and uwsgi_ssl_trusted_certificate), or carry the traffic through a tunnel (VPN, WireGuard, SSH).',
  );
  assert.equal(ds[0].fixes[0].title, 'Use suwsgi:// (the backend must accept TLS)');
  assert.equal(ds[0].fixes[0].safe, false);
  assert.equal(applyEdits(text, ds[0].fixes[0].edits).text, text.replace('uwsgi://139', 'suwsgi://139'));
  // Without a scheme written there is none to switch.
  assert.deepEqual(ds[1].fixes, []);
  assert.equal(ds[1].related[0].message, 'sent unencrypted here');
});

test('nginx-upstream-plaintext-public: FastCGI to a public backend, in Chinese', () => {
  const [d] = ofRule(lintConf(passes('/ { fastcgi_pass 139.159.250.207:9000; }'), { locale: 'zh-cn' }), rule);
  assert.equal(
    d.message,
    '139.159.250.207 是 api-2（华东2）的外网 IP，流量要经过公网，但 fastcgi_pass 139.159.250.207:9000 使用 FastCGI，nginx 无法为其加密：收发的内容都会在互联网上明文传输。请通过隧道（VPN、WireGuard、SSH）传输并改为指向隧道地址，或使用同一地域的后端。',
  );
  assert.equal(d.related[0].message, '此处以明文发送');
});

test('nginx-upstream-plaintext-public: FastCGI and uwsgi inside the LAN pass', () => {
  const text = passes('/f { fastcgi_pass 192.168.27.101:8680; }', '/u { uwsgi_pass uwsgi://192.168.27.101:8680; }');
  assert.deepEqual(ofRule(lintConf(text), rule), []);
});

// web_backend's backup is api-2's external IP (华东2), seen from the gateway on api-1 (华东1).
const viaVariable = (body: string, http = '') =>
  `events {}\nhttp {\n    upstream web_backend { server 192.168.27.101:8680; server 139.159.250.207:8680 backup; }\n    upstream lan_only { server 192.168.27.102:8680; }\n${http}    server {\n        listen 8443;\n${body}    }\n}\n`;

test('nginx-upstream-plaintext-public: an upstream named by a map value, proxied with http://$variable', () => {
  const text = viaVariable('        location / { proxy_pass http://$pool; }\n', '    map $http_x_canary $pool { default web_backend; }\n');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '2:62-2:82');
  assert.match(d.message, /^139\.159\.250\.207 is the external IP of api-2 \(华东2\), so traffic to it crosses the public network, but proxy_pass http:\/\/\$pool sends plain HTTP/);
  assert.deepEqual(d.related.map((r) => `${r.range.start.line}:${r.range.start.character} ${r.message}`), ['7:21 proxied with plain HTTP here']);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('http://$pool', 'https://$pool'));
});

test('nginx-upstream-plaintext-public: every map value that names an upstream counts, in any case and in ${...} form', () => {
  const map = '    map $host $pool {\n        hostnames;\n        default lan_only;\n        ~^canary\\. WEB_BACKEND;\n        *.example.com 10.1.1.1:80;\n        api.example.com $other;\n    }\n';
  const ds = ofRule(lintConf(viaVariable('        location / { proxy_pass http://${pool}/app/; }\n', map)), rule);
  assert.deepEqual(ds.map(at), ['2:62-2:82']);
});

test('nginx-upstream-plaintext-public: set $variable in the location or the server around the proxy_pass', () => {
  const inLocation = viaVariable('        location / { set $b web_backend; proxy_pass http://$b; }\n');
  assert.deepEqual(ofRule(lintConf(inLocation), rule).map(at), ['2:62-2:82']);
  const inServer = viaVariable('        set $b lan_only;\n        if ($http_x_canary) { set $b web_backend; }\n        location / { proxy_pass http://$b; }\n');
  assert.deepEqual(ofRule(lintConf(inServer), rule).map(at), ['2:62-2:82']);
  // A set in another location does not reach this one.
  const elsewhere = viaVariable(
    '        location /a { set $b web_backend; proxy_pass https://$b; }\n        location /b { set $b lan_only; proxy_pass http://$b; }\n',
  );
  assert.deepEqual(ofRule(lintConf(elsewhere), rule), []);
});

test('nginx-upstream-plaintext-public: set $variable in a file the server or location around the proxy_pass includes', () => {
  const files = (server: string) => ({
    'nginx/nginx.conf': `events {}\nhttp {\n    upstream dr { server 139.159.250.207:8680; }\n    upstream lan { server 192.168.27.102:8680; }\n${server}}\n`,
    'nginx/pool-dr.conf': 'set $pool dr;\n',
    'nginx/pool-lan.conf': 'if ($http_x_lan) { set $pool lan; }\n',
    'nginx/nested.conf': 'include pool-dr.conf;\n',
  });
  const judged = (server: string) => ofRule(lintNginx(files(server)), rule).map((d) => `${d.file} ${at(d)}`);
  // In the server, in the location, and through an include of an include.
  for (const server of [
    '    server { include pool-dr.conf; location / { proxy_pass http://$pool; } }\n',
    '    server { location / { include pool-dr.conf; proxy_pass http://$pool; } }\n',
    '    server { include nested.conf; location / { proxy_pass http://$pool; } }\n',
  ]) {
    assert.deepEqual(judged(server), ['nginx/nginx.conf 2:25-2:45'], server);
  }
  // One file included by two servers sets the variable for both.
  const twice = ofRule(
    lintNginx(files('    server { include pool-dr.conf; location / { proxy_pass http://$pool; } }\n    server { listen 81; include pool-dr.conf; location / { proxy_pass http://$pool; } }\n')),
    rule,
  );
  assert.deepEqual(twice.map((d) => `${d.file} ${at(d)}`), ['nginx/nginx.conf 2:25-2:45']);
  assert.equal(twice[0].related.length, 2, JSON.stringify(twice[0].related));
  // A set of another location's include does not reach this pass; an upstream in the LAN is not judged.
  assert.deepEqual(judged('    server { location /a { include pool-dr.conf; } location / { proxy_pass http://$pool; } }\n'), []);
  assert.deepEqual(judged('    server { include pool-lan.conf; location / { proxy_pass http://$pool; } }\n'), []);
});

test('nginx-upstream-plaintext-public: set $variable in the server or location that includes the proxy_pass', () => {
  const files = (server: string, extra: Record<string, string> = {}) => ({
    'nginx/nginx.conf': `events {}\nhttp {\n    upstream dr { server 139.159.250.207:8680; }\n    upstream lan { server 192.168.27.102:8680; }\n${server}}\n`,
    'nginx/locations.conf': 'location / { proxy_pass http://$pool; }\n',
    'nginx/pass.conf': 'proxy_pass http://$pool;\n',
    ...extra,
  });
  const judged = (server: string, extra?: Record<string, string>) => ofRule(lintNginx(files(server, extra)), rule).map((d) => `${d.file} ${at(d)} ${d.related.map((r) => r.file).join()}`);
  const expected = ['nginx/nginx.conf 2:25-2:45 nginx/locations.conf'];
  // The set in the server that includes the locations, in an if there, in a file it includes, and two includes up.
  assert.deepEqual(judged('    server { set $pool dr; include locations.conf; }\n'), expected);
  assert.deepEqual(judged('    server { if ($http_x_dr) { set $pool dr; } include locations.conf; }\n'), expected);
  assert.deepEqual(judged('    server { include pool.conf; include locations.conf; }\n', { 'nginx/pool.conf': 'set $pool dr;\n' }), expected);
  assert.deepEqual(judged('    server { set $pool dr; include site.conf; }\n', { 'nginx/site.conf': 'include locations.conf;\n' }), expected);
  // The set in the location whose body is the included file.
  assert.deepEqual(judged('    server { location / { set $pool dr; include pass.conf; } }\n'), ['nginx/nginx.conf 2:25-2:45 nginx/pass.conf']);
  // A file included by two servers: each server's own set counts for it.
  assert.deepEqual(
    judged('    server { set $pool lan; include locations.conf; }\n    server { listen 81; set $pool dr; include locations.conf; }\n'),
    expected,
  );
  // A set in another location around another include, or one naming an upstream in the LAN, does not count.
  assert.deepEqual(judged('    server { location /a { set $pool dr; } include locations.conf; }\n'), []);
  assert.deepEqual(judged('    server { location /a { set $pool dr; include other.conf; } location /b { include pass.conf; } }\n', { 'nginx/other.conf': '' }), []);
  assert.deepEqual(judged('    server { set $pool lan; include locations.conf; }\n'), []);
});

test('nginx-upstream-plaintext-public: a variable that names no upstream, https://, or a port after the variable', () => {
  const map = '    map $http_x_canary $pool { default web_backend; }\n';
  assert.deepEqual(ofRule(lintConf(viaVariable('        location / { proxy_pass https://$pool; }\n', map)), rule), []);
  // nginx looks a variable's value up among the upstreams only without a port.
  assert.deepEqual(ofRule(lintConf(viaVariable('        location / { proxy_pass http://$pool:8680; }\n', map)), rule), []);
  const other = '    map $http_x_canary $pool { default lan_only; }\n';
  assert.deepEqual(ofRule(lintConf(viaVariable('        location / { proxy_pass http://$pool; }\n', other)), rule), []);
});

test('nginx-upstream-plaintext-public: the map in one included file, the proxy_pass in another', () => {
  const ds = ofRule(
    lintNginx({
      'nginx/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n',
      'nginx/conf.d/a-upstream.conf': 'upstream dr { server 139.159.250.207:8680; }\nmap $cookie_pool $pool { default dr; }\n',
      'nginx/conf.d/b-site.conf': 'server { location / { proxy_pass http://$pool; } }\n',
    }),
    rule,
  );
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)}`), ['nginx/conf.d/a-upstream.conf 0:21-0:41']);
  assert.equal(ds[0].related[0].file, 'nginx/conf.d/b-site.conf');
});

test('nginx-upstream-plaintext-public: gRPC without TLS speaks of gRPC and grpcs://, not of plain HTTP and https://', () => {
  const text = passes('/a { grpc_pass grpc://139.159.250.207:50051; }', '/b { grpc_pass 139.159.250.207:50051; }');
  const ds = ofRule(lintConf(text), rule);
  assert.deepEqual(ds.map(at), ['4:39-4:60', '5:32-5:53']);
  assert.equal(
    ds[0].message,
    '139.159.250.207 is the external IP of api-2 (华东2), so traffic to it crosses the public network, but grpc_pass grpc://139.159.250.207:50051 speaks gRPC without TLS: requests, metadata and credentials travel the internet in the clear. Use "grpc_pass grpcs://" with "grpc_ssl_verify on" (and grpc_ssl_trusted_certificate), or carry the traffic through a tunnel (VPN, WireGuard, SSH).',
  );
  assert.equal(ds[0].related[0].message, 'sent unencrypted here');
  assert.equal(ds[0].fixes[0].title, 'Use grpcs:// (the backend must accept TLS)');
  assert.equal(applyEdits(text, ds[0].fixes[0].edits).text, text.replace('grpc://139', 'grpcs://139'));
  // Without a scheme written there is none to switch.
  assert.deepEqual(ds[1].fixes, []);
  const [zh] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.equal(
    zh.message,
    '139.159.250.207 是 api-2（华东2）的外网 IP，流量要经过公网，但 grpc_pass grpc://139.159.250.207:50051 使用未启用 TLS 的 gRPC：请求、元数据和凭据都会在互联网上明文传输。请改用 "grpc_pass grpcs://" 并开启 "grpc_ssl_verify on"（配合 grpc_ssl_trusted_certificate），或通过隧道（VPN、WireGuard、SSH）传输。',
  );
});

test('nginx-upstream-plaintext-public: a variable naming the upstream followed by the request URI ($pool$request_uri)', () => {
  const map = '    map $http_x_canary $pool { default web_backend; }\n';
  for (const pass of ['http://$pool$request_uri', 'http://${pool}$uri', 'http://$pool$document_uri', 'http://$pool$is_args$args', 'http://$pool$is_args']) {
    const text = viaVariable(`        location / { proxy_pass ${pass}; }\n`, map);
    const ds = ofRule(lintConf(text), rule);
    assert.deepEqual(ds.map(at), ['2:62-2:82'], pass);
    assert.equal(applyEdits(text, ds[0].fixes[0].edits).text, text.replace('http://', 'https://'), pass);
  }
  const inLocation = viaVariable('        location / { set $b web_backend; proxy_pass http://$b$request_uri; }\n');
  assert.deepEqual(ofRule(lintConf(inLocation), rule).map(at), ['2:62-2:82']);
  // Text that may lengthen the host, or a port, names no upstream.
  for (const pass of [
    'http://$pool$host',
    'http://$pool.example.com$request_uri',
    'http://$pool:8680$request_uri',
    'http://$pool$request_urix',
    // Without arguments `$is_args` and `$args` are empty: what follows lengthens the host.
    'http://$pool$args',
    'http://$pool$is_args$args$host',
    'http://$pool$is_args$host',
  ]) {
    assert.deepEqual(ofRule(lintConf(viaVariable(`        location / { proxy_pass ${pass}; }\n`, map)), rule), [], pass);
  }
});

test('nginx-upstream-plaintext-public: a stream server that ends TLS and forwards in the clear (no proxy_ssl)', () => {
  const cert = 'ssl_certificate a.pem; ssl_certificate_key a.key;';
  const text = [
    'events {}',
    'stream {',
    '    upstream dubbo_dr { server 139.159.250.207:20880; }',
    `    server { listen 20880 ssl; ${cert} proxy_pass dubbo_dr; }`,
    `    server { listen 20881 ssl; ${cert} proxy_pass 139.159.250.207:20881; }`,
    // Not reported: TLS again towards the backend; TLS passed through untouched; a private backend.
    `    server { listen 20882 ssl; ${cert} proxy_pass 139.159.250.207:20882; proxy_ssl on; }`,
    '    server { listen 20883; proxy_pass 139.159.250.207:20883; }',
    `    server { listen 20884 ssl; ${cert} proxy_pass 192.168.27.102:20884; }`,
    '}',
    '',
  ].join('\n');
  const ds = ofRule(lintConf(text), rule);
  assert.deepEqual(ds.map(at), ['2:31-2:52', '4:92-4:113']);
  assert.equal(
    ds[0].message,
    '139.159.250.207 is the external IP of api-2 (华东2), so traffic to it crosses the public network, but proxy_pass dubbo_dr forwards in the clear what nginx decrypted: the server ends the client\'s TLS ("listen … ssl") and "proxy_ssl" is off. Add "proxy_ssl on" with "proxy_ssl_verify on" (and proxy_ssl_trusted_certificate), or carry the traffic through a tunnel (VPN, WireGuard, SSH).',
  );
  assert.deepEqual(ds[0].related.map((r) => `${r.range.start.line} ${r.message}`), ['3 sent unencrypted here']);
  assert.deepEqual(ds[0].fixes, []);
  // proxy_ssl on for every server of stream; an include that may turn it on: nothing to say.
  for (const text2 of [text.replace('stream {\n', 'stream {\n    proxy_ssl on;\n'), text.replace('stream {\n', 'stream {\n    include tls.conf;\n')]) {
    assert.deepEqual(ofRule(lintConf(text2), rule), []);
  }
  // A server in an included file: its stream block, with what it may set, is elsewhere.
  const included = lintNginx({
    'nginx/nginx.conf': 'events {}\nstream {\n    proxy_ssl on;\n    include streams/*.conf;\n}\n',
    'nginx/streams/dr.conf': `server { listen 20881 ssl; ${cert} proxy_pass 139.159.250.207:20881; }\n`,
  });
  assert.deepEqual(ofRule(included, rule), []);
  const [zh] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.match(zh.message, /但 proxy_pass dubbo_dr 把 nginx 解密后的内容明文转发：该 server 终止了客户端的 TLS（"listen … ssl"），而 "proxy_ssl" 未开启。/);
});
