/**
 * Server lines with several addresses (`server.1=<a>:2888:3888|<b>:2888:3888`, ZooKeeper 3.6+): the
 * addresses are alternatives, and a member that reaches one of them reaches the member the line names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZooConfig } from '../../../src/core/zookeeper/config';

test('zoo.cfg: where the addresses of a server line are written, ports and role included, without the client part', () => {
  const c = parseZooConfig(
    [
      'server.1=192.168.27.101:2888:3888|139.159.250.7:2888:3888:participant;2181',
      'server.2 = 172.16.8.102:2888:3888 | 139.159.250.208:2888:3888 ',
      'server.3=[fd00::3]:2888:3888',
      'server.4=192.168.27.101\\:2888:3888',
      'server.5=;2181',
    ].join('\n'),
  );
  const span = (r: { start: { line: number; character: number }; end: { character: number } } | undefined) => (r ? `${r.start.line}:${r.start.character}-${r.end.character}` : '-');
  assert.deepEqual(
    c.servers.map((s) => `${s.id} ${span(s.addressesRange)}`),
    ['1 0:9-69', '2 1:11-61', '3 2:9-28', '4 -', '5 -'],
  );
});
