import type { RuleMeta } from './meta';
import { metas as topology } from './topology/index';
import { metas as address } from './address/index';
import { metas as dubbo } from './dubbo/index';
import { metas as zookeeper } from './zookeeper/index';
import { metas as nginx } from './nginx/index';
import { metas as nfs } from './nfs/index';
import { metas as workspace } from './workspace/index';

/** Every rule of the product, in the order of the documentation. */
export const allRules: readonly RuleMeta[] = [...topology, ...address, ...dubbo, ...zookeeper, ...nginx, ...nfs, ...workspace];

const byId = new Map(allRules.map((r) => [r.id, r]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return byId.get(id);
}
