/** POSIX shell quoting for commands sent over SSH. */

/** Quotes one word for /bin/sh: always single quotes, embedded quotes as '\''. */
export function shQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_\-./:=@%+,]+$/.test(s)) return s;
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/**
 * `export A='1' B='x y'; ` for a command line (sshd usually refuses the `env` channel request).
 * Throws on a name that is not a shell variable name. Empty for no variables.
 */
export function envPrefix(env: Record<string, string> | undefined): string {
  if (!env) return '';
  const names = Object.keys(env);
  if (names.length === 0) return '';
  for (const n of names) {
    if (!ENV_NAME.test(n)) throw new Error(`invalid environment variable name: ${JSON.stringify(n)}`);
  }
  return 'export ' + names.map((n) => `${n}=${shQuote(env[n])}`).join(' ') + '; ';
}
