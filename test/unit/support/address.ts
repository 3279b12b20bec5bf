import type { AnalyzerContext } from '../../../src/core/analyzer';
import type { AddressUse } from '../../../src/core/rules/address/judge';
import { judgeAddress } from '../../../src/core/rules/address/judge';
import { report } from '../../../src/core/engine';
import type { Diagnostic, Range, SeveritySetting } from '../../../src/core/types';
import { contextFor, memoryWorkspace } from './context';
import { TWO_REGIONS } from './lint';

export const r = (line: number, a: number, b: number): Range => ({ start: { line, character: a }, end: { line, character: b } });

/** Judges one literal address written in `file` at `range`, seen by the given vantage host ids (with the editor's rule settings, if any). */
export function judgeLiteral(
  text: string,
  hostIds: string[],
  ctx: AnalyzerContext = twoRegionContext(),
  ruleOverrides?: Record<string, SeveritySetting>,
): Diagnostic[] {
  const vantage = hostIds.map((id) => ({ host: ctx.topology.hostById.get(id)! }));
  const use: AddressUse = {
    file: 'app.conf',
    range: r(3, 10, 10 + text.length),
    candidates: [{ text, vantage, edit: { file: 'app.conf', range: r(3, 10, 10 + text.length) } }],
  };
  return report(judgeAddress(ctx, use), ctx.ws, ctx.topology, { ruleOverrides });
}

export function twoRegionContext(): AnalyzerContext {
  return contextFor(
    memoryWorkspace({
      'dubbo-topology.yaml': TWO_REGIONS.replace(
        '        services: [api, registry]\n',
        '        services: [api, registry]\n      app-1:\n        internal: 192.168.27.102\n        services: [api]\n',
      ),
      'app.conf': '\n\n\n',
    }),
  );
}
