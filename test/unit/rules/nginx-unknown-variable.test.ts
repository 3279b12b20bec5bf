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
