/**
 * Addresses and networks as nginx reads `allow` and `deny`; the last test asks the real `nginx -t`
 * about random values when it is installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessValue, maskLength } from '../../../src/core/nginx/access';
import { findNginx } from '../support/nginx';
import { prng } from '../support/random';

test('nginx access values: what is refused, and whether for the address or the prefix length', () => {
  assert.equal(accessValue('10.0.0.0/8'), undefined);
  assert.equal(accessValue('10.0.0.0/33'), 'prefix');
  assert.equal(accessValue('10.0.0.0/255.0.0.0'), 'prefix');
  assert.equal(accessValue('fe80::/129'), 'prefix');
  assert.equal(accessValue('fe80::/128'), undefined);
  assert.equal(accessValue('localhost'), 'address');
  assert.equal(accessValue('255.255.255.255'), 'address');
  assert.equal(accessValue('[::1]/128'), 'address');
});

test('nginx access values: dotted netmasks as prefix lengths', () => {
  assert.equal(maskLength('255.255.255.0'), 24);
  assert.equal(maskLength('255.255.255.255'), 32);
  assert.equal(maskLength('0.0.0.0'), 0);
  assert.equal(maskLength('255.0.255.0'), undefined);
  assert.equal(maskLength('24'), undefined);
});

const nginx = findNginx();
const skip = nginx ? false : 'nginx is not installed (Debian: apt-get install nginx); the cross-check needs the real `nginx -t`';

test('nginx access values: the real nginx -t takes exactly what we take, on random values', { skip }, () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100000);
  const runs = Math.min(Number(process.env.FUZZ_RUNS ?? 300), 300);
  const rnd = prng(seed);
  const atoms = ['0', '1', '255', '256', '01', 'ff', 'FFFF', '12345', 'a', 'g', '.', ':', '::', '/', '/8', '/33', '/128', '/129', '1.2.3.4', '::1', '%', '[', ']', '0000', '.0', 'x', 'all', 'unix:'];
  const values = new Set<string>();
  while (values.size < runs) {
    let s = '';
    for (let k = rnd.int(1, 7); k > 0; k--) s += atoms[rnd.int(0, atoms.length - 1)];
    values.add(s);
  }
  const dir = mkdtempSync(join(tmpdir(), 'nginx-access-'));
  const wrong: string[] = [];
  let taken = 0;
  try {
    for (const v of values) {
      writeFileSync(join(dir, 'n.conf'), `events {}\nhttp { server { listen 8080; allow "${v}"; } }\n`);
      const r = spawnSync(nginx!, ['-t', '-q', '-p', `${dir}/`, '-e', join(dir, 'e.log'), '-g', `pid ${join(dir, 'p.pid')};`, '-c', join(dir, 'n.conf')], { encoding: 'utf8' });
      const theirs = r.status === 0;
      if (!theirs) assert.match(r.stderr, /\[emerg\] invalid parameter "/, `seed ${seed}: ${v}`);
      const ours = accessValue(v) === undefined;
      if (theirs) taken++;
      if (ours !== theirs) wrong.push(`${v}: nginx ${theirs ? 'takes' : 'refuses'} it`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(wrong, [], `seed ${seed}`);
  assert.ok(taken > 0, `seed ${seed}: nginx took none of ${values.size}`);
});
