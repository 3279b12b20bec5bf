import type { RuleMeta } from '../meta';
import { meta as fileSkipped } from './fileSkipped';
import { meta as fileEncoding } from './fileEncoding';

/** Rules the engine itself reports about files it reads. */
export const metas: RuleMeta[] = [fileSkipped, fileEncoding];
