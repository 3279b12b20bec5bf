import type { AnalyzerContext } from '../analyzer';
import { dubboModel } from './model';

/**
 * What the Dubbo findings of one file read from the rest of the workspace: the configs of every
 * Dubbo service that hold Dubbo elements, and the registries every host of every Dubbo service
 * registers with and subscribes to (who calls whom, who shares a registry). A service's part is recomputed only when its own config or properties texts changed,
 * so a keystroke in one XML costs one service, and a change that moves a service to another
 * registry invalidates the cached findings of every Dubbo file.
 */
export function registrySummary(ctx: AnalyzerContext): string {
  return dubboModel(ctx).summary();
}
