// Finds the directives whose value nginx takes only from a fixed set of words. For every directive
// variant whose documented syntax is a choice of words (`satisfy all | any`, `gzip_proxied off |
// expired | … ...`, `ssl_protocols [SSLv2] [SSLv3] …`, `keepalive_disable none | browser ...`,
// `aio on | off | threads[=pool]`), it finds a context where nginx accepts one documented word, then
// writes an unknown word there (`bogus_word`) and keeps the variant when `nginx -t` refuses it with an
// "invalid value" message, or one naming the word unknown (`unknown protocol "bogus_word"`, mail's
// `protocol`), and refuses numbers, times, sizes, paths and addresses there too (a
// variant that takes any of these is not one of words: `worker_processes auto | number`). Of a kept
// variant it records the words nginx accepted alone (every word documented for any such directive,
// and the words quoted in the variant's own description and default: `msie6` and `safari` for
// `keepalive_disable`), whether it takes them in another case (`ALL`), whether every word of a
// repeated value is one of them (`proxy_next_upstream error timeout`), and nginx's message.
// Documented words the installed nginx refuses (newer releases: `proxy_http_version 2`) are kept as
// words too.
// Variants nginx 1.22 refuses an unknown word in otherwise take other values, and are judged elsewhere
// or not at all: `allow` / `deny` (http, stream) take addresses and networks (nginx-invalid-value
// parses them as nginx does); `proxy_cache`, `fastcgi_cache`, `scgi_cache`, `uwsgi_cache` take a
// zone name (nginx-unknown-zone); `userid_mark` takes a letter, digit or "=" (nginx-invalid-value);
// `set_real_ip_from` (http, mail, stream) and `debug_connection` take host names, which nginx looks
// up when it reads the configuration (`host not found in set_real_ip_from "x"`), so whether a word
// is refused depends on the resolver of the machine running nginx.
// With --write the result replaces src/core/nginx/keywords.generated.ts; with --check the script
// fails when that file differs from what this nginx answers.
// Usage: node scripts/probe-nginx-keywords.mjs [--nginx /usr/sbin/nginx] [--write|--check] [--verbose]
import { Format, getDirectives } from '@nginx/reference-lib';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupInner, items } from './lib/nginxSyntax.mjs';
import { contextWrappers, directiveRows, nginxBinary } from './lib/nginxTable.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const nginx = nginxBinary(argv);
const verbose = argv.includes('--verbose');
const W = contextWrappers();
const require = createRequire(import.meta.url);
const libVersion = JSON.parse(readFileSync(join(dirname(dirname(require.resolve('@nginx/reference-lib'))), 'package.json'), 'utf8')).version;

/** The word written where a documented word goes. */
const UNKNOWN_WORD = 'bogus_word';
/** Values of other kinds: a variant that takes any of them there is not a choice of words. */
const OTHER_VALUES = ['1', '4', '1.5', '10s', '16k', '/tmp/probe', '127.0.0.1', '127.0.0.1:1'];
/** A word as it can stand in a configuration line without quotes. */
const PLAIN_WORD = /^[A-Za-z0-9][\w.:=-]*$/;

/**
 * The words of a syntax that is a choice of words: each alternative one word (`all`), a placeholder
 * (*`browser`*) or a word with an optional `=value` (`threads`[`=`*`pool`*]), `...` after the last
 * for several; or optional words only (`[SSLv2] [SSLv3]`). Undefined for any other syntax.
 */
function wordChoice(syntaxes) {
  const words = [];
  const prefixes = [];
  let placeholder = false;
  let repeat = false;
  for (const syn of syntaxes) {
    const its = items(syn);
    const optional = its.map((it) => groupInner(it)?.trim());
    if (its.length > 1 && optional.every((x) => x !== undefined && /^`[^`\s]+`$/.test(x))) {
      for (const x of optional) words.push(x.slice(1, -1));
      repeat = true;
      continue;
    }
    const alts = [[]];
    for (const it of its) {
      if (it === '|') alts.push([]);
      else alts[alts.length - 1].push(it);
    }
    for (const seq of alts) {
      if (seq[seq.length - 1] === '...') {
        repeat = true;
        seq.pop();
      }
      if (seq.length !== 1) return undefined;
      let m;
      if ((m = /^`([^`\s]+)`$/.exec(seq[0]))) words.push(m[1]);
      else if (/^\*`\w+`\*$/.test(seq[0])) placeholder = true;
      else if ((m = /^`(\w+)`\[`=`\*`\w+`\*\]$/.exec(seq[0]))) {
        words.push(m[1]);
        prefixes.push(`${m[1]}=`);
      } else return undefined;
    }
  }
  return words.length > 0 ? { words: [...new Set(words)], prefixes, placeholder, repeat } : undefined;
}

const rows = new Map(directiveRows(root).map((r) => [`${r.module} ${r.name}`, r]));
const variants = [];
for (const d of getDirectives(Format.Markdown)) {
  const r = rows.get(`${d.module} ${d.name}`);
  // On/off flags, times and sizes are judged by their kinds already.
  if (!r || r.flag || r.block || r.kinds !== '' || r.min > 1) continue;
  const choice = wordChoice(d.syntax);
  if (!choice) continue;
  const quoted = [...`${d.description} ${d.default}`.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]);
  variants.push({ r, choice, quoted });
}
/** Every word documented for such a directive: nginx may take another's (`proxy_next_upstream updating`). */
const allWords = [...new Set(variants.flatMap((v) => v.choice.words))];

const dir = mkdtempSync(join(tmpdir(), 'nginx-kw-'));
let seq = 0;
/** `nginx -t` on a text; resolves to the error, or '' when nginx accepts it. */
function run(text) {
  const file = join(dir, `p${seq++}.conf`);
  writeFileSync(file, text);
  const args = ['-t', '-q', '-c', file, '-p', `${dir}/`, '-e', join(dir, 'error.log'), '-g', `pid ${dir}/n.pid;`];
  return new Promise((resolve) => {
    execFile(nginx, args, (err, _o, stderr) => {
      rmSync(file, { force: true });
      const m = /\[emerg\] (.*?)(?: in \S+:\d+)?$/m.exec(stderr);
      resolve(err ? (m ? m[1] : stderr.trim() || 'failed') : '');
    });
  });
}

async function probe({ r, choice, quoted }) {
  const bits = Object.keys(W).map(Number).filter((b) => r.mask & b && W[b]);
  if (bits.length === 0) return { r, verdict: 'no context' };
  // A context where nginx takes one documented word alone.
  let base;
  let refused = '';
  search: for (const bit of bits) {
    for (const [pre, post] of W[bit]) {
      for (const w of choice.words) {
        const said = await run(`${pre}${r.name} ${w};${post}`);
        if (said.startsWith('unknown directive')) return { r, verdict: 'unknown to this nginx' };
        if (said === '') {
          base = { pre, post, word: w };
          break search;
        }
        refused = said;
      }
    }
  }
  if (!base) return { r, verdict: 'no word accepted', message: refused };
  const line = (args) => run(`${base.pre}${r.name} ${args};${base.post}`);
  const said = await line(UNKNOWN_WORD);
  if (said === '') return { r, verdict: 'takes other words' };
  const invalid = /invalid value/.test(said) && (said.includes(UNKNOWN_WORD) || said.startsWith(`"${r.name}" directive`));
  const unknown = said.startsWith('unknown ') && said.endsWith(` "${UNKNOWN_WORD}"`);
  if (!invalid && !unknown) return { r, verdict: 'refused otherwise', message: said };
  for (const v of OTHER_VALUES) {
    if (!choice.words.includes(v) && (await line(v)) === '') return { r, verdict: 'takes other values', message: v };
  }
  const accepted = new Set();
  for (const w of new Set([...choice.words, ...allWords, ...quoted])) {
    if (PLAIN_WORD.test(w) && (await line(w)) === '') accepted.add(w);
  }
  const cased = [...accepted].find((w) => /[a-z]/i.test(w));
  const caseless = cased !== undefined && (await line(cased === cased.toUpperCase() ? cased.toLowerCase() : cased.toUpperCase())) === '';
  // Every word of a repeated value is judged when nginx refuses an unknown one after a known one.
  const every = choice.repeat && r.max >= 2 && (await line(`${base.word} ${UNKNOWN_WORD}`)).includes('invalid value');
  // Documented first, in the documentation's order; then the others nginx took.
  const words = [...choice.words, ...choice.prefixes, ...[...accepted].filter((w) => !choice.words.includes(w))];
  const refusedDocumented = choice.words.filter((w) => !accepted.has(w));
  return { r, verdict: 'words only', words, every, caseless, refusal: said.split(UNKNOWN_WORD).join('{value}'), refusedDocumented };
}

const results = [];
let next = 0;
async function worker() {
  while (next < variants.length) results.push(await probe(variants[next++]));
}
await Promise.all([worker(), worker(), worker(), worker()]);
rmSync(dir, { recursive: true, force: true });

// `nginx -v` writes to stderr.
const versionText = execFileSync('sh', ['-c', '"$0" -v 2>&1', nginx], { encoding: 'utf8' }).trim().replace(/^nginx version: /, '');
const kept = results.filter((x) => x.verdict === 'words only').sort((a, b) => (`${a.r.module} ${a.r.name}` < `${b.r.module} ${b.r.name}` ? -1 : 1));
const count = (v) => results.filter((x) => x.verdict === v).length;
if (verbose) {
  for (const x of results) {
    const detail = x.verdict === 'words only' ? `${x.words.join(' ')}${x.every ? ' (every word)' : ''}${x.caseless ? ' (any case)' : ''}${x.refusedDocumented.length ? `; refused: ${x.refusedDocumented.join(' ')}` : ''}` : (x.message ?? '');
    console.error(`${x.r.name.padEnd(30)} ${x.r.module.padEnd(30)} ${x.verdict}  ${detail}`);
  }
}
console.error(
  `${versionText}: ${variants.length} directive variants whose syntax is a choice of words, ${count('words only')} take only words, ` +
    `${count('takes other words')} take other words, ${count('takes other values')} take other values, ${count('refused otherwise')} refuse an unknown word otherwise, ` +
    `${count('no word accepted')} with no documented word accepted, ${count('unknown to this nginx')} unknown to this nginx, ${count('no context')} in no context probed`,
);

const target = join(root, 'src/core/nginx/keywords.generated.ts');
if (argv.includes('--write') || argv.includes('--check')) {
  const entries = kept.map((x) => {
    const fields = [`words: ${JSON.stringify(x.words).replace(/","/g, '", "')}`];
    if (x.every) fields.push('every: true');
    if (x.caseless) fields.push('caseless: true');
    fields.push(`refusal: ${JSON.stringify(x.refusal)}`);
    return `  ${JSON.stringify(`${x.r.module} ${x.r.name}`)}: { ${fields.join(', ')} },`;
  });
  const out =
    `// Generated by scripts/probe-nginx-keywords.mjs from ${versionText} (Debian's package, with its stream\n` +
    `// and mail modules) and @nginx/reference-lib ${libVersion}: each directive whose documented syntax is a\n` +
    `// choice of words was given an unknown word where they go, and is kept here when \`nginx -t\` refused\n` +
    `// it with "invalid value" (or named it unknown) and refused numbers, times, sizes, paths and\n` +
    `// addresses there too. Do not edit; run the script again (with --write) to update.\n\n` +
    `/** Version of nginx that was asked. */\n` +
    `export const KEYWORDS_NGINX = ${JSON.stringify(versionText)};\n\n` +
    `/** What nginx takes of a directive whose value is one of fixed words. */\n` +
    `export interface KeywordValues {\n` +
    `  /**\n   * The words nginx accepted or the documentation lists, documented first; one ending in \`=\` begins\n` +
    `   * a value (\`threads=\` for \`threads=pool\`).\n   */\n` +
    `  readonly words: readonly string[];\n` +
    `  /** Every argument is one of the words (\`proxy_next_upstream error timeout\`), not just the first. */\n` +
    `  readonly every?: true;\n` +
    `  /** nginx takes the words in any case (\`ALL\`). */\n` +
    `  readonly caseless?: true;\n` +
    `  /** What nginx says of another word, \`{value}\` standing for it. */\n` +
    `  readonly refusal: string;\n` +
    `}\n\n` +
    `/** Directives whose value nginx takes only from fixed words, by "<module> <name>". */\n` +
    `export const KEYWORD_VALUES: Readonly<Record<string, KeywordValues>> = {\n${entries.join('\n')}\n};\n`;
  if (argv.includes('--check')) {
    const same = existsSync(target) && readFileSync(target, 'utf8') === out;
    console.error(same ? 'src/core/nginx/keywords.generated.ts is current' : 'src/core/nginx/keywords.generated.ts differs: run with --write');
    process.exit(same ? 0 : 1);
  }
  writeFileSync(target, out);
  console.error(`wrote src/core/nginx/keywords.generated.ts (${kept.length} directive variants)`);
} else {
  for (const x of kept) console.log(`${x.r.module} ${x.r.name}: ${x.words.join(' ')}${x.every ? ' (every word)' : ''}${x.caseless ? ' (any case)' : ''}`);
}
