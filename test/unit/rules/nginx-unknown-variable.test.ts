import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintConf, lintNginx } from '../support/nginx';

const rule = 'nginx-unknown-variable';
const http = (body: string) => `events {}\nhttp {\n${body}\n}\n`;

test('nginx-unknown-variable: a misspelt built-in, on the name, with the right one as an unsafe fix', () => {
  const text = http('    server {\n        location / {\n            proxy_set_header X-Forwarded-For $proxy_add_x_forward_for;\n        }\n    }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '4:46-4:69');
  assert.equal(
    d.message,
    'unknown "proxy_add_x_forward_for" variable: no nginx module and no set, map, geo or split_clients of this configuration declares $proxy_add_x_forward_for, so nginx refuses to start, with a message that names no file or line. Did you mean $proxy_add_x_forwarded_for?',
  );
  assert.equal(d.fixes[0].safe, false);
  assert.match(applyEdits(text, d.fixes[0].edits).text, /\$proxy_add_x_forwarded_for;/);
});

test('nginx-unknown-variable: declared anywhere in the tree counts — set, map, geo, split_clients, captures, an included file', () => {
  const files = {
    'nginx/nginx.conf': http(
      '    include conf.d/maps.conf;\n    server {\n        set $pool "p-$variant";\n        proxy_cookie_domain ~\\.(?P<sl_domain>[-0-9a-z]+\\.[a-z]+)$ $sl_domain;\n        location ~ ^/(?<part>\\w+)$ {\n            return 200 "$pool $part $upgrade_to $1 ${arg_x}";\n        }\n    }',
    ),
    'nginx/conf.d/maps.conf': 'map $http_upgrade $upgrade_to {\n    default upgrade;\n}\nsplit_clients "$remote_addr" $variant {\n    50% a;\n    * b;\n}\n',
  };
  assert.deepEqual(ofRule(lintNginx(files), rule), []);
});

test('nginx-unknown-variable: regexes are not text, and a third-party module silences the rule', () => {
  const regexes = http(
    '    server {\n        location ~ \\.php$ { return 204; }\n        location / {\n            if ($uri ~ "^/a$b") { return 404; }\n            rewrite ^/x$y /z last;\n            proxy_redirect ~^http://a$port/(.*)$ /$1;\n        }\n    }',
  );
  assert.deepEqual(ofRule(lintConf(regexes), rule), []);
  const thirdParty = http('    more_set_headers "Server: x";\n    server { location / { return 200 "$geo_city $whatever"; } }');
  assert.deepEqual(ofRule(lintConf(thirdParty), rule), []);
});

test('nginx-unknown-variable: loading a module nginx documents (perl, js, xslt, image_filter, geoip) keeps the rule on; a third-party one silences it', () => {
  const body = '    server { location / { add_header X-A $bogus_var; } }';
  for (const so of ['ngx_http_perl_module', 'ngx_http_js_module', 'ngx_http_xslt_filter_module', 'ngx_http_image_filter_module', 'ngx_http_geoip_module']) {
    const text = `load_module modules/${so}.so;\n${http(body)}`;
    assert.deepEqual(ofRule(lintConf(text), rule).map((d) => d.message.split(':')[0]), ['unknown "bogus_var" variable'], so);
  }
  for (const so of ['ngx_http_lua_module', 'ngx_http_headers_more_filter_module', 'ndk_http_module']) {
    assert.deepEqual(ofRule(lintConf(`load_module modules/${so}.so;\n${http(body)}`), rule), [], so);
  }
  // What the documented modules declare: js_set, js_var, perl_set.
  const declared = http('    js_set $a main.f;\n    js_var $b;\n    perl_set $c \'sub { return "c"; }\';\n    server { location / { return 200 "$a $b $c"; } }');
  assert.deepEqual(ofRule(lintConf(`load_module modules/ngx_http_js_module.so;\nload_module modules/ngx_http_perl_module.so;\n${declared}`), rule), []);
});

test('nginx-unknown-variable: stream has its own variables', () => {
  const text = 'events {}\nstream {\n    server {\n        listen 9000;\n        proxy_pass 127.0.0.1:1;\n        set $x "$ssl_preread_server_name $http_host";\n    }\n}\n';
  assert.deepEqual(
    ofRule(lintConf(text), rule).map((d) => d.message.split(':')[0]),
    ['unknown "http_host" variable'],
  );
});

test('nginx-unknown-variable: names are compared without case, as nginx lowers them (built-ins, prefixes, declarations)', () => {
  const text = http(
    '    map $Request_URI $Mapped { default 1; }\n    server {\n        set $MyVar 1;\n        location ~ ^/(?<Part>\\w+)$ {\n            return 200 "$HOST ${Remote_Addr} $myvar $MYVAR $mapped $part $HTTP_X_Token $Arg_Page $COOKIE_Sid $Sent_Http_X $UPSTREAM_HTTP_Y $http_";\n        }\n    }',
  );
  assert.deepEqual(ofRule(lintConf(text), rule), []);
  const stream = 'events {}\nstream {\n    server {\n        listen 9000;\n        proxy_pass 127.0.0.1:1;\n        set $X "$Remote_Addr $SSL_PREREAD_SERVER_NAME $x";\n    }\n}\n';
  assert.deepEqual(ofRule(lintConf(stream), rule), []);
});

test('nginx-unknown-variable: an unknown name in capitals is named lowered, as nginx names it', () => {
  const text = http('    server {\n        location / { return 200 "$Hostx"; }\n    }');
  const [d, ...rest] = ofRule(lintConf(text), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '3:34-3:39');
  assert.match(d.message, /^unknown "hostx" variable: no nginx module .* declares \$Hostx, so nginx refuses to start/);
});

test('nginx-unknown-variable: a "$" that begins no name, and "${" with no "}", in values nginx compiles, as nginx says it', () => {
  const loc = (body: string) => http(`    server {\n        location / {\n            ${body}\n        }\n    }`);
  const [d, ...rest] = ofRule(lintConf(loc('return 200 "price: 5$";')), rule);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '4:32-4:33');
  assert.equal(
    d.message,
    'invalid variable name: nginx reads every "$" in the value of "return" as the start of a variable, and no name (letters, digits, "_") follows this one. nginx has no escape for "$": to write one, declare a variable that holds it (geo $dollar { default "$"; }) and write ${dollar}.',
  );
  const cases: [string, string][] = [
    ['add_header X "${host";', '4:26-4:32 the closing bracket in "host" variable is missing: after "${" nginx reads the name up to the first character that is not a letter, digit or "_", and expects "}" there; the value ends first. Write ${host}.'],
    ['return 200 "${ho-st}";', '4:24-4:28 the closing bracket in "ho" variable is missing: after "${" nginx reads the name up to the first character that is not a letter, digit or "_", and expects "}" there; "-" comes first, and no name holds it.'],
    ['set $a "${}";', '4:20-4:23 invalid variable name'],
    ['rewrite ^/a$ /b$-x last;', '4:27-4:28 invalid variable name'],
    ['if ($http_x = a$) { return 204; }', '4:27-4:28 invalid variable name'],
    ['if (-f /srv/${) { return 204; }', '4:24-4:26 the closing bracket in "" variable is missing: after "${" nginx reads the name up to the first character that is not a letter, digit or "_", and expects "}" there; no name follows "${".'],
    ['proxy_pass http://10.0.0.1/$;', '4:39-4:40 invalid variable name'],
    ['try_files $uri /a$ =404;', '4:29-4:30 invalid variable name'],
    ['proxy_set_header X-A "$ $";', '4:34-4:35 invalid variable name'],
  ];
  for (const [body, expected] of cases) {
    const ds = ofRule(lintConf(loc(body)), rule);
    assert.equal(ds.length, 1, body);
    assert.ok(`${at(ds[0])} ${ds[0].message}`.startsWith(expected), `${body}: ${at(ds[0])} ${ds[0].message}`);
  }
  // access_log: the path and the condition after "if=", at the http level too.
  assert.deepEqual(ofRule(lintConf(http('    access_log /var/log/a.log combined if=$;')), rule).map((x) => `${at(x)} ${x.message.split(':')[0]}`), ['2:42-2:43 invalid variable name']);
  const [zh] = ofRule(lintConf(loc('add_header X "${host";'), { locale: 'zh-cn' }), rule);
  assert.equal(zh.message, 'the closing bracket in "host" variable is missing：nginx 在 "${" 之后读取变量名，直到第一个不是字母、数字或 "_" 的字符，并要求那里是 "}"；而值先结束了。请写成 ${host}。');
});

test('nginx-unknown-variable: "$" in regular expressions, captures, names nginx reads and values it does not compile pass', () => {
  const body = [
    '    geo $dollar { default "$"; }',
    '    server {',
    '        location ~ ^/item/(\\d+)$ { return 200 "item $1 on ${host}x, $host-$uri ${dollar}"; }',
    '        location /php {',
    '            fastcgi_split_path_info ^(.+\\.php)(/.+)$;',
    '            rewrite ^/php/(.*)$ /index.php?q=$1 last;',
    '            if ($uri ~ \\.html$) { return 204; }',
    '            proxy_redirect ~^/a$ /b;',
    '            gzip_disable "msie6$";',
    '        }',
    '    }',
  ].join('\n');
  assert.deepEqual(ofRule(lintConf(http(body)), rule), []);
  // Not judged where nothing includes the file either way: the syntax is the same everywhere.
  const ds = lintNginx({ 'nginx/nginx.conf': 'events {}\n', 'nginx/conf.d/site.conf': 'server {\n    return 200 "5$";\n}\n' });
  assert.deepEqual(ofRule(ds, rule).map((x) => `${x.file} ${x.message.split(':')[0]}`), ['nginx/conf.d/site.conf invalid variable name']);
});

test('nginx-unknown-variable: the variable an if tests is the whole word after "$", as nginx reads it', () => {
  const text = http('    server {\n        set $slow 0;\n        location / {\n            if ($slow=1) { return 503; }\n            if ($x-y ~ a) { return 503; }\n            if ($http_x_a!=1) { return 204; }\n            if ($slow) { return 204; }\n        }\n    }');
  assert.deepEqual(
    ofRule(lintConf(text), rule).map((d) => `${at(d)} ${d.message}`),
    [
      '5:17-5:23 unknown "slow=1" variable: no nginx module and no set, map, geo or split_clients of this configuration declares $slow=1, so nginx refuses to start, with a message that names no file or line. "if" takes the whole word after "$" for the name: write spaces between the variable, the operator and the value ($slow = 1).',
      '6:17-6:20 unknown "x-y" variable: no nginx module and no set, map, geo or split_clients of this configuration declares $x-y, so nginx refuses to start, with a message that names no file or line. "if" takes the whole word after "$" for the name.',
    ],
  );
});

test('nginx-unknown-variable: a map value is text with variables (http and stream); geo and split_clients values are not', () => {
  const text = http(
    '    map $host $site {\n        hostnames;\n        volatile;\n        default pre${host}post;\n        ~^(?<label>\\w+)\\. $label;\n        a.test $upstrem_addr;\n        b.test "x-${ho";\n        c.test "5$";\n    }\n    geo $zone_name {\n        default $not_read;\n    }\n    split_clients "$remote_addr" $bucket {\n        50% $not_read_either;\n        * b;\n    }',
  );
  assert.deepEqual(
    ofRule(lintConf(text), rule).map((d) => `${at(d)} ${d.message.split(':')[0]}`),
    ['7:16-7:28 unknown "upstrem_addr" variable', '8:18-8:22 the closing bracket in "ho" variable is missing', '9:17-9:18 invalid variable name'],
  );
  const [invalid] = ofRule(lintConf(http('    map $host $price {\n        default "5$";\n    }')), rule);
  assert.match(invalid.message, /in the value of "map" as the start/);
  const stream = 'events {}\nstream {\n    map $ssl_preread_server_name $pool {\n        default $http_host;\n    }\n}\n';
  assert.deepEqual(ofRule(lintConf(stream), rule).map((d) => `${at(d)} ${d.message.split(':')[0]}`), ['3:17-3:26 unknown "http_host" variable']);
});

test('nginx-unknown-variable: entries a map includes are map values; the same form included into geo is text', () => {
  const files = {
    'nginx/nginx.conf': http(
      '    map $host $site {\n        include conf.d/sites.map;\n    }\n    geo $zone {\n        include conf.d/zones.geo;\n    }\n    server { location / { return 200 "$site $zone"; } }',
    ),
    'nginx/conf.d/sites.map': 'default $hots;\nb.test "5$";\n',
    'nginx/conf.d/zones.geo': 'default $not_a_variable;\n',
  };
  assert.deepEqual(
    ofRule(lintNginx(files), rule).map((d) => `${d.file}:${at(d)} ${d.message.split(':')[0]}`),
    ['nginx/conf.d/sites.map:0:9-0:13 unknown "hots" variable', 'nginx/conf.d/sites.map:1:9-1:10 invalid variable name'],
  );
});

test('nginx-unknown-variable: keyval and num_map declare their variable; the otel module\'s variables are built in', () => {
  const keyval = http('    keyval_zone zone=one:32k;\n    keyval $arg_text $text zone=one;\n    server { location / { return 200 "$text $typo_var"; } }');
  assert.deepEqual(ofRule(lintConf(keyval), rule).map((d) => d.message.split(':')[0]), ['unknown "typo_var" variable']);
  // num_map reads like map: its entries are data, not directives of a module nginx lacks.
  const numMap = http('    num_map $arg_n $bucket { 0-10 small; default big; }\n    server { location / { return 200 "$bucket $typo_var"; } }');
  assert.deepEqual(ofRule(lintConf(numMap), rule).map((d) => d.message.split(':')[0]), ['unknown "typo_var" variable']);
  const otel = `load_module modules/ngx_otel_module.so;\n${http("    log_format otel '$remote_addr trace=$otel_trace_id span=$otel_span_id parent=$otel_parent_id $otel_parent_sampled $typo_var';")}`;
  assert.deepEqual(ofRule(lintConf(otel), rule).map((d) => d.message.split(':')[0]), ['unknown "typo_var" variable']);
});

test('nginx-unknown-variable: arguments nginx reads as written, where "$" is no variable (an unrendered template passes nginx -t)', () => {
  const text = http(
    [
      '    error_log /var/log/nginx/${APP}.error.log;',
      '    client_body_temp_path /tmp/${APP}/body;',
      '    proxy_temp_path /tmp/${APP}/proxy;',
      '    proxy_cache_path /var/cache/${APP} keys_zone=${APP}_cache:10m;',
      '    limit_req_zone $binary_remote_addr zone=${APP}_req:10m rate=5r/s;',
      '    limit_conn_zone $binary_remote_addr zone=${APP}_conn:10m;',
      '    ssl_session_cache shared:${APP}:10m;',
      '    ssl_dhparam /etc/ssl/${APP}-dhparam.pem;',
      '    ssl_ciphers ${CIPHERS};',
      '    default_type ${TYPE};',
      '    log_format ${APP} \'$remote_addr "$request"\';',
      '    gzip_types text/${KIND};',
      '    upstream ${APP} { server 127.0.0.1:8080; }',
      '    server {',
      '        listen 8080;',
      '        real_ip_header ${HEADER};',
      '        userid_name ${COOKIE};',
      '        proxy_set_header ${HEADER} $host;',
      '        add_header ${HEADER} $host;',
      '        proxy_hide_header ${HEADER};',
      '        fastcgi_param ${PARAM} $uri;',
      '    }',
    ].join('\n'),
  );
  assert.deepEqual(ofRule(lintConf(text), rule), []);
  // What nginx compiles is still judged: the value of a header, a log format, a limit's key.
  const compiled = http(
    '    log_format main \'$remote_adr\';\n    limit_req_zone $binary_remote_adr zone=a:10m rate=5r/s;\n    server {\n        listen 8080;\n        proxy_set_header X-Host $hots;\n    }',
  );
  assert.deepEqual(
    ofRule(lintConf(compiled), rule).map((d) => d.message.split(':')[0]),
    ['unknown "remote_adr" variable', 'unknown "binary_remote_adr" variable', 'unknown "hots" variable'],
  );
});
