import type { RuleMeta } from '../meta';
import * as zookeeperQuorumListen from './zookeeperQuorumListen';

/** The rules of this area, in catalog order. */
export const metas: RuleMeta[] = [zookeeperQuorumListen.meta];

export { check as checkQuorumListen } from './zookeeperQuorumListen';
