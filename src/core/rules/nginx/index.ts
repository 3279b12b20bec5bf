import type { RuleMeta } from '../meta';

/** The rules of this area, in catalog order. */
export const metas: RuleMeta[] = [];
