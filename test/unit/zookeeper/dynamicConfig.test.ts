/**
 * What zookeeper-dynamic-config and the settings of a dynamic configuration file rest on, checked
 * against a real ZooKeeper 3.8: one member configured the 3.5+ way (zoo.cfg naming
 * zoo.cfg.dynamic.100000000), started on the texts the lint reads. ZooKeeper starts exactly when the
 * rule reports nothing, and starts again once its quick fix is applied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits } from '../../../src/core/fixes';
import type { Diagnostic } from '../../../src/core/types';
import { DYNAMIC_FILE, dynamicZooKeeperConfig, zooKeeperSkipReason, zooKeeperStartsOn, type DynamicZooKeeperConfig } from '../../support/zookeeper';
import { ofRule } from '../support/lint';
import { lintAll, zkDynamicFiles, ZK_DYNAMIC } from '../support/zookeeper';

const RULE = 'zookeeper-dynamic-config';
const skip = zooKeeperSkipReason();

/** The lint of the texts ZooKeeper reads, as the registry's zk/zoo.cfg and zk/zoo.cfg.dynamic.100000000. */
function lintOf(c: Pick<DynamicZooKeeperConfig, 'static' | 'dynamic'>): Diagnostic[] {
  return ofRule(lintAll(zkDynamicFiles({ files: { 'zk/zoo.cfg': c.static, [ZK_DYNAMIC]: c.dynamic } })), RULE);
}

async function withConfig(staticExtra: string[], dynamicExtra: string[], body: (c: DynamicZooKeeperConfig) => Promise<void>): Promise<void> {
  const c = await dynamicZooKeeperConfig(staticExtra, dynamicExtra);
  try {
    await body(c);
  } finally {
    rmSync(c.dir, { recursive: true, force: true });
  }
}

test('real ZooKeeper: the settings in the static zoo.cfg, server lines in the dynamic file — it starts, nothing reported', { skip, timeout: 120_000 }, async () => {
  await withConfig(['quorumListenOnAllIPs=true'], [], async (c) => {
    assert.deepEqual(lintOf(c), []);
    assert.equal(await zooKeeperStartsOn(c), 'started');
  });
});

test('real ZooKeeper: quorumListenOnAllIPs in the dynamic file (where an earlier quick fix wrote it) — exits 2; the fix moves it and it starts', { skip, timeout: 120_000 }, async () => {
  await withConfig([], ['quorumListenOnAllIPs=true'], async (c) => {
    const [d, ...rest] = lintOf(c);
    assert.equal(rest.length, 0);
    assert.equal(d.file, ZK_DYNAMIC);
    assert.equal(await zooKeeperStartsOn(c), 2);
    const fixed = {
      static: applyEdits(c.static, d.fixes[0].edits.filter((e) => e.file === 'zk/zoo.cfg')).text,
      dynamic: applyEdits(c.dynamic, d.fixes[0].edits.filter((e) => e.file === ZK_DYNAMIC)).text,
    };
    assert.match(fixed.static, /\nquorumListenOnAllIPs=true\n$/);
    assert.deepEqual(lintOf(fixed), []);
    writeFileSync(join(c.dir, 'zoo.cfg'), fixed.static);
    writeFileSync(join(c.dir, DYNAMIC_FILE), fixed.dynamic);
    assert.equal(await zooKeeperStartsOn(c), 'started');
  });
});

test('real ZooKeeper: version inside the dynamic file, or a server line in the static one — exits 2, reported', { skip, timeout: 120_000 }, async () => {
  await withConfig([], ['version=100000000'], async (c) => {
    assert.deepEqual(lintOf(c).map((d) => `${d.file} ${d.range.start.line}`), [`${ZK_DYNAMIC} 2`]);
    assert.equal(await zooKeeperStartsOn(c), 2);
  });
  await withConfig(['server.3=127.0.0.1:2888:3888'], [], async (c) => {
    assert.deepEqual(lintOf(c).map((d) => `${d.file} ${d.message.slice(0, 8)}`), ['zk/zoo.cfg server.3']);
    assert.equal(await zooKeeperStartsOn(c), 2);
  });
});
