import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import type { ExportsCheck, TopologyShareCheck } from './context';
import * as exportsSyntax from './exportsSyntax';
import * as nfsSpaceBeforeOptions from './nfsSpaceBeforeOptions';
import * as nfsNoRootSquash from './nfsNoRootSquash';
import * as nfsPublicExport from './nfsPublicExport';
import * as nfsInsecureWildcard from './nfsInsecureWildcard';
import * as nfsClientMismatch from './nfsClientMismatch';
import * as nfsAsync from './nfsAsync';

/** The rules of this area, in catalog order. */
export const metas: RuleMeta[] = [
  exportsSyntax.meta,
  nfsSpaceBeforeOptions.meta,
  nfsNoRootSquash.meta,
  nfsPublicExport.meta,
  nfsInsecureWildcard.meta,
  nfsClientMismatch.meta,
  nfsAsync.meta,
];

/** Rules over one exports(5) file. */
export function checkExports(c: ExportsCheck): Finding[] {
  return [
    ...exportsSyntax.check(c),
    ...nfsSpaceBeforeOptions.check(c),
    ...nfsNoRootSquash.check(c),
    ...nfsPublicExport.check(c),
    ...nfsInsecureWildcard.check(c),
    ...nfsClientMismatch.check(c),
    ...nfsAsync.check(c),
  ];
}

/** Rules over the `shares:` of the topology file (their options are what the setup command writes). */
export function checkTopologyShares(c: TopologyShareCheck): Finding[] {
  return [
    ...exportsSyntax.checkTopology(c),
    ...nfsNoRootSquash.checkTopology(c),
    ...nfsPublicExport.checkTopology(c),
    ...nfsClientMismatch.checkTopology(c),
    ...nfsAsync.checkTopology(c),
  ];
}
