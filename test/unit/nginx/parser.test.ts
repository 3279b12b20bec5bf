import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseNginx, printNginx, reparseNginx, walkDirectives, type NginxDirective, type NginxNode } from '../../../src/core/nginx/parser';
import { nginxDump } from '../support/nginxDump';
import { parseNginxCached } from '../../../src/core/nginx/tree';
import { repoRoot } from '../support/context';

const fixtures = join(repoRoot, 'test', 'fixtures', 'nginx');

/** The AST without positions, for comparisons. */
function shape(nodes: readonly NginxNode[]): unknown[] {
  return nodes.map((n) =>
    n.kind === 'comment'
      ? { comment: n.text }
      : {
          name: n.name,
          args: n.args.map((a) => a.value),
          ...(n.block ? { block: shape(n.block) } : {}),
          ...(n.rawBody ? { raw: n.rawBody.text } : {}),
        },
  );
}

function directives(text: string): NginxDirective[] {
  const out: NginxDirective[] = [];
  walkDirectives(parseNginx('t.conf', text).nodes, (d) => out.push(d));
  return out;
}

const errors = (text: string) => parseNginx('t.conf', text).errors.map((e) => `${e.range.start.line}:${e.range.start.character} ${e.message}`);

test('parser: directives, arguments, blocks, comments with positions', () => {
  const text = readFileSync(join(fixtures, 'parser', 'comments.conf'), 'utf8');
  const c = parseNginx('comments.conf', text);
  assert.deepEqual(c.errors, []);
  assert.deepEqual(shape(c.nodes), [
    { comment: ' leading comment' },
    { name: 'user', args: ['nginx'] },
    { comment: ' trailing comment' },
    { name: 'events', args: [], block: [{ comment: ' inside a block' }, { name: 'worker_connections', args: ['512'] }] },
    {
      name: 'http',
      args: [],
      block: [
        { name: 'log_format', args: ['main', '#not a comment'] },
        { comment: ' a comment' },
        { name: 'server', args: [], block: [{ name: 'listen', args: ['80'] }] },
        { comment: 'touching' },
      ],
    },
  ]);
  const user = c.nodes[1] as NginxDirective;
  assert.deepEqual(user.nameToken.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
  assert.deepEqual(user.args[0].range, { start: { line: 1, character: 5 }, end: { line: 1, character: 10 } });
  assert.equal(user.terminator, ';');
  assert.equal(user.terminatorOffset, text.indexOf('nginx;') + 5);
  const http = c.nodes[4] as NginxDirective;
  const logFormat = http.block![0] as NginxDirective;
  assert.equal(logFormat.args[1].quote, "'");
  assert.equal(logFormat.args[1].raw, "'#not a comment'");
  // The directive ends at its `;` on the next line.
  assert.equal(logFormat.range.end.line, 8);
  assert.equal(http.closeOffset, text.lastIndexOf('}'));
});

test('parser: quotes and escapes give the values nginx stores', () => {
  const [d] = directives(String.raw`x "a\"b" 'c\'d' "t\tn\nr\r" "back\\slash" "keep\d" un\"quoted a\ b "";`);
  assert.deepEqual(
    d.args.map((a) => a.value),
    ['a"b', "c'd", 't\tn\nr\r', 'back\\slash', 'keep\\d', 'un"quoted', 'a\\ b', ''],
  );
  assert.deepEqual(
    d.args.map((a) => a.quote ?? ''),
    ['"', "'", '"', '"', '"', '', '', '"'],
  );
});

test('parser: variables, braces and # inside tokens', () => {
  const ds = directives('set $a x${host}y;\nset $b a#b;\nreturn 200 x};\nlocation ~ ^/a{2}$ { }\n');
  assert.deepEqual(ds[0].args.map((a) => a.value), ['$a', 'x${host}y']);
  assert.deepEqual(ds[1].args.map((a) => a.value), ['$b', 'a#b']);
  // `}` inside a token belongs to it; `{` not after `$` ends the token and opens a block.
  assert.deepEqual(ds[2].args.map((a) => a.value), ['200', 'x}']);
  assert.deepEqual(ds[3].args.map((a) => a.value), ['~', '^/a']);
  assert.equal(ds[3].terminator, '{');
  assert.equal(ds[4].name, '2}$');
});

test('parser: `if` conditions, map, types and geo bodies', () => {
  const ds = directives('if ($http_x ~* "^(a|b)$") { return 403; }\nmap $a $b { default 0; "~x" 1; }\ntypes { text/html html htm; }\n');
  assert.deepEqual(ds[0].args.map((a) => a.value), ['($http_x', '~*', '^(a|b)$', ')']);
  assert.equal(ds[1].name, 'return');
  const map = ds.find((d) => d.name === 'map')!;
  assert.deepEqual(shape(map.block!), [
    { name: 'default', args: ['0'] },
    { name: '~x', args: ['1'] },
  ]);
  const types = ds.find((d) => d.name === 'types')!;
  assert.deepEqual(shape(types.block!), [{ name: 'text/html', args: ['html', 'htm'] }]);
});

test('parser: *_by_lua_block bodies are kept verbatim, braces in Lua strings and comments included', () => {
  const text = readFileSync(join(fixtures, 'parser', 'lua-blocks.conf'), 'utf8');
  const c = parseNginx('lua.conf', text);
  assert.deepEqual(c.errors, []);
  const lua = directives(text).filter((d) => d.rawBody);
  assert.deepEqual(
    lua.map((d) => d.name),
    ['init_by_lua_block', 'set_by_lua_block', 'content_by_lua_block'],
  );
  assert.match(lua[0].rawBody!.text, /local s = \[==\[ long string \} \]==\]\n {4}$/);
  assert.equal(lua[1].rawBody!.text, ' return ngx.var.arg_a .. "{" ');
  assert.deepEqual(lua[1].args.map((a) => a.value), ['$res']);
  assert.equal(lua[2].rawBody!.text.trim(), "ngx.say('hello } world')");
  // The server block after the Lua block is parsed normally.
  assert.ok(directives(text).some((d) => d.name === 'location'));
});

test('parser: errors carry nginx messages at nginx lines and parsing goes on', () => {
  assert.deepEqual(errors('events {}\n}\nhttp {}\n'), ['1:0 unexpected "}"']);
  assert.deepEqual(errors('a "b"c;\n'), ['0:5 unexpected "c"']);
  assert.deepEqual(errors(';\n{ }\n'), ['0:0 unexpected ";"', '1:0 unexpected "{"']);
  assert.deepEqual(errors('http { listen 80 }\n'), ['0:17 unexpected "}"']);
  // End of file: nginx counts the line after a final newline.
  assert.deepEqual(errors('http {\n  server {}\n'), ['2:0 unexpected end of file, expecting "}"']);
  assert.deepEqual(errors('user nginx'), ['0:10 unexpected end of file, expecting ";" or "}"']);
  assert.deepEqual(errors('map $a $b {\n  x { y; }\n}\n'), ['1:4 unexpected "{"']);
  // A directive after the error is still in the tree.
  const after = directives('events {}\n}\nhttp { server { listen 80; } }\n');
  assert.ok(after.some((d) => d.name === 'listen'));
});

test('parser: an unterminated quote runs to the end of the file; nginx reports it there, or at the quote when the token outgrows 4096 bytes', () => {
  const short = parseNginx('t.conf', 'http {\n  return 200 "oops;\n}\n');
  assert.deepEqual(short.errors.map((e) => [e.range.start.line, e.message]), [[3, 'unexpected end of file, expecting ";" or "}"']]);
  assert.equal(short.errors[0].related?.kind, 'quote');
  assert.deepEqual(short.errors[0].related?.range.start, { line: 1, character: 13 });

  const long = parseNginx('t.conf', `http {\n  return 200 "oops;\n${'  location /x { return 204; }\n'.repeat(200)}}\n`);
  assert.deepEqual(long.errors.map((e) => [e.range.start.line, e.message]), [[1, 'too long parameter, probably missing terminating """ character']]);
});

test('parser: the 4096-byte limit counts UTF-8 bytes, like nginx', () => {
  const ok = `x "${'é'.repeat(2047)}";\n`; // 4094 bytes of token
  const bad = `x "${'é'.repeat(2048)}";\n`; // 4096 bytes: nginx needs the closing quote past its buffer
  assert.deepEqual(errors(ok), []);
  assert.deepEqual(errors(bad), ['0:3 too long parameter, probably missing terminating """ character']);
  // The `;` right after a closing quote still belongs to the token's buffer.
  assert.deepEqual(errors(`x "${'a'.repeat(4094)}";`), []);
  assert.deepEqual(errors(`x "${'a'.repeat(4095)}";`), ['0:3 too long parameter "aaaaaaaaaa..." started']);
});

test('printer: parse → print → parse keeps every directive, argument and comment (fixtures)', () => {
  const files: string[] = [];
  for (const sub of ['valid', 'valid/conf.d', 'parser']) {
    for (const f of readdirSync(join(fixtures, sub))) if (/\.(conf|inc)$/.test(f)) files.push(join(fixtures, sub, f));
  }
  assert.ok(files.length >= 8);
  for (const f of files) {
    const first = parseNginx(f, readFileSync(f, 'utf8'));
    assert.deepEqual(first.errors, [], f);
    const printed = printNginx(first.nodes);
    const second = parseNginx(f, printed);
    assert.deepEqual(second.errors, [], `${f}:\n${printed}`);
    assert.deepEqual(shape(second.nodes), shape(first.nodes), f);
    assert.equal(printNginx(second.nodes), printed, `${f}: printing is stable`);
  }
});

test('printer: values built without source text are quoted when needed', () => {
  const c = parseNginx('t.conf', 'x a;\n');
  const d = c.nodes[0] as NginxDirective;
  const values = ['', 'a b', 'semi;colon', 'br{ace', 'quo"te', "it's", 'back\\slash', '#hash', '${var}', 'plain'];
  d.args = values.map((value) => ({ ...d.args[0], value, raw: '', quote: undefined }));
  const again = parseNginx('t.conf', printNginx(c.nodes));
  assert.deepEqual(again.errors, []);
  assert.deepEqual((again.nodes[0] as NginxDirective).args.map((a) => a.value), values);
});

test('parser: never throws, and configs it accepts round-trip (generated input)', () => {
  const token = fc.oneof(
    fc.constantFrom('server', 'listen', 'location', '/', '80', '$host', '${a}b', 'a\\;b', '~*', '(', ')'),
    fc.string({ unit: fc.constantFrom('a', 'b', ' ', ';', '{', '}', '"', "'", '\\', '#', '$', '\n', 'é') }),
  );
  fc.assert(
    fc.property(fc.array(token, { maxLength: 40 }), (parts) => {
      const text = parts.join(' ');
      const c = parseNginx('f.conf', text);
      if (c.errors.length > 0) return;
      const again = parseNginx('f.conf', printNginx(c.nodes));
      assert.deepEqual(again.errors, []);
      assert.deepEqual(shape(again.nodes), shape(c.nodes));
    }),
    { numRuns: 500, seed: 4 },
  );
});

test('parser: a token\'s raw text is the file text between its offsets, even when the file ends inside it', () => {
  const piece = fc.constantFrom('x', ' ', ';', '{', '}', '"', "'", '\\', '#', '$', '\n', '\r\n', 'é', '😀', 'content_by_lua_block');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      walkDirectives(parseNginx('f.conf', text).nodes, (d) => {
        for (const t of [d.nameToken, ...d.args]) assert.equal(t.raw, text.slice(t.start, t.end));
      });
    }),
    { numRuns: 1000, seed: 5 },
  );
});

// ---- Re-parsing after an edit ----------------------------------------------------------------

const SITE = [
  '# gateway',
  'events {',
  '    worker_connections 1024;',
  '}',
  'http {',
  '    upstream order_up {',
  '        server 192.168.27.102:8680 weight=3;  # app-1',
  '        keepalive 16;',
  '    }',
  '    server {',
  '        listen 8080;',
  '        location /api/ {',
  '            proxy_pass http://order_up;',
  '            proxy_connect_timeout 5s;',
  '        }',
  '        location /lua/ {',
  '            content_by_lua_block { ngx.say("}") }',
  '        }',
  '    }',
  '    server {',
  '        listen 8081;',
  '        # later',
  '        location / { return 204; }',
  '    }',
  '}',
  '',
].join('\n');

/** `text` with `find` (its first occurrence) replaced by `by`. */
function edit(text: string, find: string, by: string): string {
  const at = text.indexOf(find);
  assert.ok(at >= 0, find);
  return text.slice(0, at) + by + text.slice(at + find.length);
}

test('re-parse: an edit inside a block re-reads that block and gives what a whole parse gives', () => {
  const prev = parseNginx('site.conf', SITE);
  const cases: [string, string][] = [
    ['timeout 5s', 'timeout 6s'], // one digit, same length
    ['listen 8080', 'listen 80800'], // a character more
    ['weight=3;', 'weight=3 max_fails=2;'], // an argument more (inside an upstream: a link)
    ['keepalive 16;\n', ''], // a line less
    ['proxy_pass http://order_up;', 'proxy_pass http://order_up;\n            include snippets/proxy.conf;'], // a link more
    ['location /api/ {', 'location /api/v2/ {'], // the head of a block inside the server re-read
    ['# later', '# later, and "quoted" {'], // a comment
    ['return 204;', 'return 204; break;'],
    ['ngx.say("}")', 'ngx.say("{")'], // inside a Lua body: its block re-read with it
  ];
  for (const [find, by] of cases) {
    const text = edit(SITE, find, by);
    const again = reparseNginx(prev, text);
    assert.ok(again, `${find} → ${by}: re-parsed in part`);
    assert.deepEqual(nginxDump(again), nginxDump(parseNginx('site.conf', text)), `${find} → ${by}`);
  }
});

test('re-parse: nodes before the edit are kept, and after a same-length edit on one line those after it too', () => {
  const prev = parseNginx('site.conf', SITE);
  const text = edit(SITE, 'timeout 5s', 'timeout 7s');
  const again = reparseNginx(prev, text)!;
  assert.equal(again.nodes[1], prev.nodes[1], 'events, before the edit');
  const http = again.nodes[2] as NginxDirective;
  const oldHttp = prev.nodes[2] as NginxDirective;
  assert.notEqual(http, oldHttp, 'http, around the edit, is a new node');
  assert.equal(http.block![0], oldHttp.block![0], 'the upstream, before the edit');
  assert.equal(http.block![2], oldHttp.block![2], 'the second server, after the edit');
  // One character more: what follows moves.
  const longer = reparseNginx(prev, edit(SITE, 'timeout 5s', 'timeout 15s'))!;
  const later = (longer.nodes[2] as NginxDirective).block![2] as NginxDirective;
  assert.notEqual(later, oldHttp.block![2]);
  assert.equal(later.start, (oldHttp.block![2] as NginxDirective).start + 1);
});

test('re-parse: declines what it cannot re-read in part, and a whole parse then gives the answer', () => {
  const prev = parseNginx('site.conf', SITE);
  const declined: [string, string, string][] = [
    ['# gateway', '# gate', 'an edit outside every block'],
    ['timeout 5s;', 'timeout 5s', 'a new syntax error'],
    ['204; }', '204; } }', 'a brace that closes the block earlier'],
    ['return 204; }', 'return 204; # }', 'a comment that hides the closing brace'],
  ];
  for (const [find, by, why] of declined) assert.equal(reparseNginx(prev, edit(SITE, find, by)), undefined, why);
  const broken = parseNginx('site.conf', edit(SITE, 'timeout 5s;', 'timeout 5s'));
  assert.ok(broken.errors.length > 0);
  assert.equal(reparseNginx(broken, SITE), undefined, 'after a syntax error the structure is a guess: parsed whole');
  assert.equal(reparseNginx(prev, SITE), undefined, 'the same text');
});

test('re-parse: a CRLF file, and a handler block whose nested brace is an error', () => {
  const crlf = SITE.replace(/\n/g, '\r\n');
  const prev = parseNginx('site.conf', crlf);
  for (const [find, by] of [
    ['listen 8081;', 'listen 8081;\r\n        listen 8082;'],
    ['listen 8081;\r', 'listen 8081;'], // a lone LF left: the line starts move
  ]) {
    const text = edit(crlf, find, by);
    const again = reparseNginx(prev, text);
    assert.ok(again, by);
    assert.deepEqual(nginxDump(again), nginxDump(parseNginx('site.conf', text)));
  }
  const types = parseNginx('t.conf', 'http {\n    types {\n        text/html html;\n    }\n}\n');
  assert.equal(reparseNginx(types, 'http {\n    types {\n        text/html { html;\n    }\n}\n'), undefined, 'unexpected "{" inside types');
});

test('re-parse: after many edits in a row the file is parsed whole again (old texts are let go)', () => {
  let prev = parseNginx('site.conf', SITE);
  let whole = 0;
  for (let i = 0; i < 20; i++) {
    const text = edit(SITE, 'timeout 5s', `timeout ${i}s`);
    const again = reparseNginx(prev, text);
    if (!again) whole++;
    prev = again ?? parseNginx('site.conf', text);
    assert.deepEqual(nginxDump(prev), nginxDump(parseNginx('site.conf', text)));
  }
  assert.ok(whole >= 2 && whole <= 4, `parsed whole ${whole} times of 20`);
});

test('parse cache: the same text gives the same parse, an undone edit the parse from before it', () => {
  const file = 'cache-test/site.conf';
  const first = parseNginxCached(file, SITE);
  assert.equal(parseNginxCached(file, SITE), first, 'the same text');
  const typo = edit(SITE, 'listen 8080;', 'listen 8080;;'); // an empty directive: nginx refuses it, the parse does not
  const stray = edit(SITE, 'timeout 5s', 'timeout "5s');
  const broken = parseNginxCached(file, stray);
  assert.ok(broken.errors.length > 0);
  assert.equal(parseNginxCached(file, SITE), first, 'the stray quote deleted again: the parse from before it');
  const inPart = parseNginxCached(file, typo);
  assert.deepEqual(nginxDump(inPart), nginxDump(parseNginx(file, typo)));
  assert.equal(parseNginxCached(file, SITE), first, 'undone');
  assert.equal(parseNginxCached(file, typo), inPart, 'redone');
});
