import type { AnalyzerContext } from '../analyzer';
import type { Service, Topology } from '../topology/model';
import { dubboModel, isDubboService, type DubboModel } from './model';

const memo = new WeakMap<Topology, Map<Service, { texts: (string | undefined)[]; summary: string }>>();

/**
 * What the Dubbo findings of one file read from the rest of the workspace: the configs of every
 * Dubbo service that hold Dubbo elements, and the registries every host of every Dubbo service
 * registers with and subscribes to (who calls whom, who shares a registry). A service's part is recomputed only when its own config or properties texts changed,
 * so a keystroke in one XML costs one service, and a change that moves a service to another
 * registry invalidates the cached findings of every Dubbo file.
 */
export function registrySummary(ctx: AnalyzerContext): string {
  let perService = memo.get(ctx.topology);
  if (!perService) {
    perService = new Map();
    memo.set(ctx.topology, perService);
  }
  const parts: string[] = [];
  let model: DubboModel | undefined;
  for (const s of ctx.topology.services) {
    if (!isDubboService(s)) continue;
    const texts = [...s.config, ...s.properties].map((f) => ctx.ws.read(f.value));
    const hit = perService.get(s);
    if (hit && hit.texts.length === texts.length && hit.texts.every((t, i) => t === texts[i])) {
      parts.push(hit.summary);
      continue;
    }
    const m = (model ??= dubboModel(ctx));
    const ids = (list: Service[]) => list.map((r) => r.id).join(',');
    const configs = m.configs(s).map((c) => c.file).join(',');
    const summary = `${s.id}[${configs}]:${s.hosts.map((h) => `${h.id}=${ids(m.registries(s, h, 'provider'))}/${ids(m.registries(s, h, 'consumer'))}`).join(';')}`;
    perService.set(s, { texts, summary });
    parts.push(summary);
  }
  return parts.join('\n');
}
