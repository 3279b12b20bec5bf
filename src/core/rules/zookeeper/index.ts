import type { RuleMeta } from '../meta';
import * as zookeeperDynamicConfig from './zookeeperDynamicConfig';
import * as zookeeperMultiAddress from './zookeeperMultiAddress';
import * as zookeeperQuorumListen from './zookeeperQuorumListen';
import * as zookeeperQuorumPlaintextPublic from './zookeeperQuorumPlaintextPublic';

/** The rules of this area, in catalog order. */
export const metas: RuleMeta[] = [zookeeperDynamicConfig.meta, zookeeperMultiAddress.meta, zookeeperQuorumListen.meta, zookeeperQuorumPlaintextPublic.meta];

export { check as checkDynamicConfig } from './zookeeperDynamicConfig';
export { check as checkMultiAddress } from './zookeeperMultiAddress';
export { check as checkQuorumListen } from './zookeeperQuorumListen';
export { check as checkQuorumPlaintext } from './zookeeperQuorumPlaintextPublic';
