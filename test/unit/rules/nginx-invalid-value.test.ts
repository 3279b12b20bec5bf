import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-invalid-value';
const http = (body: string) => `events {}\nhttp {\n${body}\n}\n`;

test('nginx-invalid-value: a time with an unknown unit, on the value', () => {
  const [d, ...rest] = ofRule(lintConf(http('    proxy_connect_timeout 500x;')), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '2:26-2:30');
  assert.match(d.message, /^"proxy_connect_timeout" directive invalid value: "500x" is not a time\./);
  assert.deepEqual(d.fixes, []);
});

test('nginx-invalid-value: "200mb" is not a size; the safe fix drops the "b"', () => {
  const text = http('    client_max_body_size 200mb;');
  const [d] = ofRule(lintConf(text), rule);
  assert.equal(at(d), '2:25-2:30');
  assert.equal(
    d.message,
    '"client_max_body_size" directive invalid value: "200mb" is not a size. Write digits with an optional k or m or g suffix (200m, 16k), with no "b".',
  );
  assert.equal(d.fixes[0].title, 'Replace with "200m"');
  assert.equal(d.fixes[0].safe, true);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, http('    client_max_body_size 200m;'));
});

test('nginx-invalid-value: units a directive refuses (g for a buffer size, y for milliseconds, ms for seconds)', () => {
  const ds = ofRule(lintConf(http('    proxy_buffer_size 1g;\n    proxy_read_timeout 1y;\n    ssl_session_timeout 500ms;\n    types_hash_max_size 2k;')), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message.split('. ')[0]}`),
    [
      '2:22-2:24 "proxy_buffer_size" directive invalid value: "1g" is not a size',
      '3:23-3:25 "proxy_read_timeout" directive invalid value: "1y" is not a time',
      '4:24-4:29 "ssl_session_timeout" directive invalid value: "500ms" is not a time',
      '5:24-5:26 "types_hash_max_size" directive invalid value: "2k" is not a number (units are not accepted here).',
    ],
  );
  assert.match(ds[1].message, /counts in milliseconds, so y and M are refused/);
  assert.match(ds[2].message, /counts in seconds, so ms is refused/);
});

test('nginx-invalid-value: on/off flags, with an unsafe fix for yes/no', () => {
  const text = http('    ssl_prefer_server_ciphers yes;');
  const [d] = ofRule(lintConf(text), rule);
  assert.equal(at(d), '2:30-2:33');
  assert.equal(d.message, 'invalid value "yes" in "ssl_prefer_server_ciphers" directive, it must be "on" or "off"');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, http('    ssl_prefer_server_ciphers on;'));
});

test('nginx-invalid-value: upstream server parameters', () => {
  const ds = ofRule(lintConf(http('    upstream a {\n        server 10.0.0.1:80 weight=0 max_fails=x fail_timeout=500ms;\n    }')), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message}`),
    [
      '3:27-3:35 invalid parameter "weight=0": weight must be a whole number of at least 1',
      '3:36-3:47 invalid parameter "max_fails=x": max_fails must be a whole number (0 or more)',
      '3:48-3:66 invalid parameter "fail_timeout=500ms": fail_timeout takes a time in seconds (10s, 1m)',
    ],
  );
});

test('nginx-invalid-value: name=value parameters of the reference', () => {
  const [d] = ofRule(lintConf(http('    proxy_cache_path /tmp/c keys_zone=c:10m inactive=10x;')), rule);
  assert.equal(at(d), '2:44-2:56');
  assert.equal(d.message, 'invalid value "10x" for "inactive=" in "proxy_cache_path" directive: expected a time (30s, 10m).');
});

test('nginx-invalid-value: limit_req_zone counts requests (r/s, r/m), not bytes', () => {
  const zone = (rate: string) => `    limit_req_zone $binary_remote_addr zone=z${rate.length}:1m rate=${rate};`;
  const ds = ofRule(lintConf(http(['20r/s', '5r/m', '20', '20r/h', '0r/s', '1.5r/s', '10k'].map(zone).join('\n'))), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message}`),
    [
      '5:50-5:60 invalid value "20r/h" for "rate=" in "limit_req_zone" directive: expected a request rate above 0 (10r/s, 30r/m).',
      '6:50-6:59 invalid value "0r/s" for "rate=" in "limit_req_zone" directive: expected a request rate above 0 (10r/s, 30r/m).',
      '7:50-7:61 invalid value "1.5r/s" for "rate=" in "limit_req_zone" directive: expected a request rate above 0 (10r/s, 30r/m).',
      '8:50-8:58 invalid value "10k" for "rate=" in "limit_req_zone" directive: expected a request rate above 0 (10r/s, 30r/m).',
    ],
  );
});

test('nginx-invalid-value: a variable where nginx reads a fixed time, size or number (a map cannot choose it per request)', () => {
  const body = [
    '    map $host $t { default 5s; }',
    '    proxy_read_timeout $t;',
    '    client_max_body_size ${t};',
    '    keepalive_timeout 65s $t;',
    '    types_hash_max_size $t;',
    '    proxy_cache_path /tmp/c keys_zone=c:10m inactive=$t;',
    '    limit_req_zone $binary_remote_addr zone=z:1m rate=$t;',
  ].join('\n');
  const ds = ofRule(lintConf(http(body)), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message.split(':')[0]}: ${d.message.split(', but')[0].split(': ').slice(1).join(': ')}`),
    [
      '3:23-3:25 "proxy_read_timeout" directive invalid value: "$t" holds a variable',
      '4:25-4:29 "client_max_body_size" directive invalid value: "${t}" holds a variable',
      '5:26-5:28 "keepalive_timeout" directive invalid value: "$t" holds a variable',
      '6:24-6:26 "types_hash_max_size" directive invalid value: "$t" holds a variable',
      '7:44-7:55 invalid value "$t" for "inactive=" in "proxy_cache_path" directive: nginx does not expand variables in this parameter; write a fixed time (30s, 10m).',
      '8:49-8:56 invalid value "$t" for "rate=" in "limit_req_zone" directive: nginx does not expand variables in this parameter; write a fixed request rate above 0 (10r/s, 30r/m).',
    ],
  );
  assert.match(ds[0].message, /does not expand variables in it\. Write a fixed time \(30s, 10m\) \(it can differ per server or location, not per request\)\.$/);
  assert.match(ds[1].message, /Write a fixed size \(10m, 512k\)/);
  assert.match(ds[3].message, /Write a fixed whole number/);
  assert.ok(ds.every((d) => d.fixes.length === 0));
});

test('nginx-invalid-value: a "$" that is no variable is judged as the value it is', () => {
  const [d, ...rest] = ofRule(lintConf(http('    client_body_buffer_size 16k$;')), rule);
  assert.equal(rest.length, 0);
  assert.match(d.message, /^"client_body_buffer_size" directive invalid value: "16k\$" is not a size\./);
});

test('nginx-invalid-value: variables where the documentation allows them, and in obsolete directives nginx ignores', () => {
  const body = [
    '    map $host $r { default 100k; }',
    '    limit_rate $r;',
    '    limit_rate_after $r;',
    '    proxy_limit_rate $r;',
    '    http2_idle_timeout $r;',
    '    server { listen 80; location / { limit_rate ${r}; } }',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(http(body)), rule), []);
});

test('nginx-invalid-value: valid times, sizes, keywords and variables pass', () => {
  const body = [
    '    proxy_connect_timeout "1m 30s";',
    '    proxy_read_timeout 1h30;',
    '    keepalive_timeout 65s 60;',
    '    client_max_body_size 2g;',
    '    proxy_buffers 8 16k;',
    '    directio off;',
    '    limit_rate $rate;',
    '    ssl_prefer_server_ciphers ON;',
    '    upstream a { server 10.0.0.1 weight=5 max_fails=0 fail_timeout=1m; }',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(http(body)), rule), []);
});

test('nginx-invalid-value: "backup" on a server after ip_hash, hash or random, with an unsafe fix removing it', () => {
  const text = http('    upstream a {\n        ip_hash;\n        server 10.0.0.1:80;\n        server 10.0.0.2:80 backup;\n    }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '5:27-5:33');
  assert.equal(
    d.message,
    'balancing method does not support parameter "backup": "ip_hash" (line 4) chooses the server itself, so an upstream using it has no backup servers. Remove "backup", or balance with round robin or least_conn.',
  );
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace(' backup;', ';'));
  // Before the method, or with a method that has backups, nginx accepts it.
  assert.deepEqual(ofRule(lintConf(http('    upstream a {\n        server 10.0.0.2:80 backup;\n        hash $uri;\n    }\n    upstream b {\n        least_conn;\n        server 10.0.0.3:80 backup;\n    }')), rule), []);
});

test('nginx-invalid-value: slow_start is a commercial parameter open-source nginx refuses, with an unsafe fix removing it', () => {
  const text = http('    upstream a {\n        server 10.0.0.1:80 slow_start=30s weight=2;\n    }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '3:27-3:41');
  assert.equal(
    d.message,
    'invalid parameter "slow_start=30s": slow_start is a parameter of the commercial subscription (NGINX Plus); open-source nginx does not know it and refuses the server line',
  );
  assert.equal(d.fixes[0].title, 'Remove "slow_start=30s"');
  assert.equal(d.fixes[0].safe, false);
  assert.match(applyEdits(text, d.fixes[0].edits).text, /server 10\.0\.0\.1:80 weight=2;/);
  // In stream too.
  const stream = 'events {}\nstream {\n    upstream db { server 10.0.0.1:3306 slow_start=10s; }\n}\n';
  assert.deepEqual(ofRule(lintConf(stream), rule).map((x) => x.message.split(':')[0]), ['invalid parameter "slow_start=10s"']);
});

test('nginx-invalid-value: a name=value parameter no upstream server has (a typo), per family', () => {
  const ds = ofRule(lintConf(http('    upstream a {\n        server 10.0.0.1:80 max_fail=3 route=a drain;\n    }')), rule);
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.message}`), [
    '3:27-3:37 invalid parameter "max_fail=3": nginx knows no "max_fail=" parameter of an upstream server (it takes weight=, max_conns=, max_fails=, fail_timeout=, backup, down, resolve, service=, route=, drain)',
  ]);
  assert.deepEqual(ds[0].fixes, []);
  // route= is an http parameter only.
  const stream = 'events {}\nstream {\n    upstream db { server 10.0.0.1:3306 route=a; }\n}\n';
  assert.match(ofRule(lintConf(stream), rule)[0].message, /^invalid parameter "route=a": nginx knows no "route=" parameter .*service=\)$/);
  // In Chinese the parameters are listed with 、.
  const [zh] = ofRule(lintConf(http('    upstream a {\n        server 10.0.0.1:80 max_fail=3;\n    }'), { locale: 'zh-cn' }), rule);
  assert.equal(
    zh.message,
    '无效参数 "max_fail=3"：nginx 的 upstream server 没有 "max_fail=" 参数（可用的有 weight=、max_conns=、max_fails=、fail_timeout=、backup、down、resolve、service=、route=、drain）',
  );
  const [zhStream] = ofRule(lintConf(stream, { locale: 'zh-cn' }), rule);
  assert.match(zhStream.message, /（可用的有 weight=、max_conns=、max_fails=、fail_timeout=、backup、down、resolve、service=）$/);
});

test('nginx-invalid-value: resolve needs the upstream in shared memory (a zone) for a host name', () => {
  const text = http('    upstream api {\n        server api.example.com:8080 resolve;\n    }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '3:36-3:43');
  assert.equal(
    d.message,
    'resolving names at run time requires upstream "api" to be in shared memory: with "resolve", nginx looks api.example.com up again while it runs and keeps the addresses in the upstream\'s shared memory zone, but upstream "api" has no "zone" directive, so nginx -t fails. Add "zone api 64k;" to the upstream (and a "resolver" in http or in the upstream), or remove "resolve".',
  );
  // With a zone, for an IP address (nothing to resolve), or with an include that may hold the zone: nothing.
  for (const body of [
    '    resolver 10.0.0.53;\n    upstream api {\n        zone api 64k;\n        server api.example.com:8080 resolve;\n    }',
    '    upstream api {\n        server 10.0.0.1:8080 resolve;\n    }',
    '    upstream api {\n        include zone.conf;\n        server api.example.com resolve;\n    }',
  ]) {
    assert.deepEqual(ofRule(lintNginx({ 'nginx/nginx.conf': http(body), 'nginx/zone.conf': 'zone api 64k;\n' }), rule), [], body);
  }
  const stream = 'events {}\nstream {\n    upstream db { server db.example.com:3306 resolve; }\n}\n';
  assert.match(ofRule(lintConf(stream), rule)[0].message, /^resolving names at run time requires upstream "db" to be in shared memory:/);
});

test('nginx-invalid-value: a port outside 1-65535 in listen, an upstream server or a *_pass, on the port, as nginx says it', () => {
  const text = http(
    [
      '    upstream app { server 10.0.0.1:80800; server [::1]:0; server 10.0.0.2:; }',
      '    server {',
      '        listen 70000;',
      '        listen 127.0.0.1:8x;',
      '        location / { proxy_pass http://10.0.0.1:99999/api/; }',
      '        location /g { grpc_pass grpcs://10.0.0.1:0; }',
      '        location /f { fastcgi_pass 10.0.0.1:123456; }',
      '    }',
    ].join('\n'),
  );
  assert.deepEqual(
    ofRule(lintConf(text), rule).map((d) => `${at(d)} ${d.message}`),
    [
      '2:35-2:40 invalid port in upstream "10.0.0.1:80800": a port is a whole number from 1 to 65535, and "80800" is not.',
      '2:55-2:56 invalid port in upstream "[::1]:0": a port is a whole number from 1 to 65535, and "0" is not.',
      '2:73-2:74 invalid port in upstream "10.0.0.2:": nothing follows the ":" that announces the port.',
      '4:15-4:20 invalid port in "70000" of the "listen" directive: a port is a whole number from 1 to 65535, and "70000" is not.',
      '5:25-5:27 invalid port in "127.0.0.1:8x" of the "listen" directive: a port is a whole number from 1 to 65535, and "8x" is not.',
      '6:48-6:53 invalid port in upstream "10.0.0.1:99999/api/": a port is a whole number from 1 to 65535, and "99999" is not.',
      '7:49-7:50 invalid port in upstream "10.0.0.1:0": a port is a whole number from 1 to 65535, and "0" is not.',
      '8:44-8:50 invalid port in upstream "10.0.0.1:123456": a port is a whole number from 1 to 65535, and "123456" is not.',
    ],
  );
  // Stream: listen, upstream servers and proxy_pass (no scheme) alike.
  const stream = 'events {}\nstream {\n    upstream s { server 10.0.0.1:70000; }\n    server { listen 99999; proxy_pass 10.0.0.1:0; }\n}\n';
  assert.deepEqual(
    ofRule(lintConf(stream), rule).map((d) => d.message.split(':')[0]),
    ['invalid port in upstream "10.0.0.1', 'invalid port in "99999" of the "listen" directive', 'invalid port in upstream "10.0.0.1'],
  );
  const [zh] = ofRule(lintConf(http('    server { listen 0; }'), { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, 'invalid port in "0" of the "listen" directive：端口是 1 到 65535 之间的整数，"0" 不是。');
});

test('nginx-invalid-value: ports nginx takes, and addresses it reads only per request or refuses for another reason, pass', () => {
  const text = http(
    [
      '    upstream app { server 10.0.0.1:1; server 10.0.0.2:65535; server [::1]:8080; server unix:/run/a.sock; }',
      '    server {',
      '        listen 08080;',
      '        listen 127.0.0.1:8000-8010;',
      '        listen unix:/run/b.sock;',
      '        location / { proxy_pass http://10.0.0.1?a=b:c; }',
      '        location /v { proxy_pass http://$host:99999; }',
      '        location /u { proxy_pass http://unix:/run/a.sock:/x; }',
      '        location /w { proxy_pass ftp://10.0.0.1:99999; }',
      '    }',
    ].join('\n'),
  );
  assert.deepEqual(ofRule(lintConf(text), rule), []);
});

test('nginx-invalid-value: FastCGI, uwsgi, SCGI, memcached and gRPC passes with no port and no upstream of that name, as nginx says it', () => {
  const text = http(
    [
      '    server {',
      '        location /f { fastcgi_pass 127.0.0.1; }',
      '        location /u { uwsgi_pass uwsgi://127.0.0.1; }',
      '        location /s { scgi_pass 127.0.0.1; }',
      '        location /m { memcached_pass [::1]; }',
      '        location /g { grpc_pass grpc://127.0.0.1; }',
      '        location /h { grpc_pass localhost; }',
      '        location /p { fastcgi_pass php; }',
      '    }',
    ].join('\n'),
  );
  const ds = ofRule(lintConf(text), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message}`),
    [
      '3:35-3:44 no port in upstream "127.0.0.1": fastcgi_pass has no default port and no upstream block is named "127.0.0.1". Write the port the backend listens on ("127.0.0.1:port"), or name an upstream block.',
      '4:41-4:50 no port in upstream "127.0.0.1": uwsgi_pass has no default port and no upstream block is named "127.0.0.1". Write the port the backend listens on ("127.0.0.1:port"), or name an upstream block.',
      '5:32-5:41 no port in upstream "127.0.0.1": scgi_pass has no default port and no upstream block is named "127.0.0.1". Write the port the backend listens on ("127.0.0.1:port"), or name an upstream block.',
      '6:37-6:42 no port in upstream "[::1]": memcached_pass has no default port and no upstream block is named "[::1]". Write the port the backend listens on ("[::1]:port"), or name an upstream block.',
      '7:39-7:48 no port in upstream "127.0.0.1": grpc_pass has no default port and no upstream block is named "127.0.0.1". Write the port the backend listens on ("127.0.0.1:port"), or name an upstream block.',
      '8:32-8:41 no port in upstream "localhost": grpc_pass has no default port and no upstream block is named "localhost". Write the port the backend listens on ("localhost:port"), or name an upstream block.',
      '9:35-9:38 no port in upstream "php": fastcgi_pass has no default port and no upstream block is named "php". Write the port the backend listens on ("php:port"), or name an upstream block.',
    ],
  );
  assert.deepEqual(ds[0].fixes, []);
  // nginx looks the name up among the upstream blocks (in any case, before or after) first.
  const named = http(
    [
      '    upstream 127.0.0.1 { server 127.0.0.1:9000; }',
      '    server {',
      '        location /f { fastcgi_pass 127.0.0.1; }',
      '        location /g { grpc_pass grpcs://PHP; }',
      '        location /p { fastcgi_pass unix:/run/php.sock; }',
      '        location /q { fastcgi_pass 127.0.0.3:9000; }',
      '        location /v { fastcgi_pass $http_x_backend; }',
      '        location / { proxy_pass http://127.0.0.2; }',
      '    }',
      '    upstream php { server 127.0.0.1:9001; }',
    ].join('\n'),
  );
  // nginx -t accepts it: nothing to report.
  assert.deepEqual(lintConf(named).filter((d) => d.severity === 'error'), []);
  const [zh] = ofRule(lintConf(http('    server { location / { fastcgi_pass 127.0.0.1; } }'), { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, 'no port in upstream "127.0.0.1"：fastcgi_pass 没有默认端口，也没有名为 "127.0.0.1" 的 upstream 块。请写上后端监听的端口（"127.0.0.1:端口"），或指向一个 upstream 块。');
});

test('nginx-invalid-value: no port for proxy_pass in stream, nor for a server of a stream upstream (checked with nginx -t)', () => {
  const text = [
    'events {}',
    'stream {',
    '    upstream pool { server 10.0.0.2:81; server 10.0.0.3; server unix:/run/a.sock; server [::1]; }',
    '    server { listen 9000; proxy_pass localhost; }',
    '    server { listen 9001; proxy_pass POOL; }',
    '    server { listen 9002; proxy_pass backend; }',
    '    server { listen 9003; proxy_pass unix:/run/b.sock; }',
    '    server { listen 9004; proxy_pass $backend; }',
    '    server { listen 9005; proxy_pass 10.0.0.4:82; }',
    '}',
    '',
  ].join('\n');
  const ds = lintConf(text);
  assert.deepEqual(
    ofRule(ds, rule).map((d) => `${at(d)} ${d.message}`),
    [
      '2:47-2:55 no port in upstream "10.0.0.3": a server of a stream upstream has no default port. Write the port the backend listens on ("10.0.0.3:port").',
      '2:89-2:94 no port in upstream "[::1]": a server of a stream upstream has no default port. Write the port the backend listens on ("[::1]:port").',
      '3:37-3:46 no port in upstream "localhost": proxy_pass in a stream server has no default port and no upstream block of stream is named "localhost". Write the port the backend listens on ("localhost:port"), or name an upstream block.',
      '5:37-5:44 no port in upstream "backend": proxy_pass in a stream server has no default port and no upstream block of stream is named "backend". Write the port the backend listens on ("backend:port"), or name an upstream block.',
    ],
  );
  // Said once: not also as a host name nginx would look up (nginx-unknown-upstream).
  assert.deepEqual(ofRule(ds, 'nginx-unknown-upstream'), []);
  // An http upstream of that name does not serve a stream pass.
  const http = 'events {}\nhttp { upstream db { server 10.0.0.2:81; } }\nstream { server { listen 9000; proxy_pass db; } }\n';
  assert.deepEqual(ofRule(lintConf(http), rule).map(at), ['2:42-2:44']);
  const zh = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.equal(zh[0].message, 'no port in upstream "10.0.0.3"：stream 的 upstream 中的 server 没有默认端口。请写上后端监听的端口（"10.0.0.3:端口"）。');
  assert.equal(
    zh[2].message,
    'no port in upstream "localhost"：stream server 中的 proxy_pass 没有默认端口，stream 中也没有名为 "localhost" 的 upstream 块。请写上后端监听的端口（"localhost:端口"），或指向一个 upstream 块。',
  );
});

test('nginx-invalid-value: a listen parameter nginx does not know, per family, with what it may have meant', () => {
  const text = http(
    [
      '    server { listen 8081 udp; }',
      '    server { listen 8082 SSL; }',
      '    server { listen 8083 spdy; }',
      '    server { listen 8084 default_server fast_open=3; }',
    ].join('\n'),
  );
  assert.deepEqual(
    ofRule(lintConf(text), rule).map((d) => `${at(d)} ${d.message}`),
    [
      '2:25-2:28 invalid parameter "udp": "listen" in an http server takes no such parameter ("udp" belongs to "listen" in a stream server; HTTP/3 over UDP is "quic").',
      '3:25-3:28 invalid parameter "SSL": "listen" in an http server takes no such parameter (nginx compares parameters with case: write "ssl").',
      '4:25-4:29 invalid parameter "spdy": "listen" in an http server takes no such parameter (SPDY gave way to HTTP/2: write "http2").',
      '5:40-5:51 invalid parameter "fast_open=3": "listen" in an http server takes no such parameter.',
    ],
  );
  const stream = 'events {}\nstream {\n    server { listen 53 udp reuseport; proxy_pass 10.0.0.1:53; }\n    server { listen 9000 http2; proxy_pass 10.0.0.1:1; }\n}\n';
  assert.deepEqual(ofRule(lintConf(stream), rule).map((d) => d.message), [
    'the invalid "http2" parameter: "listen" in a stream server takes no such parameter ("http2" belongs to "listen" in an http server).',
  ]);
  const [zh] = ofRule(lintConf(http('    server { listen 8081 udp; }'), { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, 'invalid parameter "udp"：http server 中的 "listen" 没有这个参数（"udp" 属于 stream server 中的 "listen"；基于 UDP 的 HTTP/3 用 "quic"）。');
});

test('nginx-invalid-value: every listen parameter nginx documents passes; a directive after a missing ";" is nginx-syntax\'s', () => {
  const params =
    'default_server ssl http2 quic proxy_protocol setfib=1 fastopen=16 backlog=511 rcvbuf=64k sndbuf=64k accept_filter=dataready deferred bind ipv6only=on reuseport multipath so_keepalive=30m::10';
  const text = http(`    server {\n        listen [::1]:8443 ${params};\n        listen 8080 default;\n        listen 8081\n        server_name a.test;\n    }`);
  assert.deepEqual(ofRule(lintConf(text), rule), []);
  // In a fragment nothing includes, a server may be a stream one: udp is not judged there.
  const ds = lintNginx({ 'nginx/nginx.conf': 'events {}\n', 'nginx/conf.d/dns.conf': 'server {\n    listen 53 udp;\n    listen 54 fastopen;\n}\n' });
  assert.deepEqual(ofRule(ds, rule).map((d) => `${d.file}:${at(d)} ${d.message.split(':')[0]}`), ['nginx/conf.d/dns.conf:2:14-2:22 invalid parameter "fastopen"']);
});

test('nginx-invalid-value: a word where nginx takes only fixed words, on the word, in nginx\'s words first', () => {
  const body = [
    '    proxy_http_version 2.0;',
    '    gzip_proxied always;',
    '    satisfy some;',
    '    autoindex_format yaml;',
    '    proxy_next_upstream http_418;',
    '    proxy_cache_use_stale sometimes;',
    '    keepalive_disable chrome;',
    '    aio sendfile;',
  ].join('\n');
  const ds = ofRule(lintConf(http(body)), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message.split(': ')[0]}`),
    [
      '2:23-2:26 invalid value "2.0"',
      '3:17-3:23 invalid value "always"',
      '4:12-4:16 invalid value "some"',
      '5:21-5:25 invalid value "yaml"',
      '6:24-6:32 invalid value "http_418"',
      '7:26-7:35 invalid value "sometimes"',
      '8:22-8:28 invalid value "chrome"',
      '9:8-9:16 "aio" directive invalid value',
    ],
  );
  assert.equal(ds[0].message, 'invalid value "2.0": "proxy_http_version" takes "1.0", "1.1" or "2", not "2.0".');
  assert.equal(
    ds[1].message,
    'invalid value "always": "gzip_proxied" takes one or more of "off", "expired", "no-cache", "no-store", "private", "no_last_modified", "no_etag", "auth" and "any", not "always".',
  );
  assert.equal(ds[2].message, 'invalid value "some": "satisfy" takes "all" or "any", not "some".');
  assert.equal(ds[3].message, 'invalid value "yaml": "autoindex_format" takes "html", "xml", "json" or "jsonp", not "yaml".');
  assert.match(ds[4].message, /^invalid value "http_418": "proxy_next_upstream" takes one or more of "error", "timeout", .*"http_429", .*, not "http_418"\.$/);
  assert.equal(ds[6].message, 'invalid value "chrome": "keepalive_disable" takes one or more of "none", "msie6" and "safari", not "chrome".');
  assert.equal(ds[7].message, '"aio" directive invalid value: "aio" takes "on", "off", "threads" or "threads=…", not "sendfile".');
  assert.ok(ds.every((d) => d.severity === 'error' && d.fixes.length === 0));
});

test('nginx-invalid-value: every word of a value of several words, with what was meant when it is close', () => {
  const text = http('    proxy_next_upstream error http_418 timeout non_idempotant;\n    gzip_proxied expired no_cache;');
  const ds = ofRule(lintConf(text), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message.split(': ')[0]}${d.message.includes('Did you mean') ? ` ${d.message.split('.').pop()!.trim()}` : ''}`),
    [
      '2:30-2:38 invalid value "http_418"',
      '2:47-2:61 invalid value "non_idempotant" Did you mean "non_idempotent"?',
      '3:25-3:33 invalid value "no_cache" Did you mean "no-cache"?',
    ],
  );
  assert.deepEqual(ds[0].fixes, []);
  assert.equal(ds[2].fixes[0].title, 'Replace with "no-cache"');
  assert.equal(ds[2].fixes[0].safe, false);
  assert.equal(applyEdits(text, ds[2].fixes[0].edits).text, text.replace('no_cache', 'no-cache'));
  // Digits are not guessed at: "2.0" is not "1.0", "http_418" not "http_403".
  assert.ok(!ofRule(lintConf(http('    proxy_http_version 2.0;\n    proxy_http_version http2;')), rule).some((d) => d.message.includes('Did you mean')));
});

test('nginx-invalid-value: fixed words in any case where nginx compares them so, with case for aio', () => {
  assert.deepEqual(ofRule(lintConf(http('    satisfy ALL;\n    gzip_proxied EXPIRED Any;\n    ssl_protocols tlsv1.2 TLSv1.3;\n    proxy_cache_methods get;')), rule), []);
  const text = http('    aio ON;');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.message, '"aio" directive invalid value: "aio" takes "on", "off", "threads" or "threads=…", not "ON". nginx compares these words with case: write "on".');
  assert.equal(applyEdits(text, d.fixes[0].edits).text, http('    aio on;'));
});

test('nginx-invalid-value: the words nginx takes, documented or not, variables, and directives that take other words too pass', () => {
  const body = [
    '    map $host $fmt { default json; }',
    '    proxy_http_version 2;',
    '    proxy_http_version "1.1";',
    '    proxy_next_upstream error timeout updating;',
    '    keepalive_disable msie6 safari;',
    '    aio threads=pool;',
    '    autoindex_format $fmt;',
    '    gzip_proxied "expired" any;',
    '    dav_methods PUT DELETE;',
    '    real_ip_header X-Client-IP;',
    '    server_tokens build;',
    '    userid_flags secure samesite=lax;',
    '    worker_processes 4;',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(http(body)), rule), []);
});

test('nginx-invalid-value: a directive swallowed after a missing ";" is nginx-syntax\'s, not a word of the one before', () => {
  const ds = lintConf(http('    gzip_proxied any\n    access_log off;'));
  assert.deepEqual(ofRule(ds, rule), []);
  assert.equal(ofRule(ds, 'nginx-syntax').length, 1);
});

test('nginx-invalid-value: in a file nothing includes, a word another variant takes passes (a stream proxy_next_upstream takes on)', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\n',
    'nginx/conf.d/frag.conf': 'proxy_next_upstream on;\nproxy_protocol v2;\nsatisfy some;\ngzip_proxied any\nproxy_read_timeout 5s;\n',
  });
  assert.deepEqual(ofRule(ds, rule).map((d) => `${d.file}:${at(d)} ${d.message.split(':')[0]}`), ['nginx/conf.d/frag.conf:2:8-2:12 invalid value "some"']);
});

test('nginx-invalid-value: fixed words in stream and mail, and in Chinese', () => {
  const stream = 'events {}\nstream {\n    server { listen 127.0.0.1:1; proxy_pass 10.0.0.1:1; proxy_protocol v3; ssl_verify_client maybe; }\n}\n';
  assert.deepEqual(ofRule(lintConf(stream), rule).map((d) => d.message), [
    'invalid value "v3" in "proxy_protocol" directive, it must be "on" or "off": "proxy_protocol" takes "on", "off" or "v2", not "v3".',
    'invalid value "maybe": "ssl_verify_client" takes "on", "off", "optional" or "optional_no_ca", not "maybe".',
  ]);
  const [zh] = ofRule(lintConf(http('    satisfy some;'), { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, 'invalid value "some"："satisfy" 只接受 "all" 或 "any"，不接受 "some"。');
  const [zhEach] = ofRule(lintConf(http('    keepalive_disable msie6 chrom;'), { locale: 'zh-cn' }), rule);
  assert.equal(zhEach.message, 'invalid value "chrom"："keepalive_disable" 接受 "none"、"msie6" 和 "safari" 中的一个或多个，不接受 "chrom"。');
});

test('nginx-invalid-value: a mail protocol nginx does not know, in its words (unknown protocol)', () => {
  const mail = (p: string) => `events {}\nmail {\n    server {\n        listen 127.0.0.1:8025;\n        protocol ${p};\n    }\n}\n`;
  const ds = ofRule(lintConf(mail('smtps')), rule);
  assert.deepEqual(ds.map(at), ['4:17-4:22']);
  assert.equal(ds[0].message, 'unknown protocol "smtps": "protocol" takes "imap", "pop3" or "smtp", not "smtps". Did you mean "smtp"?');
  for (const p of ['imap', 'pop3', 'smtp']) assert.deepEqual(ofRule(lintConf(mail(p)), rule), [], p);
});

test('nginx-invalid-value: allow and deny take an address, a CIDR network, "unix:" or "all", as nginx parses them', () => {
  const where = (v: string) => http(`    server {\n        listen 127.0.0.1:8000;\n        deny ${v};\n    }`);
  const stream = (v: string) => `events {}\nstream {\n    server {\n        listen 127.0.0.1:8000;\n        allow ${v};\n        proxy_pass 127.0.0.1:9;\n    }\n}\n`;
  const refused = [
    'ALL', 'any', 'localhost', 'unix:/run/x.sock', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/abc', '10.0.0.0/-1', '10.0.0.0/255.0.0.0',
    '10.0.0', '256.1.1.1', '1.2.3.4.5', '255.255.255.255', '[::1]', 'fe80::/129', '1::2::3', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::', '12345::', '1:', ':::', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4', '1.2.3.4/99999999999999999999',
  ];
  for (const v of refused) {
    const ds = ofRule(lintConf(where(v)), rule);
    assert.deepEqual(ds.map((d) => `${d.range.start.line}:${d.range.start.character}`), ['4:13'], v);
    assert.ok(ds[0].message.startsWith(`invalid parameter "${v}": "deny" takes`), ds[0].message);
    assert.equal(ofRule(lintConf(stream(v)), rule).length, 1, `stream ${v}`);
  }
  // What nginx 1.22 takes, the odd forms too (checked with nginx -t).
  const taken = [
    'all', 'unix:', '10.0.0.0/8', '10.0.0.1/8', '10.0.0.0/0', '10.0.0.0/08', '010.1.1.1', '1.2.3.04', '0.0.0.0', '1..2.3', '.1.2.3', '1.2.3.',
    '::1', '::/0', 'fe80::/10', 'FE80::1', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '::1:2:3:4:5:6:7', ':1::1', '1::2:', '0001::', '::', '1::1.2.3.4',
    '1:2:3:4:5:6:1.2.3.4', '1.2.3.4/032',
  ];
  for (const v of taken) {
    assert.deepEqual(ofRule(lintConf(where(v)), rule), [], v);
    assert.deepEqual(ofRule(lintConf(stream(v)), rule), [], `stream ${v}`);
  }
  // What was meant, where it is plain.
  const say = (v: string) => ofRule(lintConf(where(v)), rule)[0].message;
  assert.match(say('ALL'), /write "all"/);
  assert.match(say('10.0.0.0/255.0.0.0'), /"10\.0\.0\.0\/8"/);
  assert.match(say('localhost'), /does not look host names up/);
});

test('nginx-invalid-value: userid_mark takes "off" or one letter, digit or "="', () => {
  const where = (v: string) => http(`    userid on;\n    userid_mark ${v};`);
  const ds = ofRule(lintConf(where('on')), rule);
  assert.deepEqual(ds.map(at), ['3:16-3:18']);
  assert.equal(ds[0].message.split(': ')[0], '"userid_mark" directive value must be "off" or a single letter, digit or "="');
  for (const v of ['ab', '-', 'OFF']) assert.equal(ofRule(lintConf(where(v)), rule).length, 1, v);
  for (const v of ['off', 'x', 'Z', '7', '=']) assert.deepEqual(ofRule(lintConf(where(v)), rule), [], v);
});

test('nginx-invalid-value: an address nginx takes as written with a "$" in it is no host (an unfilled template placeholder), in nginx\'s words', () => {
  const text = http(
    [
      '    resolver 127.0.0.11 ${DNS} valid=10s;',
      '    upstream backend {',
      '        server ${BACKEND_HOST}:8080 weight=2;',
      '        server unix:${SOCKET};',
      '    }',
      '    server {',
      '        listen ${LISTEN_ADDR}:8080;',
      '        set_real_ip_from ${PROXY};',
      '        location / {',
      '            proxy_pass http://backend;',
      '        }',
      '    }',
    ].join('\n'),
  );
  const ds = lintConf(text).filter((d) => d.rule === rule || d.rule === 'nginx-unknown-variable');
  assert.deepEqual(
    ds.map((d) => `${d.rule} ${at(d)} ${d.message.split(': ')[0]}`),
    [
      'nginx-invalid-value 2:24-2:30 host not found in resolver "${DNS}"',
      'nginx-invalid-value 4:15-4:35 host not found in upstream "${BACKEND_HOST}:8080"',
      'nginx-invalid-value 8:15-8:34 host not found in "${LISTEN_ADDR}:8080" of the "listen" directive',
      'nginx-invalid-value 9:25-9:33 host not found in set_real_ip_from "${PROXY}"',
    ],
  );
  assert.match(ds[1].message, /"server" takes its address as written, with no variables/);
});
