import type { Topology } from '../../topology/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import { meta as topologySyntax } from './topologySyntax';
import { meta as topologySchema } from './topologySchema';
import * as ipDuplicate from './ipDuplicate';
import * as internalIpOutsideLan from './internalIpOutsideLan';
import * as externalIpPrivate from './externalIpPrivate';
import * as unknownService from './unknownService';
import * as unknownHost from './unknownHost';
import * as shareServerNoRoute from './shareServerNoRoute';
import * as topologyAddresses from './topologyAddresses';
import * as dubboEnvAddress from './dubboEnvAddress';

/** The rules of this area, in catalog order. */
export const metas: RuleMeta[] = [
  topologySyntax,
  topologySchema,
  ipDuplicate.meta,
  internalIpOutsideLan.meta,
  externalIpPrivate.meta,
  unknownService.meta,
  unknownHost.meta,
  shareServerNoRoute.meta,
  dubboEnvAddress.meta,
];

/** Semantic checks of the topology file itself (the parser reports syntax and schema). */
export function checkTopology(t: Topology): Finding[] {
  return [
    ...topologyAddresses.check(t),
    ...ipDuplicate.check(t),
    ...internalIpOutsideLan.check(t),
    ...externalIpPrivate.check(t),
    ...unknownService.check(t),
    ...unknownHost.check(t),
    ...shareServerNoRoute.check(t),
    ...dubboEnvAddress.check(t),
  ];
}
