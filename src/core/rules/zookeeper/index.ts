import type { RuleMeta } from '../meta';
import * as zookeeperQuorumListen from './zookeeperQuorumListen';
import * as zookeeperQuorumPlaintextPublic from './zookeeperQuorumPlaintextPublic';

/** The rules of this area, in catalog order. */
export const metas: RuleMeta[] = [zookeeperQuorumListen.meta, zookeeperQuorumPlaintextPublic.meta];

export { check as checkQuorumListen } from './zookeeperQuorumListen';
export { check as checkQuorumPlaintext } from './zookeeperQuorumPlaintextPublic';
