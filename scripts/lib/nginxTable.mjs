// What the nginx probe scripts share: the installed nginx they run (`--nginx PATH`, default
// /usr/sbin/nginx) and the rows of the generated directive table (src/core/nginx/directives.generated.ts,
// whose field layout gen-nginx-directives.mjs writes and src/core/nginx/directives.ts reads).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The nginx binary named by `--nginx`, or the default; exits with 2 when it is not there. */
export function nginxBinary(argv) {
  const nginx = argv.includes('--nginx') ? argv[argv.indexOf('--nginx') + 1] : '/usr/sbin/nginx';
  if (!existsSync(nginx)) {
    console.error(`nginx not found at ${nginx}`);
    process.exit(2);
  }
  return nginx;
}

/** Every row of the generated table: name, module, context mask, argument counts, flags, value kinds, keywords, default. */
export function directiveRows(root) {
  const gen = readFileSync(join(root, 'src/core/nginx/directives.generated.ts'), 'utf8');
  const modules = JSON.parse(/MODULES[^=]*= (\[.*?\]);\n/s.exec(gen)[1]);
  return JSON.parse(/TABLE = (".*");/s.exec(gen)[1])
    .split('\n')
    .map((l) => {
      const f = l.split('|');
      return {
        name: f[0],
        module: modules[Number(f[1])][0],
        mask: parseInt(f[2], 36),
        min: Number(f[3]),
        max: f[4] === '' ? Infinity : Number(f[4]),
        block: f[5].includes('b'),
        flag: f[5].includes('f'),
        variables: f[5].includes('v'),
        kinds: f[6],
        keywords: f[7] ? f[7].split(',') : [],
        default: f[9],
      };
    });
}

/**
 * The `load_module` lines for Debian's dynamic stream and mail modules, or undefined where they are
 * not installed (then built in, or missing).
 */
export function moduleLoads() {
  const dir = '/usr/lib/nginx/modules';
  const load = (m) => (existsSync(join(dir, m)) ? `load_module ${join(dir, m)};\n` : undefined);
  return { loadStream: load('ngx_stream_module.so'), loadMail: load('ngx_mail_module.so') };
}
