import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { tempWorkspace } from '../support/context';
import { gatewayYaml, lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-syntax';

test('nginx-syntax: an extra "}" at the place nginx reports it', () => {
  const ds = ofRule(lintConf('events {}\nhttp {\n}\n}\n'), rule);
  assert.deepEqual(ds.map(at), ['3:0-3:1']);
  assert.equal(ds[0].severity, 'error');
  assert.equal(ds[0].message, 'unexpected "}"');
});

test('nginx-syntax: a missing ";" before the next directive; the fix inserts it after the last argument', () => {
  const text = 'events {}\nhttp {\n    server {\n        listen 8081\n        server_name example.test;\n    }\n}\n';
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  // nginx reports the line of the ";" that ends the merged directive.
  assert.equal(at(d), '4:8-4:33');
  assert.equal(
    d.message,
    'directive "listen" is not terminated by ";": "listen" on line 4 has no ";", so the "server_name" on line 5 is read as one of its arguments',
  );
  assert.equal(d.fixes[0].title, 'Insert ";" after "8081"');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, text.replace('listen 8081\n', 'listen 8081;\n'));
});

test('nginx-syntax: missing ";" where nginx counts arguments or meets a block', () => {
  const arity = ofRule(lintConf('events {}\nhttp {\n    proxy_connect_timeout 5s\n    proxy_read_timeout 5s;\n}\n'), rule);
  assert.deepEqual(arity.map(at), ['3:4-3:26']);
  assert.match(arity[0].message, /^invalid number of arguments in "proxy_connect_timeout" directive: /);
  const block = ofRule(lintConf('worker_processes 1\nevents {}\n'), rule);
  assert.deepEqual(block.map(at), ['1:0-1:8']);
  assert.match(block[0].message, /^directive "worker_processes" is not terminated by ";": /);
});

test('nginx-syntax: argument counts and block openings from the nginx reference', () => {
  const ds = ofRule(lintConf('worker_processes 1 2;\nevents;\nhttp { server { location { } } }\n'), rule);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message}`),
    [
      '0:0-0:21 invalid number of arguments in "worker_processes" directive: it takes 1, not 2',
      '1:0-1:7 directive "events" has no opening "{"',
      '2:16-2:26 invalid number of arguments in "location" directive: it takes 1-2, not 0',
    ],
  );
});

test('nginx-syntax: an unclosed quote is reported where nginx stops, pointing back at the quote', () => {
  const [d, ...rest] = ofRule(lintConf('events {}\nhttp {\n    add_header X "oops;\n}\n'), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '4:0-4:0');
  assert.equal(d.message, 'unexpected end of file, expecting ";" or "}": the quote opened on line 3 is never closed');
  assert.deepEqual(d.related.map((r) => `${r.range.start.line}:${r.range.start.character} ${r.message}`), ['2:17 the quote opens here']);
});

test('nginx-syntax: an unclosed block names the block', () => {
  const [d] = ofRule(lintConf('events {}\nhttp {\n    server {\n'), rule);
  assert.equal(at(d), '3:0-3:0');
  assert.equal(d.message, 'unexpected end of file, expecting "}": the block "server" opened on line 3 is never closed');
});

test('nginx-syntax: a missing include (mapped through the service prefix) and an include cycle, at the include line', () => {
  const files = {
    'nginx/nginx.conf': 'events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n    include /etc/nginx/sites/app.conf;\n    include /usr/share/elsewhere.conf;\n    include mime.types;\n}\n',
    'nginx/conf.d/a.conf': 'include conf.d/b.conf;\n',
    'nginx/conf.d/b.conf': 'include conf.d/a.conf;\n',
  };
  const ds = lintNginx({ 'dubbo-topology.yaml': gatewayYaml('nginx/nginx.conf', '/etc/nginx'), ...files });
  const syntax = ofRule(ds, rule).map((d) => `${d.file} ${at(d)} ${d.message}`);
  assert.deepEqual(syntax, [
    'nginx/conf.d/b.conf 0:8-0:21 include cycle: nginx/conf.d/a.conf → nginx/conf.d/b.conf → nginx/conf.d/a.conf',
    'nginx/nginx.conf 3:12-3:37 open() "/etc/nginx/sites/app.conf" failed (2: No such file or directory): nginx/sites/app.conf is not in the workspace',
  ]);
});

test('nginx-syntax: messages in Simplified Chinese', () => {
  const [d] = ofRule(lintConf('events {}\n}\n', { locale: 'zh-cn' }), rule);
  assert.equal(d.message, 'nginx 语法错误：unexpected "}"');
});

test('nginx-syntax: a valid configuration (quotes, variables, map, if, types, includes) has none', () => {
  const text = [
    'events { worker_connections 512; }',
    'http {',
    '    map $http_upgrade $c { default upgrade; "" close; }',
    '    types { text/html html; }',
    '    server {',
    '        listen 80;',
    '        if ($request_method = POST) { return 405; }',
    '        location ~* "\\.(gif|jpg)$" { add_header X "a;b{c}"; }',
    '    }',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(text), rule), []);
});

test('nginx-syntax: a missing ";" is reported when nginx accepts the count only if the next line reads as a directive', () => {
  // server_name takes any number of names, so nginx swallows `root /srv/www` silently: still a mistake.
  const swallowed = ofRule(lintConf('events {}\nhttp {\n    server {\n        server_name a.test\n        root /srv/www;\n    }\n}\n'), rule);
  assert.deepEqual(swallowed.map((d) => `${d.severity} ${d.message.split(': ')[0]}`), ['warning "server_name" on line 4 has no ";"']);
  // Parameters on a line of their own that share a directive's name: nginx reads them as parameters.
  const params = [
    '        listen 8080 default_server',
    '               http2;',
    '        access_log /var/log/a.log.gz combined',
    '                   gzip flush=5m;',
    '        location / {',
    '            rewrite ^/old/(.*)$ /new/$1',
    '                    break;',
    '        }',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(`events {}\nhttp {\n    server {\n${params}\n    }\n}\n`), rule), []);
});

test('nginx-syntax: perl and perl_set take one and two arguments (quoted Perl is one)', () => {
  const text = "events {}\nhttp {\n    perl_set $v 'sub { return 1; }';\n    server { location / { perl 'sub { return 200; }'; } }\n}\n";
  assert.deepEqual(ofRule(lintConf(text), rule), []);
  const wrong = ofRule(lintConf("events {}\nhttp {\n    perl_set $v;\n}\n"), rule);
  assert.deepEqual(wrong.map((d) => d.message), ['invalid number of arguments in "perl_set" directive: it takes 2, not 1']);
});

test('nginx-syntax: a UTF-8 byte order mark, which nginx reads as part of the first word', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': gatewayYaml() });
  try {
    mkdirSync(join(dir, 'nginx'));
    writeFileSync(join(dir, 'nginx/nginx.conf'), '\ufeffevents {}\nhttp {}\n');
    const [d, ...rest] = ofRule(lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!.diagnostics, rule);
    assert.equal(rest.length, 0);
    assert.equal(at(d), '0:0-0:6');
    assert.equal(
      d.message,
      'unknown directive "\ufeffevents": the file begins with a UTF-8 byte order mark (BOM, bytes EF BB BF), invisible in most editors, which nginx reads as part of the first word. Save the file as UTF-8 without BOM.',
    );
    writeFileSync(join(dir, 'nginx/nginx.conf'), 'events {}\nhttp {}\n');
    assert.deepEqual(ofRule(lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!.diagnostics, rule), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nginx-syntax: an upstream with no server, at its closing brace where nginx reports it', () => {
  const text = 'events {}\nhttp {\n    upstream app {\n        keepalive 8;\n    }\n}\n';
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '4:4-4:5');
  assert.equal(d.message, 'no servers are inside upstream: upstream "app" has no "server" line, and nginx refuses an upstream with nothing to send requests to');
  assert.deepEqual(d.related.map((r) => `${r.range.start.line}:${r.range.start.character} ${r.message}`), ['2:4 the upstream opens here']);
  // Servers in an included file are not counted here: nothing is said.
  assert.deepEqual(ofRule(lintNginx({ 'nginx/nginx.conf': 'events {}\nhttp {\n    upstream app { include servers.conf; }\n}\n', 'nginx/servers.conf': 'server 10.0.0.1;\n' }), rule), []);
});

test('nginx-syntax: an upstream whose servers are all backup, at the upstream line', () => {
  const text = 'events {}\nhttp {\n    upstream app {\n        server 10.0.0.1 backup;\n        server 10.0.0.2 backup down;\n    }\n}\n';
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '2:4-2:18');
  assert.match(d.message, /^no servers in upstream "app": every server of it is "backup"/);
  // One primary server (even down) is enough for nginx; stream is judged the same way.
  assert.deepEqual(ofRule(lintConf(text.replace('10.0.0.2 backup down', '10.0.0.2 down')), rule), []);
  const stream = 'events {}\nstream {\n    upstream db { server 10.0.0.1:3306 backup; }\n}\n';
  assert.match(ofRule(lintConf(stream), rule)[0].message, /^no servers in upstream "db"/);
});

test('nginx-syntax: a second upstream of one name, without regard to case, across the files nginx reads', () => {
  const ds = ofRule(
    lintNginx({
      'nginx/nginx.conf': 'events {}\nhttp {\n    upstream app { server 10.0.0.1; }\n    include conf.d/*.conf;\n}\nstream {\n    upstream app { server 10.0.0.1:3306; }\n}\n',
      'nginx/conf.d/more.conf': 'upstream App {\n    server 10.0.0.2;\n}\n',
    }),
    rule,
  );
  assert.deepEqual(
    ds.map((d) => `${d.file} ${at(d)} ${d.message}`),
    [
      'nginx/conf.d/more.conf 0:0-0:14 duplicate upstream "App": upstream "app" is already defined at nginx/nginx.conf:3, and nginx compares upstream names without case. Rename one of them, or merge their servers into one upstream.',
    ],
  );
  assert.deepEqual(ds[0].related.map((r) => `${r.file}:${r.range.start.line}:${r.range.start.character} ${r.message}`), ['nginx/nginx.conf:2:13 upstream "app" is defined here first']);
});

test('nginx-syntax: a directive nginx takes once per block, given twice in one block, at the second', () => {
  const text = 'events {}\nhttp {\n    server {\n        location / {\n            proxy_connect_timeout 5s;\n            proxy_pass http://10.0.0.1;\n            proxy_connect_timeout 6s;\n        }\n    }\n}\n';
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '6:12-6:37');
  assert.equal(d.message, '"proxy_connect_timeout" directive is duplicate: it is set already on line 5, in the same block, and nginx takes it once per block. Keep one of them.');
  assert.deepEqual(d.related.map((r) => `${r.range.start.line}:${r.range.start.character} ${r.message}`), ['4:12 "proxy_connect_timeout" is set here first']);
  // Top-level blocks and stream directives too.
  assert.deepEqual(
    ofRule(lintConf('events {}\nevents {}\nstream {\n    server {\n        listen 9000;\n        proxy_pass 10.0.0.1:1;\n        proxy_pass 10.0.0.2:1;\n    }\n}\n'), rule).map((x) => x.message.split(':')[0]),
    ['"events" directive is duplicate', '"proxy_pass" directive is duplicate'],
  );
  const [zh] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, '"proxy_connect_timeout" directive is duplicate：同一块的第 5 行已经设置过它，而 nginx 每个块只接受一次。请只保留其中一条。');
});

test('nginx-syntax: directives nginx repeats but for one value (mirror off) — the value beside another of them is the duplicate', () => {
  const loc = (body: string) => `events {}\nhttp {\n    server {\n        location / {\n${body}\n        }\n    }\n}\n`;
  const lint = (body: string) => ofRule(lintConf(loc(body)), rule).map((d) => `${d.range.start.line} ${d.message}`);
  assert.deepEqual(lint('            mirror /a;\n            mirror /b;\n            proxy_cookie_path /one/ /;\n            proxy_cookie_path / /two/;\n            http2_push /a.css;\n            http2_push /b.css;'), []);
  assert.deepEqual(lint('            mirror /a;\n            mirror /b;\n            mirror off;'), [
    '6 "mirror" directive is duplicate: "mirror off" stands alone, and "mirror" is set already on line 5 in the same block. Keep "mirror off" alone, or remove it.',
  ]);
  assert.deepEqual(lint('            proxy_cookie_domain off;\n            proxy_cookie_domain a b;'), [
    '5 "proxy_cookie_domain" directive is duplicate: "proxy_cookie_domain off" on line 5 stands alone, so no other "proxy_cookie_domain" may be in the same block. Keep "proxy_cookie_domain off" alone, or remove it.',
  ]);
  // proxy_redirect: `default` and rewrites repeat, `off` stands alone.
  assert.deepEqual(lint('            proxy_redirect default;\n            proxy_redirect http://a/ /;'), []);
  assert.deepEqual(lint('            proxy_redirect default;\n            proxy_redirect off;').map((x) => x.split(':')[0]), ['5 "proxy_redirect" directive is duplicate']);
  const [zh] = ofRule(lintConf(loc('            mirror off;\n            mirror off;'), { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, '"mirror" directive is duplicate：“mirror off” 必须单独使用，而同一块的第 5 行已经设置了 "mirror"。请只保留 “mirror off”，或者删除它。');
});

test('nginx-syntax: one limit per zone in a block — limit_req zone=z or limit_conn c given twice', () => {
  const zones = '    limit_req_zone $binary_remote_addr zone=z:1m rate=1r/s;\n    limit_req_zone $binary_remote_addr zone=y:1m rate=1r/s;\n    limit_conn_zone $binary_remote_addr zone=c:1m;\n';
  const text = (body: string) => `events {}\nhttp {\n${zones}    server {\n        location / {\n${body}\n        }\n    }\n}\n`;
  const lint = (body: string) => ofRule(lintConf(text(body)), rule).map((d) => `${d.range.start.line} ${d.message}`);
  assert.deepEqual(lint('            limit_req zone=z burst=5;\n            limit_req zone=y;\n            limit_conn c 1;'), []);
  assert.deepEqual(lint('            limit_req zone=z burst=5;\n            limit_req zone=z;'), [
    '8 "limit_req" directive is duplicate: zone "z" is limited already on line 8, in the same block. Keep one of them.',
  ]);
  assert.deepEqual(lint('            limit_conn c 1;\n            limit_conn c 2;').map((x) => x.split(':')[0]), ['8 "limit_conn" directive is duplicate']);
  // In different blocks, no duplicate.
  assert.deepEqual(ofRule(lintConf(text('            limit_req zone=z;\n            location /a { limit_req zone=z; }')), rule), []);
});

test('nginx-syntax: alias inside a named location, as nginx refuses it; root there, and alias elsewhere, pass', () => {
  const text = (loc: string) => `events {}\nhttp {\n    server {\n${loc}\n    }\n}\n`;
  const ds = ofRule(lintConf(text('        location @static {\n            alias /srv/static/;\n        }')), rule);
  assert.deepEqual(ds.map((d) => `${d.range.start.line} ${d.message}`), [
    '4 the "alias" directive cannot be used inside the named location: "location @static" is reached by name, with no URI prefix for "alias" to replace. Use "root", or a prefix location.',
  ]);
  assert.deepEqual(ofRule(lintConf(text('        location @static { root /srv/static; }\n        location /s/ { alias /srv/static/; }')), rule), []);
});

test('nginx-syntax: an include glob that matches a folder, which nginx reads as a file and fails on', () => {
  const files = {
    'nginx/nginx.conf': 'events {}\nhttp {\n    include sites/*;\n    include snippets/*.conf;\n}\n',
    'nginx/sites/api': 'server { listen 8080; }\n',
    'nginx/sites/old/api': 'server { listen 8081; }\n',
    'nginx/snippets/a.conf': 'gzip on;\n',
    'nginx/snippets/backup.d/a.conf': 'gzip on;\n',
  };
  const ds = ofRule(lintNginx(files), rule);
  assert.deepEqual(
    ds.map((d) => `${d.file}:${at(d)} ${d.message.split(':')[0]}`),
    ['nginx/nginx.conf:2:12-2:19 pread() "nginx/sites/old" failed (21'],
  );
  assert.match(ds[0].message, /the pattern matches the folder nginx\/sites\/old, which nginx reads as a file/);
});

test('nginx-syntax: what nginx repeats, or takes once per block in different blocks, is no duplicate', () => {
  const text = [
    'events {}',
    'http {',
    '    gzip on;',
    '    add_header X-A 1;',
    '    add_header X-B 2;',
    '    server {',
    '        listen 80;',
    '        listen 81;',
    '        gzip off;',
    '        proxy_set_header Host $host;',
    '        proxy_set_header X-Real-IP $remote_addr;',
    '        location / {',
    '            gzip on;',
    '            if ($arg_x) { gzip off; }',
    '            proxy_pass http://10.0.0.1;',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(text), rule), []);
  // A second line with the wrong number of arguments: nginx says that first.
  const arity = ofRule(lintConf('events {}\nhttp {\n    gzip on;\n    gzip on off;\n}\n'), rule);
  assert.deepEqual(arity.map((x) => x.message.split(':')[0]), ['invalid number of arguments in "gzip" directive']);
});

test('nginx-syntax: an if condition nginx refuses, on the argument nginx quotes, with why', () => {
  const loc = (cond: string) => `events {}\nhttp {\n    server {\n        location / {\n            if ${cond} { return 403; }\n        }\n    }\n}\n`;
  const cases: [string, string][] = [
    ['($request_method == POST)', '4:32-4:34 unexpected "==" in condition: nginx compares with "=" and "!=", and matches regular expressions with "~", "~*", "!~" and "!~*"'],
    ['$http_x', '4:15-4:22 invalid condition "$http_x": the condition of "if" goes in parentheses, and this argument does not begin with "(": if ($x) { … }'],
    ['($http_x', '4:15-4:23 invalid condition "$http_x": the condition of "if" goes in parentheses, and its last argument does not end with ")"'],
    ['()', '4:15-4:17 invalid condition ")": the parentheses hold no condition'],
    ['($x = a b)', '4:15-4:18 invalid condition "$x": a condition is a variable alone, or a variable, an operator and one value (quote a value that holds spaces)'],
    ['(-z $x)', '4:15-4:18 invalid condition "-z": nginx tests files with -f, -d, -e and -x, and their opposites !-f, !-d, !-e and !-x'],
    ['(-f)', '4:15-4:19 invalid condition "-f": a file test takes exactly one operand: (-f $request_filename)'],
    ['(uri = /)', '4:15-4:19 invalid condition "uri": a condition begins with a variable ($name) or a file test (-f, -d, -e, -x, or !-f, !-d, !-e, !-x)'],
  ];
  for (const [cond, expected] of cases) {
    const ds = ofRule(lintConf(loc(cond)), rule);
    assert.deepEqual(ds.map((d) => `${at(d)} ${d.message}`), [expected], cond);
  }
  // "==" has a safe fix; the Chinese message keeps nginx's words.
  const text = loc('($request_method == POST)');
  const [d] = ofRule(lintConf(text), rule);
  assert.equal(d.fixes[0].title, 'Replace "==" with "="');
  assert.equal(d.fixes[0].safe, true);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, loc('($request_method = POST)'));
  const [zh] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, 'unexpected "==" in condition：nginx 用 "=" 和 "!=" 比较，用 "~"、"~*"、"!~" 和 "!~*" 匹配正则表达式');
  // nginx reports at the line of "{": an argument on an earlier line is not pointed at.
  const [split] = ofRule(lintConf('events {}\nhttp {\n    server {\n        if $http_x\n        {\n            return 403;\n        }\n    }\n}\n'), rule);
  assert.equal(at(split), '4:8-4:9');
});

test('nginx-syntax: every condition nginx takes passes', () => {
  const conds = [
    '($http_x)',
    '( $http_x )',
    '($request_method = POST)',
    '( $request_method = POST )',
    '($http_x != "")',
    '($http_user_agent ~* "^curl")',
    '($uri !~ \\.html$)',
    '($uri ~ "^/a b")',
    '($uri !~* x)',
    '(!-f $request_filename)',
    '(-d $request_filename )',
    '(-e /srv)',
    '(!-x /srv/run)',
    '($args "=" "a=1")',
    '($http_x = a))',
  ];
  for (const cond of conds) {
    const text = `events {}\nhttp {\n    server {\n        location / {\n            if ${cond} { return 403; }\n        }\n    }\n}\n`;
    assert.deepEqual(ofRule(lintConf(text), rule), [], cond);
  }
});

test('nginx-syntax: a second exact or prefix location of one URI in one block, at the second, with the first as related information', () => {
  const text = 'events {}\nhttp {\n    server {\n        location = / { return 204; }\n        location / { return 204; }\n        location = / { return 200; }\n    }\n}\n';
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '5:8-5:22');
  assert.equal(
    d.message,
    'duplicate location "/": "location = /" is in the same block already (nginx/nginx.conf:4), and nginx takes one exact (=) location per URI in a block. Merge the two.',
  );
  assert.deepEqual(d.related.map((r) => `${r.range.start.line}:${r.range.start.character} ${r.message}`), ['3:8 "location = /" is defined here first']);
  const [zh] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, 'duplicate location "/"：同一块中已经有 "location = /"（nginx/nginx.conf:4），而 nginx 在一个块中对同一 URI 只接受一个精确匹配（=）location。请把两者合并。');
  // Plain and ^~ are both prefix locations; "=/api" is "= /api"; nested blocks are compared apart.
  const more = [
    'events {}',
    'http {',
    '    server {',
    '        location /api/ { return 204; }',
    '        location ^~ /api/ { return 204; }',
    '        location =/x { return 204; }',
    '        location = /x { return 204; }',
    '        location /a/ {',
    '            location /a/b { return 204; }',
    '            location "/a/b" { return 204; }',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(
    ofRule(lintConf(more), rule).map((x) => `${x.range.start.line} ${x.message.split(':')[0]}`),
    ['4 duplicate location "/api/"', '6 duplicate location "/x"', '9 duplicate location "/a/b"'],
  );
});

test('nginx-syntax: a duplicate location across the files nginx reads, in the included file', () => {
  const ds = lintNginx({
    'nginx/nginx.conf': 'events {}\nhttp {\n    server {\n        location /health { return 204; }\n        include snippets/health.conf;\n    }\n}\n',
    'nginx/snippets/health.conf': 'location /health {\n    return 200;\n}\n',
  });
  assert.deepEqual(ofRule(ds, rule).map((x) => `${x.file}:${at(x)} ${x.message.split(':')[0]}`), ['nginx/snippets/health.conf:0:0-0:18 duplicate location "/health"']);
});

test('nginx-syntax: locations nginx takes side by side are no duplicates', () => {
  const text = [
    'events {}',
    'http {',
    '    server {',
    '        location = / { return 204; }',
    '        location / { return 204; }',
    '        location ~ \\.php$ { return 204; }',
    '        location ~ \\.php$ { return 204; }',
    '        location ~* \\.php$ { return 204; }',
    '        location @fallback { return 204; }',
    '        location @fallback { return 204; }',
    '        location /api { return 204; }',
    '        location /API { return 204; }',
    '        location /api/ { location /api/ { return 204; } }',
    '    }',
    '    server {',
    '        location / { return 204; }',
    '    }',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(text), rule), []);
});

test('nginx-syntax: a URI part in proxy_pass where no location prefix is there to replace, on the URI, with why', () => {
  const server = (body: string) => `events {}\nhttp {\n    server {\n${body}\n    }\n}\n`;
  const nginxSays =
    '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block';
  const text = server('        location ~ ^/api/ { proxy_pass http://10.0.0.1:8080/v1/; }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '3:59-3:63');
  assert.equal(
    d.message,
    `${nginxSays}: "location ~ ^/api/" is a regular expression, so no matched prefix is there for "/v1/" to replace. Pass the address alone and change the URI with "rewrite … break", or build it from captures ("…/api/$1").`,
  );
  assert.equal(d.fixes[0].title, 'Remove the URI part "/v1/"');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, server('        location ~ ^/api/ { proxy_pass http://10.0.0.1:8080; }'));
  const cases: [string, string][] = [
    ['        location ~*\\.php$ { proxy_pass https://app?x=1; }', '"location ~*\\.php$" is a regular expression, so no matched prefix is there for "?x=1" to replace'],
    ['        location @fallback { proxy_pass http://app/; }', '"location @fallback" is a named location, with no prefix for "/" to replace'],
    ['        location / { if ($arg_x) { proxy_pass http://app/x; } }', 'inside "if" there is no location prefix for "/x" to replace'],
    ['        location / { limit_except GET { proxy_pass http://app/y; } }', 'inside "limit_except" there is no location prefix for "/y" to replace'],
    ['        location ~ /s { proxy_pass http://unix:/run/app.sock:/z; }', '"location ~ /s" is a regular expression, so no matched prefix is there for "/z" to replace'],
  ];
  for (const [body, why] of cases) {
    const ds = ofRule(lintConf(server(body)), rule);
    assert.deepEqual(ds.map((x) => x.message.slice(nginxSays.length + 2).split('. ')[0]), [why], body);
  }
  // The fix takes the ":" of a socket's URI along.
  const socket = server('        location ~ /s { proxy_pass http://unix:/run/app.sock:/z; }');
  const [s] = ofRule(lintConf(socket), rule);
  assert.equal(applyEdits(socket, s.fixes[0].edits).text, server('        location ~ /s { proxy_pass http://unix:/run/app.sock; }'));
  const [zh] = ofRule(lintConf(text, { locale: 'zh-cn' }), rule);
  assert.match(zh.message, /block："location ~ \^\/api\/" 是正则表达式，没有可供 "\/v1\/" 替换的匹配前缀。/);
});

test('nginx-syntax: a URI part in proxy_pass in prefix and exact locations, the address alone, and a URI with variables pass', () => {
  const body = [
    '        location /api/ { proxy_pass http://app/v1/; }',
    '        location = /s { proxy_pass http://app/health; }',
    '        location ^~ /st/ { proxy_pass http://app/assets/; }',
    '        location ~ ^/a/(.*)$ { proxy_pass http://app/a/$1; }',
    '        location ~ \\.php$ { proxy_pass http://app; }',
    '        location @b { proxy_pass http://app; }',
    '        location /u/ { if ($arg_x) { proxy_pass http://app; } limit_except GET { proxy_pass http://app; } }',
    '        location ~ /v { proxy_pass http://unix:/run/app.sock; }',
    '        location ~ /w { proxy_pass $scheme://app/w; }',
  ].join('\n');
  const text = `events {}\nhttp {\n    upstream app { server 10.0.0.1:8080; }\n    server {\n${body}\n    }\n}\n`;
  assert.deepEqual(ofRule(lintConf(text), rule), []);
});

test('nginx-syntax: js_import takes a module, or "name from module" (http and stream)', () => {
  const text = 'load_module modules/ngx_http_js_module.so;\nload_module modules/ngx_stream_js_module.so;\nevents {}\nhttp {\n    js_import main from conf.d/main.js;\n    js_import conf.d/util.js;\n}\nstream {\n    js_import auth from conf.d/auth.js;\n}\n';
  assert.deepEqual(ofRule(lintConf(text), rule), []);
  assert.deepEqual(
    ofRule(lintConf('events {}\nhttp {\n    js_import a from b c;\n}\n'), rule).map((d) => d.message),
    ['invalid number of arguments in "js_import" directive: it takes 1-3, not 4'],
  );
});

test('nginx-syntax: a regular expression nginx cannot compile, on the pattern, in nginx -t\'s words', () => {
  const text = (body: string) => `events {}\nhttp {\n    server {\n        listen 8080;\n${body}\n    }\n}\n`;
  const source = text('        location ~ *\\.php$ { return 404; }\n        rewrite ^/(a|b /c;');
  const ds = ofRule(lintConf(source), rule);
  assert.deepEqual(ds.map(at), ['4:19-4:26', '5:16-5:22']);
  assert.equal(
    ds[0].message,
    'pcre2_compile() failed: quantifier does not follow a repeatable item in "*\\.php$" at "*\\.php$": "*", "+", "?" and "{n}" repeat the item before them, and here there is none. Escape the character ("\\*") to match it; "~*" (case-insensitive) is written as one word ("location ~* \\.php$").',
  );
  assert.match(ds[1].message, /^pcre2_compile\(\) failed: missing closing parenthesis in "\^\/\(a\|b": a "\(" of the pattern is never closed/);
  // "~ *" meant "~*": an unsafe fix joins them; none for the rewrite.
  assert.deepEqual(ds.map((d) => d.fixes.map((f) => `${f.title} ${f.safe}`)), [['Write "~*" (a case-insensitive match) false'], []]);
  const fixed = applyEdits(source, ds[0].fixes[0].edits).text;
  assert.equal(fixed, source.replace('location ~ *\\.php$', 'location ~* \\.php$'));
  assert.deepEqual(ofRule(lintConf(fixed), rule).map(at), ['5:16-5:22']);
  // Map keys are compiled where they stand; a "\~" key is a plain string.
  const map = ofRule(lintConf(`events {}\nhttp {\n    map $uri $m {\n        default 0;\n        ~^/[z-a] 1;\n        \\~^/( 2;\n    }\n}\n`), rule);
  assert.deepEqual(map.map((d) => `${at(d)} ${d.message.split(':')[1]}`), ['4:8-4:16  range out of order in character class in "^/[z-a]" at "a]"']);
  // Valid patterns and the same text where nginx reads no pattern pass.
  assert.deepEqual(ofRule(lintConf(text('        location ~* \\.php$ { return 404; }\n        location /(a { return 404; }\n        rewrite ^/(a|b)$ /c;')), rule), []);
});

test('nginx-syntax: a missing ";" after a directive that takes any words is a warning: nginx reads the next line as arguments and passes', () => {
  const text = 'events {}\nhttp {\n    gzip_types text/plain\n    access_log off;\n    server {\n        listen 8080\n        server_name a.test;\n    }\n}\n';
  const ds = ofRule(lintConf(text), rule);
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.severity}`), ['3:4-3:19 warning', '6:8-6:27 error']);
  assert.equal(
    ds[0].message,
    '"gzip_types" on line 3 has no ";": nginx takes "access_log" on line 4, and the rest of that line, as more arguments of "gzip_types" and never runs it as a directive. "nginx -t" passes, so nothing warns of it.',
  );
  assert.equal(applyEdits(text, ds[0].fixes[0].edits).text, text.replace('text/plain\n', 'text/plain;\n'));
});

test('nginx-syntax: a "listen ... ssl" whose default server has no certificate, at the server nginx names, across included files', () => {
  const files = {
    'nginx/nginx.conf': 'events {}\nhttp {\n    include sites/*.conf;\n}\n',
    'nginx/sites/a.conf': 'server {\n    include listen-ssl.inc;\n    server_name a.test;\n}\n',
    'nginx/sites/b.conf': 'server {\n    include listen-ssl.inc;\n    server_name b.test;\n    ssl_certificate /etc/ssl/b.crt;\n    ssl_certificate_key /etc/ssl/b.key;\n}\n',
    'nginx/listen-ssl.inc': 'listen 443 ssl;\n',
  };
  const ds = ofRule(lintNginx(files), rule);
  assert.deepEqual(ds.map((d) => `${d.file}:${at(d)} ${d.severity}`), ['nginx/sites/a.conf:0:0-0:6 error']);
  assert.equal(
    ds[0].message.split(': ')[0],
    'no "ssl_certificate" is defined for the "listen ... ssl" directive',
  );
  assert.match(ds[0].message, /this server is the default for 0\.0\.0\.0:443, which a "listen \.\.\. ssl" \(nginx\/listen-ssl\.inc:1\) serves over TLS/);
  assert.deepEqual(ds[0].related.map((r) => `${r.file}:${r.range.start.line}`), ['nginx/listen-ssl.inc:0']);
  // b.conf made the default: its certificate covers a.conf too.
  const withDefault = { ...files, 'nginx/sites/b.conf': files['nginx/sites/b.conf'].replace('include listen-ssl.inc;', 'listen 443 ssl default_server;') };
  assert.deepEqual(ofRule(lintNginx(withDefault), rule), []);
  // A certificate for the whole http block, or a default that refuses handshakes beside servers with their own, pass.
  const inherited = { ...files, 'nginx/nginx.conf': 'events {}\nhttp {\n    include sites/*.conf;\n    ssl_certificate /etc/ssl/all.crt;\n    ssl_certificate_key /etc/ssl/all.key;\n}\n' };
  assert.deepEqual(ofRule(lintNginx(inherited), rule), []);
  const reject = { ...files, 'nginx/sites/a.conf': 'server {\n    include listen-ssl.inc;\n    ssl_reject_handshake on;\n}\n' };
  assert.deepEqual(ofRule(lintNginx(reject), rule), []);
  // Refusing handshakes covers no other server: one without a certificate is named then.
  const rejectOnly = { ...reject, 'nginx/sites/b.conf': 'server {\n    include listen-ssl.inc;\n    server_name b.test;\n}\n' };
  assert.deepEqual(ofRule(lintNginx(rejectOnly), rule).map((d) => `${d.file}:${at(d)}`), ['nginx/sites/b.conf:0:0-0:6']);
});

test('nginx-syntax: a missing ";" after a directive of fixed words, in the words nginx refuses the next line with', () => {
  const text = 'events {}\nhttp {\n    server {\n        location / {\n            proxy_next_upstream error timeout\n            proxy_pass http://127.0.0.1:9000;\n        }\n    }\n}\n';
  const ds = ofRule(lintConf(text), rule);
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.severity}`), ['5:12-5:45 error']);
  assert.match(ds[0].message, /^invalid value "proxy_pass": "proxy_next_upstream" on line 5 has no ";"/);
  assert.deepEqual(ofRule(lintConf(text), 'nginx-invalid-value'), []);
});

test('nginx-syntax: a stream server whose "listen ... ssl" has no certificate or key, at its last such listen, as nginx 1.22 says it', () => {
  const files = {
    'nginx/nginx.conf': 'events {}\nstream {\n    include streams/*.conf;\n}\n',
    'nginx/streams/a.conf': 'server {\n    listen 127.0.0.1:5000;\n    listen 127.0.0.1:5001 ssl;\n    include listen-ssl.inc;\n    proxy_pass 127.0.0.1:9;\n}\n',
    'nginx/listen-ssl.inc': 'listen 127.0.0.1:5002 ssl;\n',
    'nginx/streams/b.conf': 'server {\n    listen 127.0.0.1:5003 ssl;\n    ssl_certificate /etc/ssl/b.crt;\n    ssl_certificate_key /etc/ssl/b.key;\n    proxy_pass 127.0.0.1:9;\n}\n',
    'nginx/streams/c.conf': 'server {\n    listen 127.0.0.1:5004;\n    proxy_pass 127.0.0.1:9;\n}\n',
  };
  const ds = ofRule(lintNginx(files), rule);
  // nginx names the last "listen ... ssl" of the server, here in an included file; b's certificate is b's alone.
  assert.deepEqual(ds.map((d) => `${d.file}:${at(d)} ${d.severity}`), ['nginx/listen-ssl.inc:0:0-0:26 error']);
  assert.equal(ds[0].message.split(': ')[0], 'no "ssl_certificate" is defined for the "listen ... ssl" directive');
  assert.deepEqual(ds[0].related.map((r) => `${r.file}:${r.range.start.line}`), ['nginx/streams/a.conf:0']);
  // A certificate and key for the whole stream block, even written after the servers, serve them all.
  const inherited = { ...files, 'nginx/nginx.conf': 'events {}\nstream {\n    include streams/*.conf;\n    ssl_certificate /etc/ssl/all.crt;\n    ssl_certificate_key /etc/ssl/all.key;\n}\n' };
  assert.deepEqual(ofRule(lintNginx(inherited), rule), []);
  // A certificate without its key: the key's message, at the same listen, with the certificate as related information.
  const noKey = { ...files, 'nginx/nginx.conf': 'events {}\nstream {\n    ssl_certificate /etc/ssl/all.crt;\n    include streams/*.conf;\n}\n' };
  const keyless = ofRule(lintNginx(noKey), rule);
  assert.deepEqual(keyless.map((d) => `${d.file}:${at(d)}`), ['nginx/listen-ssl.inc:0:0-0:26']);
  assert.equal(keyless[0].message.split(': ')[0], 'no "ssl_certificate_key" is defined for the "listen ... ssl" directive');
  assert.ok(keyless[0].related.some((r) => r.file === 'nginx/nginx.conf' && r.range.start.line === 2));
  // The key in the stream block and the certificate in the server go together.
  const split = { ...files, 'nginx/nginx.conf': 'events {}\nstream {\n    ssl_certificate_key /etc/ssl/all.key;\n    include streams/*.conf;\n}\n', 'nginx/streams/a.conf': files['nginx/streams/a.conf'].replace('    proxy_pass', '    ssl_certificate /etc/ssl/a.crt;\n    proxy_pass') };
  assert.deepEqual(ofRule(lintNginx(split), rule), []);
  // A stream server refusing every handshake (nginx 1.25.5 and later) needs no certificate.
  const reject = { ...files, 'nginx/streams/a.conf': files['nginx/streams/a.conf'].replace('    proxy_pass', '    ssl_reject_handshake on;\n    proxy_pass') };
  assert.deepEqual(ofRule(lintNginx(reject), rule), []);
  // An http certificate is not a stream one.
  const httpCert = { ...files, 'nginx/nginx.conf': 'events {}\nhttp {\n    ssl_certificate /etc/ssl/all.crt;\n    ssl_certificate_key /etc/ssl/all.key;\n}\nstream {\n    include streams/*.conf;\n}\n' };
  assert.deepEqual(ofRule(lintNginx(httpCert), rule).map((d) => d.file), ['nginx/listen-ssl.inc']);
  // Virtual servers sharing an address (nginx 1.25.5+): the default server's certificate covers the others;
  // one refusing every handshake covers none.
  const shared = (first: string) => ({
    'nginx/nginx.conf': 'events {}\nstream {\n    include streams/*.conf;\n}\n',
    'nginx/streams/a.conf': `server {\n    listen 127.0.0.1:5010 ssl;\n${first}    proxy_pass 127.0.0.1:9;\n}\n`,
    'nginx/streams/b.conf': 'server {\n    listen 127.0.0.1:5010 ssl;\n    server_name b.test;\n    proxy_pass 127.0.0.1:9;\n}\n',
  });
  assert.deepEqual(ofRule(lintNginx(shared('    ssl_certificate /etc/ssl/a.crt;\n    ssl_certificate_key /etc/ssl/a.key;\n')), rule), []);
  assert.deepEqual(ofRule(lintNginx(shared('    ssl_reject_handshake on;\n')), rule).map((d) => `${d.file}:${at(d)}`), ['nginx/streams/b.conf:1:4-1:30']);
});

test('nginx-syntax: an http certificate with no key, in any server, on the certificate nginx names', () => {
  const files = {
    'nginx/nginx.conf': 'events {}\nhttp {\n    include sites/*.conf;\n}\n',
    'nginx/sites/a.conf': 'server {\n    listen 8443 ssl;\n    server_name a.test;\n    include certs/a.inc;\n}\n',
    'nginx/certs/a.inc': 'ssl_certificate /etc/ssl/a.crt;\n',
    'nginx/sites/b.conf': 'server {\n    listen 8443 ssl;\n    server_name b.test;\n    ssl_certificate /etc/ssl/b.crt;\n    ssl_certificate_key /etc/ssl/b.key;\n}\n',
  };
  const ds = ofRule(lintNginx(files), rule);
  assert.deepEqual(ds.map((d) => `${d.file}:${at(d)} ${d.severity}`), ['nginx/certs/a.inc:0:0-0:31 error']);
  assert.equal(ds[0].message.split(': ')[0], 'no "ssl_certificate_key" is defined for certificate "/etc/ssl/a.crt"');
  assert.deepEqual(ds[0].related.map((r) => `${r.file}:${r.range.start.line}`), ['nginx/sites/a.conf:0']);
  // A server that does not listen with "ssl" is refused too.
  const plain = { ...files, 'nginx/sites/a.conf': files['nginx/sites/a.conf'].replace('8443 ssl', '8080') };
  assert.deepEqual(ofRule(lintNginx(plain), rule).map((d) => d.file), ['nginx/certs/a.inc']);
  // The key from the http block goes with the server's certificate, and the other way round.
  const httpKey = { ...files, 'nginx/nginx.conf': 'events {}\nhttp {\n    include sites/*.conf;\n    ssl_certificate_key /etc/ssl/all.key;\n}\n' };
  assert.deepEqual(ofRule(lintNginx(httpKey), rule), []);
  const httpCert = {
    'nginx/nginx.conf': 'events {}\nhttp {\n    ssl_certificate /etc/ssl/all.crt;\n    server {\n        listen 8443 ssl;\n        ssl_certificate_key /etc/ssl/all.key;\n    }\n}\n',
  };
  assert.deepEqual(ofRule(lintNginx(httpCert), rule), []);
  // The http block's certificate, inherited by two servers without a key: once, on the certificate.
  const inherited = {
    'nginx/nginx.conf': 'events {}\nhttp {\n    ssl_certificate /etc/ssl/all.crt;\n    server {\n        listen 8443 ssl;\n    }\n    server {\n        listen 8444 ssl;\n    }\n}\n',
  };
  assert.deepEqual(ofRule(lintNginx(inherited), rule).map((d) => `${d.file}:${at(d)}`), ['nginx/nginx.conf:2:4-2:37']);
  // Two certificates and one key: the second has none, and is the one nginx names.
  const two = {
    'nginx/nginx.conf': 'events {}\nhttp {\n    server {\n        listen 8443 ssl;\n        ssl_certificate /etc/ssl/rsa.crt;\n        ssl_certificate_key /etc/ssl/rsa.key;\n        ssl_certificate /etc/ssl/ecdsa.crt;\n    }\n}\n',
  };
  const fewer = ofRule(lintNginx(two), rule);
  assert.deepEqual(fewer.map((d) => `${d.file}:${d.range.start.line}`), ['nginx/nginx.conf:6']);
  assert.match(fewer[0].message, /^no "ssl_certificate_key" is defined for certificate "\/etc\/ssl\/ecdsa\.crt": a server has 2 certificates but 1 "ssl_certificate_key"/);
  const paired = { 'nginx/nginx.conf': two['nginx/nginx.conf'].replace('crt;\n    }', 'crt;\n        ssl_certificate_key /etc/ssl/ecdsa.key;\n    }') };
  assert.deepEqual(ofRule(lintNginx(paired), rule), []);
});

test('nginx-syntax: a stream server with more certificates than keys, in nginx 1.22\'s words', () => {
  const text =
    'events {}\nstream {\n    server {\n        listen 127.0.0.1:5000 ssl;\n        ssl_certificate /etc/ssl/rsa.crt;\n        ssl_certificate_key /etc/ssl/rsa.key;\n        ssl_certificate /etc/ssl/ecdsa.crt;\n        proxy_pass 127.0.0.1:9;\n    }\n}\n';
  const ds = ofRule(lintNginx({ 'nginx/nginx.conf': text }), rule);
  assert.deepEqual(ds.map((d) => `${d.file}:${d.range.start.line}`), ['nginx/nginx.conf:3']);
  assert.equal(ds[0].message.split(': ')[0], 'no "ssl_certificate_key" is defined for certificate "/etc/ssl/ecdsa.crt" and the "listen ... ssl" directive');
  assert.ok(ds[0].related.some((r) => r.range.start.line === 6));
});

test('nginx-syntax: a stream "listen ... udp" with a parameter nginx refuses beside "udp", in its words', () => {
  const text = (params: string) => `events {}\nstream {\n    server {\n        listen 127.0.0.1:5353 ${params};\n        proxy_pass 127.0.0.1:53;\n    }\n}\n`;
  const ds = ofRule(lintNginx({ 'nginx/nginx.conf': text('udp ssl') }), rule);
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.severity}`), ['3:34-3:37 error']);
  assert.equal(ds[0].message.split(': ')[0], '"listen" directive "ssl" parameter is incompatible with "udp"');
  // nginx's order of checks, whatever the order written.
  const first = (params: string) => ofRule(lintNginx({ 'nginx/nginx.conf': text(params) }), rule).map((d) => d.message.split(': ')[0]);
  assert.deepEqual(first('so_keepalive=on ssl udp'), ['"listen" directive "ssl" parameter is incompatible with "udp"']);
  assert.deepEqual(first('udp ssl backlog=64'), ['"listen" directive "backlog" parameter is incompatible with "udp"']);
  assert.deepEqual(first('udp fastopen=3 proxy_protocol'), ['"listen" directive "proxy_protocol" parameter is incompatible with "udp"']);
  assert.deepEqual(first('udp fastopen=3'), ['"listen" directive "fastopen" parameter is incompatible with "udp"']);
  assert.deepEqual(first('udp so_keepalive=off'), ['"listen" directive "so_keepalive" parameter is incompatible with "udp"']);
  // What UDP takes, and TCP with them all.
  assert.deepEqual(first('udp reuseport bind ipv6only=on rcvbuf=1m'), []);
  assert.deepEqual(first('backlog=64 so_keepalive=on proxy_protocol fastopen=3'), []);
  // An http server has no "udp": another rule's matter.
  const http = 'events {}\nhttp {\n    server {\n        listen 127.0.0.1:8443 udp ssl;\n    }\n}\n';
  assert.deepEqual(ofRule(lintNginx({ 'nginx/nginx.conf': http }), rule).filter((d) => d.message.includes('incompatible')), []);
});

test('nginx-syntax: a block nginx refuses before a lexical error in it is where nginx stops (an unrendered "{{ domain }}")', () => {
  const text = 'events {}\nhttp {\n    server {\n        listen 443 ssl;\n        server_name {{ domain }};\n        ssl_certificate /etc/ssl/{{domain}}/fullchain.pem;\n    }\n}\n';
  const ds = ofRule(lintConf(text), rule);
  // Only what nginx says: not the "{" it never reads, nor a certificate after it with no key.
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.message}`), ['4:8-4:21 directive "server_name" is not terminated by ";"']);
});
