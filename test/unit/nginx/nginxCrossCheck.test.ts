/**
 * Cross-check with the real nginx: every fixture under test/fixtures/nginx/{valid,invalid} is run
 * through `nginx -t` (Debian's nginx 1.22 in CI) and through our analyzer; both must agree on
 * whether the configuration is broken and on the file and line of the first error.
 * See docs/nginx.md, "Cross-check with nginx -t".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isKnown } from '../../../src/core/nginx/directives';
import { nginxWorkspace } from '../../../src/core/nginx/model';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { createContext } from '../../../src/core/engine';
import { parseTopology } from '../../../src/core/topology/parse';
import type { Diagnostic } from '../../../src/core/types';
import { repoRoot } from '../support/context';
import { bareYaml, findNginx, lintFixture } from '../support/nginx';

const fixtures = join(repoRoot, 'test', 'fixtures', 'nginx');

interface NginxVerdict {
  ok: boolean;
  message?: string;
  /** Fixture-relative file and 1-based line of the first error. */
  file?: string;
  line?: number;
  output: string;
}

/** `nginx -t` with everything it writes (pid, error log, temp paths under -p) in a scratch folder. */
function nginxTest(nginx: string, dir: string, main: string): NginxVerdict {
  const scratch = mkdtempSync(join(tmpdir(), 'nginx-t-'));
  try {
    const r = spawnSync(nginx, ['-t', '-q', '-c', join(dir, main), '-p', `${scratch}/`, '-e', join(scratch, 'error.log'), '-g', `pid ${join(scratch, 'nginx.pid')};`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    // [crit]: a file nginx cannot read (`pread() … Is a directory`), named with no place.
    const m = /\[(?:emerg|crit)\] (.*) in (\/\S+):(\d+)$/m.exec(output);
    if (r.status === 0) return { ok: true, output };
    // Some messages name no place (`unknown "x" variable`).
    if (!m) return { ok: false, message: /\[(?:emerg|crit)\] (.*)$/m.exec(output)?.[1], output };
    return { ok: false, message: m[1], file: relative(dir, m[2]), line: Number(m[3]), output };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The rule of ours that must report what nginx reports. */
function ruleFor(message: string): string {
  // A byte order mark glued to the first word: a lexical matter, not a directive nginx lacks.
  if (message.startsWith('unknown directive "\ufeff')) return 'nginx-syntax';
  if (message.startsWith('unknown directive')) return 'nginx-unknown-directive';
  if (message.includes('directive is not allowed here')) return 'nginx-directive-context';
  if (/^(a duplicate default server for|duplicate listen options for|a duplicate listen) |^duplicate "[^"]+" address and port pair$/.test(message)) return 'nginx-duplicate-listen';
  if (/^upstream "[^"]*" may not have port \d+$/.test(message)) return 'nginx-unknown-upstream';
  if (/^invalid variable name$|^the closing bracket in "\w*" variable is missing$/.test(message)) return 'nginx-unknown-variable';
  // A parameter that is a directive's name: the `;` before it is missing.
  const param = /^(?:invalid parameter|the invalid|invalid value) "([^"=]*)"/.exec(message);
  if (param && isKnown(param[1])) return 'nginx-syntax';
  if (/directive invalid value|^invalid value|^invalid parameter "|^the invalid "|^invalid port in |^no port in upstream |^host not found in |^invalid rate |^balancing method does not support parameter|^unknown protocol "|^"\w+" directive value must be /.test(message)) return 'nginx-invalid-value';
  return 'nginx-syntax';
}

/** Messages nginx gives after reading the whole configuration, with the rule that must report them. */
const LATE_MESSAGES: [RegExp, string][] = [
  [/^zero size shared memory zone "|^"\w+_cache" zone "[^"]+" is unknown$/, 'nginx-unknown-zone'],
  [/^"\w+_(busy_buffers_size|temp_file_write_size|max_temp_file_size)" must be |^there must be at least 2 "\w+_buffers"$/, 'nginx-buffer-sizes'],
  // An http certificate with no key, named once the http block is read: on the certificate.
  [/^no "ssl_certificate_key" is defined for certificate "[^"]*"$/, 'nginx-syntax'],
  // A wildcard include matching a folder: on the include.
  [/^pread\(\) "[^"]*" failed \(21: Is a directory\)$/, 'nginx-syntax'],
];

/** Rules whose findings mean `nginx -t` fails. */
const VERDICT_RULES = new Set([
  'nginx-syntax',
  'nginx-unknown-directive',
  'nginx-directive-context',
  'nginx-invalid-value',
  'nginx-unknown-variable',
  'nginx-duplicate-listen',
  'nginx-unknown-zone',
  'nginx-buffer-sizes',
  'nginx-unknown-upstream',
]);

/** Our diagnostics on the files nginx reads for this main config. */
function ours(dir: string, main: string): Diagnostic[] {
  const ws = new NodeWorkspace(dir, new Map([['dubbo-topology.yaml', bareYaml(main)]]));
  const ctx = createContext(ws, parseTopology('dubbo-topology.yaml', bareYaml(main)).topology);
  const tree = nginxWorkspace(ctx).models.find((m) => m.tree.root.file === main)!.tree;
  // nginx-syntax's warnings are what nginx accepts (a missing ";" whose next line it takes as arguments).
  return lintFixture(dir, main).filter((d) => tree.files.has(d.file) && VERDICT_RULES.has(d.rule) && !(d.rule === 'nginx-syntax' && d.severity !== 'error'));
}

const show = (ds: Diagnostic[]) => ds.map((d) => `${d.file}:${d.range.start.line + 1} ${d.rule}: ${d.message}`).join('\n');

const nginx = findNginx();
const skip = nginx ? false : 'nginx is not installed (Debian: apt-get install nginx); the cross-check needs the real `nginx -t`';

for (const kind of ['valid', 'invalid'] as const) {
  const dir = join(fixtures, kind);
  for (const main of readdirSync(dir).filter((f) => f.endsWith('.conf')).sort()) {
    test(`nginx -t and our analysis agree: ${kind}/${main}`, { skip }, () => {
      const verdict = nginxTest(nginx!, dir, main);
      const ds = ours(dir, main);
      if (kind === 'valid') {
        assert.ok(verdict.ok, `nginx rejects a fixture meant to be valid:\n${verdict.output}`);
        assert.equal(show(ds), '', 'nginx accepts it, so no syntax, directive or value error');
        return;
      }
      assert.ok(!verdict.ok && verdict.message, `nginx accepts a fixture meant to be invalid:\n${verdict.output}`);
      const unknownVariable = /^unknown "([^"]+)" variable$/.exec(verdict.message!);
      if (unknownVariable && !verdict.file) {
        // nginx names no file or line: we must name the variable, where it is used.
        assert.ok(
          ds.some((d) => d.rule === 'nginx-unknown-variable' && d.message.startsWith(`unknown "${unknownVariable[1]}" variable`)),
          `nginx: "${verdict.message}"; we report:\n${show(ds)}`,
        );
        return;
      }
      // Found when nginx has read everything: it names no place (a limit zone nobody declares) or
      // the end of the http block (a cache zone, buffer sizes merged from http down to locations).
      // We must report it on the directive responsible, with nginx's message first.
      const late = LATE_MESSAGES.find(([re]) => re.test(verdict.message!));
      if (late) {
        // nginx names files by absolute path; with no server prefix we name them in the workspace.
        const expected = verdict.message!.split(`${dir}/`).join('');
        assert.ok(ds.some((d) => d.rule === late[1] && d.message.startsWith(expected)), `nginx: "${verdict.message}"; we report:\n${show(ds)}`);
        return;
      }
      assert.ok(verdict.file && verdict.line, `nginx names no place for "${verdict.message}":\n${verdict.output}`);
      const rule = ruleFor(verdict.message!);
      const line = verdict.line! - 1;
      const atLine = ds.filter((d) => d.file === verdict.file && d.rule === rule && d.range.start.line === line);
      assert.ok(atLine.length > 0, `nginx: "${verdict.message}" at ${verdict.file}:${verdict.line}; expected ${rule} there, we report:\n${show(ds)}`);
      const earlier = ds.filter((d) => d.file === verdict.file && d.range.start.line < line);
      assert.equal(show(earlier), '', 'nothing nginx accepts before its first error');
      // nginx-invalid-value words some refusals its own way (`invalid rate "rate=20r/h"`), but not an invalid
      // value or parameter, an unknown mail protocol, or a value a directive says it must have.
      const invalidValue = rule === 'nginx-invalid-value' && /^invalid value "|^"\w+" directive invalid value$|^invalid parameter "|^unknown protocol "|^host not found in |^no port in upstream |^"\w+" directive value must be /.test(verdict.message!);
      if ((rule === 'nginx-syntax' && !verdict.message!.startsWith('invalid parameter')) || rule === 'nginx-unknown-upstream' || rule === 'nginx-unknown-variable' || invalidValue) {
        // nginx names files by absolute path; with no server prefix we name them in the workspace.
        const expected = verdict.message!.split(`${dir}/`).join('');
        assert.ok(atLine.some((d) => d.message.startsWith(expected)), `our message starts with nginx's "${expected}":\n${show(atLine)}`);
      }
    });
  }
}
