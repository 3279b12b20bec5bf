import type { RuleMeta } from '../meta';
import { meta as ipInvalid } from './ipInvalid';
import { meta as crossRegionInternalIp } from './crossRegionInternalIp';
import { meta as sameRegionExternalIp } from './sameRegionExternalIp';
import { meta as ipUnknown } from './ipUnknown';

/** Address rules, shared by every analyzer that reads addresses. */
export const metas: RuleMeta[] = [ipInvalid, crossRegionInternalIp, sameRegionExternalIp, ipUnknown];
