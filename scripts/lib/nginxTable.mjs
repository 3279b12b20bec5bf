// What the nginx probe scripts share: the installed nginx they run (`--nginx PATH`, default
// /usr/sbin/nginx), the text that puts a line in each context, and the rows of the generated
// directive table (src/core/nginx/directives.generated.ts, whose field layout
// gen-nginx-directives.mjs writes and src/core/nginx/directives.ts reads).
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

/**
 * Text before and after a probed line, per context bit (as nginx's NGX_*_CONF masks); where a block
 * needs more to be valid (a stream server its listen and a handler), the alternatives are tried in
 * turn (the probed directive may be that handler). Mail and stream contexts are undefined where
 * their modules are not installed.
 */
export function contextWrappers() {
  const { loadStream, loadMail } = moduleLoads();
  return {
    1: [['', '\nevents {}\n']],
    2: [['events {\n', '\n}\n']],
    4: [['events {}\nhttp {\n', '\n}\n']],
    8: [['events {}\nhttp { server {\n', '\n} }\n']],
    16: [['events {}\nhttp { server { location / {\n', '\n} } }\n']],
    32: [['events {}\nhttp { upstream u { server 127.0.0.1:1;\n', '\n} }\n']],
    64: [['events {}\nhttp { server { if ($a) {\n', '\n} } }\n']],
    128: [['events {}\nhttp { server { location / { if ($a) {\n', '\n} } } }\n']],
    256: [['events {}\nhttp { server { location / { limit_except GET {\n', '\n} } } }\n']],
    512: loadMail && [[`${loadMail}events {}\nmail {\n`, '\n}\n']],
    1024: loadMail && [
      [`${loadMail}events {}\nmail { auth_http 127.0.0.1:1; server { listen 127.0.0.1:1; protocol smtp;\n`, '\n} }\n'],
      [`${loadMail}events {}\nmail { auth_http 127.0.0.1:1; server { listen 127.0.0.1:1;\n`, '\n} }\n'],
      [`${loadMail}events {}\nmail { server { listen 127.0.0.1:1; protocol smtp;\n`, '\n} }\n'],
    ],
    2048: loadStream && [[`${loadStream}events {}\nstream {\n`, '\n}\n']],
    4096: loadStream && [
      [`${loadStream}events {}\nstream { server { listen 127.0.0.1:1; return 1;\n`, '\n} }\n'],
      [`${loadStream}events {}\nstream { server { listen 127.0.0.1:1;\n`, '\n} }\n'],
      [`${loadStream}events {}\nstream { server { return 1;\n`, '\n} }\n'],
    ],
    8192: loadStream && [[`${loadStream}events {}\nstream { upstream u { server 127.0.0.1:1;\n`, '\n} }\n']],
    16384: [['', '\nevents {}\n']],
  };
}
