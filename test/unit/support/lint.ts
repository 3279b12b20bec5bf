import type { Analyzer } from '../../../src/core/analyzer';
import { lintWorkspace } from '../../../src/core/engine';
import { dubboRules, workspaceRules } from '../../../src/core/rules/dubbo/index';
import { nginxRules } from '../../../src/core/rules/nginx/index';
import type { Diagnostic, Finding, SeveritySetting } from '../../../src/core/types';
import { memoryWorkspace } from './context';

// Every test that lints through this module holds each nginx and Dubbo check to findings of its own
// rule: a run without a cache skips the checks of rules set off (engine.ts, `rulesOff`), which
// would lose any other rule's findings they made. A breach fails the analysis of the file (reported
// as file-skipped, with this message).
for (const r of [...nginxRules, ...dubboRules, ...workspaceRules]) {
  const m = r as unknown as { meta: { id: string }; check: (...a: unknown[]) => Finding[] };
  const check = m.check;
  m.check = (...a) => {
    const out = check(...a);
    const other = out.find((f) => f.rule !== m.meta.id);
    if (other) throw new Error(`the check of ${m.meta.id} reported a finding of ${other.rule}`);
    return out;
  };
}

/** Lints an in-memory workspace; `files` maps workspace-relative paths to text. */
export function lintFiles(
  files: Record<string, string>,
  opts: { analyzers?: Analyzer[]; locale?: string; ruleOverrides?: Record<string, SeveritySetting> } = {},
): Diagnostic[] {
  const r = lintWorkspace(memoryWorkspace(files), opts);
  if (!r) throw new Error('no dubbo-topology.yaml in the test workspace');
  return r.diagnostics;
}

/** Only the diagnostics of one rule, as `line:character` (0-based) → message, for compact asserts. */
export function ofRule(ds: Diagnostic[], rule: string): Diagnostic[] {
  return ds.filter((d) => d.rule === rule);
}

export function at(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
}

/** A two-region topology used by many tests (the seed's network). */
export const TWO_REGIONS = `version: 1
regions:
  east-1:
    name: 华东1
    lan: [192.168.27.0/24]
    hosts:
      api-1:
        internal: 192.168.27.101
        external: 139.159.250.7
        services: [api, registry]
  east-2:
    name: 华东2
    lan: [172.16.8.0/24]
    hosts:
      api-2:
        internal: 172.16.8.101
        external: 139.159.250.207
        services: [api]
services:
  api: { kind: dubbo-consumer, port: 8680 }
  registry: { kind: zookeeper, port: 2181 }
`;

/** TWO_REGIONS with a deploy block on the api service (block mappings, flow mappings and sequences). */
export const TWO_REGIONS_WITH_DEPLOY = TWO_REGIONS.replace(
  'api: { kind: dubbo-consumer, port: 8680 }',
  `api:
    kind: dubbo-consumer
    deploy:
      artifact: api/target/api-*.jar
      dir: /opt/api/{host}
      restart: { unit: api.service }
      health: { http: "http://127.0.0.1:8680/health", timeout: 30 }
      order: [east-2, east-1]
      env: { JAVA_OPTS: "-Xmx1g" }`,
);
