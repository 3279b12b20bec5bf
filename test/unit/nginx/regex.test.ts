/**
 * The regular expressions nginx compiles: what PCRE2 refuses, in its words, at its offset. The
 * expected messages are `nginx -t`'s (nginx 1.22.1 with PCRE2 10.42, Debian's); the cross-check at
 * the end asks the real `nginx -t` when it is installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledPatterns, pcreMessage, pcreProblem } from '../../../src/core/nginx/regex';
import { parseNginx } from '../../../src/core/nginx/parser';
import { findNginx } from '../support/nginx';
import { prng } from '../support/random';

const verdict = (p: string) => {
  const problem = pcreProblem(p);
  return problem ? pcreMessage(p, problem).replace('pcre2_compile() failed: ', '') : 'OK';
};

/** Pattern → what nginx 1.22 says (after "pcre2_compile() failed: "). */
const REFUSED: [string, string][] = [
  ['^/(foo$', 'missing closing parenthesis in "^/(foo$"'],
  ['.*\\.(?:jpg|png', 'missing closing parenthesis in ".*\\.(?:jpg|png"'],
  ['^/foo)', 'unmatched closing parenthesis in "^/foo)" at ")"'],
  ['\\.(jpg|png))$', 'unmatched closing parenthesis in "\\.(jpg|png))$" at ")$"'],
  ['^/[abc', 'missing terminating ] for character class in "^/[abc"'],
  ['[a\\]', 'missing terminating ] for character class in "[a\\]"'],
  ['[]', 'missing terminating ] for character class in "[]"'],
  ['*\\.php$', 'quantifier does not follow a repeatable item in "*\\.php$" at "*\\.php$"'],
  ['^*', 'quantifier does not follow a repeatable item in "^*" at "*"'],
  ['\\b*', 'quantifier does not follow a repeatable item in "\\b*" at "*"'],
  ['a?*', 'quantifier does not follow a repeatable item in "a?*" at "*"'],
  ['a{2}{3}', 'quantifier does not follow a repeatable item in "a{2}{3}" at "}"'],
  ['(|*)', 'quantifier does not follow a repeatable item in "(|*)" at "*)"'],
  ['x(?i)?', 'quantifier does not follow a repeatable item in "x(?i)?" at "?"'],
  ['^/a{2,1}', 'numbers out of order in {} quantifier in "^/a{2,1}" at "}"'],
  ['a{1,99999}', 'number too big in {} quantifier in "a{1,99999}" at "}"'],
  ['[z-a]', 'range out of order in character class in "[z-a]" at "a]"'],
  ['[\\x41-\\x40]', 'range out of order in character class in "[\\x41-\\x40]" at "0]"'],
  ['[\\w-.]', 'invalid range in character class in "[\\w-.]" at "-.]"'],
  ['[a-\\d]', 'invalid range in character class in "[a-\\d]" at "]"'],
  ['[a-[:digit:]]', 'invalid range in character class in "[a-[:digit:]]" at ":digit:]]"'],
  ['[[:alpha:]-z]', 'invalid range in character class in "[[:alpha:]-z]" at "-z]"'],
  ['[[:foo:]]', 'unknown POSIX class name in "[[:foo:]]" at "foo:]]"'],
  ['x[:alpha:]', 'POSIX named classes are supported only within a class in "x[:alpha:]" at "[:alpha:]"'],
  ['[[.a.]]', 'POSIX collating elements are not supported in "[[.a.]]" at "[.a.]]"'],
  ['(?<n>a)(?<n>b)', 'two named subpatterns have the same name (PCRE2_DUPNAMES not set) in "(?<n>a)(?<n>b)" at "b)"'],
  ['(?#(', 'missing ) after (?# comment in "(?#("'],
];

/** Patterns nginx accepts, from real configurations and PCRE2's less common forms. */
const ACCEPTED = [
  '\\.(gif|jpg|jpeg|png|css|js|ico|woff2?)$',
  '^/api/v1/(?<svc>[a-z-]+)/(.*)$',
  '^(.+\\.php)(/.+)$',
  '^/(?:index|core/ajax|cron|install|remote|public|ocs-provider)\\.php(?:$|/)',
  '/\\.(?!well-known)',
  '(?i)^/admin',
  '^(www\\.)?(?<domain>.+)$',
  '(?P<name>\\w+)\\.example\\.com$',
  '[a-z0-9-_.]',
  '[0-9-_]',
  '[]a]',
  '[^]a]',
  '[%-\\-]',
  '[a\\-z]',
  '[一-龥]+',
  '[\\x00-\\x1f]',
  '[[:^digit:]]',
  'a*+',
  'a*?',
  'a++',
  '(?>ab)',
  '\\Qa.b(\\E',
  'a{,3}',
  'x{2',
  '{',
  'a{65535}',
  '()',
  '(?#c)',
  'a(?#x)*',
  '(?=a)*',
  '(?i:abc)*',
  '(?-i)x',
  '(?<n>a)\\k<n>',
  '\\p{Han}',
  '(a)(?1)',
  '(*UTF)a',
  '|a',
  'a|',
  '^~',
];

test('nginx regex: what PCRE2 refuses, in nginx -t\'s words and at its offset', () => {
  for (const [p, message] of REFUSED) assert.equal(verdict(p), message, p);
});

test('nginx regex: patterns nginx accepts get nothing', () => {
  for (const p of ACCEPTED) assert.equal(verdict(p), 'OK', p);
});

test('nginx regex: forms this reading does not follow are left alone', () => {
  // Extended mode, conditions, verbs, lookbehind lengths: nginx may refuse some, we say nothing.
  for (const p of ['(?x) a ( b', '(?(1)a|b)', '(*ACCEPT)(', '(?<=a+)b', '(?J)(?<n>a)(?<n>b)']) assert.equal(verdict(p), 'OK', p);
});

test('nginx regex: the patterns of each directive nginx compiles', () => {
  const config = parseNginx(
    'n.conf',
    [
      'map $uri $m { ~^/a 1; ~*^/b 2; "~^/c" 3; \\~d 4; default 0; }',
      'server {',
      '  server_name example.test ~^(?<sub>.+)\\.example\\.test$;',
      '  valid_referers none ~\\.google\\.;',
      '  gzip_disable msie6 "MSIE [4-6]\\.";',
      '  location ~ ^/x { }',
      '  location ~*^/y { }',
      '  location ^~ /z { }',
      '  location = /w { }',
      '  rewrite ^/old/(.*)$ /new/$1 permanent;',
      '  if ($http_user_agent ~* (bot|spider)) { return 403; }',
      '  if ($request_method = POST) { return 405; }',
      '  proxy_redirect ~^http://a(.*)$ /$1;',
      '  proxy_redirect default;',
      '  fastcgi_split_path_info ^(.+\\.php)(/.+)$;',
      '}',
    ].join('\n'),
  );
  const out: string[] = [];
  const walk = (nodes: typeof config.nodes) => {
    for (const n of nodes) {
      if (n.kind !== 'directive') continue;
      for (const p of compiledPatterns(n)) out.push(`${n.name} ${p.pattern}`);
      if (n.block && n.name !== 'map') walk(n.block);
    }
  };
  walk(config.nodes);
  assert.deepEqual(out, [
    'map ^/a',
    'map ^/b',
    'map ^/c',
    'server_name ^(?<sub>.+)\\.example\\.test$',
    'valid_referers \\.google\\.',
    'gzip_disable MSIE [4-6]\\.',
    'location ^/x',
    'location ^/y',
    'rewrite ^/old/(.*)$',
    'if (bot|spider)',
    'proxy_redirect ^http://a(.*)$',
    'fastcgi_split_path_info ^(.+\\.php)(/.+)$',
  ]);
});

const nginx = findNginx();
const skip = nginx ? false : 'nginx is not installed (Debian: apt-get install nginx); the cross-check needs the real `nginx -t`';

test('nginx regex: the real nginx -t agrees on every pattern we refuse, and refuses none we accept', { skip }, () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100000);
  const runs = Math.min(Number(process.env.FUZZ_RUNS ?? 300), 300);
  const rnd = prng(seed);
  const atoms = ['a', 'z', '0', '9', '(', ')', '[', ']', '{', '}', '*', '+', '?', '|', '^', '$', '\\', '-', '.', ':', ',', 'd', 'w', '(?:', '(?<n>', '(?i)',
    '[:alpha:]', '\\d', '\\w', '\\Q', '\\E', '{2}', '{2,1}', '{1,3}', '[^', '\\x41', '#', '(?#', '(?=', '(?<=', '(?!', '>', '<', '/', '~', '\\.', '\\b'];
  const patterns = new Set([...REFUSED.map(([p]) => p), ...ACCEPTED]);
  while (patterns.size < REFUSED.length + ACCEPTED.length + runs) {
    let s = '';
    for (let k = rnd.int(1, 7); k > 0; k--) s += atoms[rnd.int(0, atoms.length - 1)];
    if (!s.endsWith('\\')) patterns.add(s);
  }
  const dir = mkdtempSync(join(tmpdir(), 'nginx-regex-'));
  const wrong: string[] = [];
  let refused = 0;
  let agreed = 0;
  try {
    for (const p of patterns) {
      // In a quoted token nginx reads "\\" as one backslash and "\"" as a quote.
      const quoted = p.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
      writeFileSync(join(dir, 'n.conf'), `events {}\nhttp { server { listen 8080; location ~ "${quoted}" { return 200; } } }\n`);
      const r = spawnSync(nginx!, ['-t', '-q', '-p', `${dir}/`, '-e', join(dir, 'e.log'), '-g', `pid ${join(dir, 'p.pid')};`, '-c', join(dir, 'n.conf')], { encoding: 'utf8' });
      const m = /\[emerg\] pcre2_compile\(\) failed: (.*) in \S+:\d+$/m.exec(r.stderr ?? '');
      if (r.status !== 0 && !m) continue;
      const theirs = r.status === 0 ? 'OK' : m![1];
      const ours = verdict(p);
      if (theirs !== 'OK') refused++;
      if (ours === theirs) agreed++;
      else if (ours !== 'OK') wrong.push(`${p}\n  nginx: ${theirs}\n  ours:  ${ours}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(wrong, [], `seed ${seed}`);
  // Most of what nginx refuses is told (the rest are forms this reading leaves alone).
  assert.ok(agreed > patterns.size * 0.9, `seed ${seed}: ${agreed} of ${patterns.size} agree, nginx refused ${refused}`);
});
