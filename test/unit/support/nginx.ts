import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyzerContext } from '../../../src/core/analyzer';
import { lintWorkspace } from '../../../src/core/engine';
import { nginxAnalyzer } from '../../../src/core/nginx/analyzer';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import type { Diagnostic } from '../../../src/core/types';
import { contextFor, memoryWorkspace } from './context';
import { lintFiles, TWO_REGIONS } from './lint';

/** The two-region topology with an nginx gateway on api-1 (华东1) reading `config`. */
export function gatewayYaml(config = 'nginx/nginx.conf', prefix?: string): string {
  return (
    TWO_REGIONS.replace('        services: [api, registry]\n', '        services: [gateway, api, registry]\n') +
    `  gateway:\n    kind: nginx\n    port: 443\n    config: [${config}]\n${prefix ? `    prefix: ${prefix}\n` : ''}`
  );
}

/** A topology with no hosts whose only service is nginx reading `config`. */
export function bareYaml(config: string): string {
  return `version: 1\nregions: {}\nservices:\n  gateway:\n    kind: nginx\n    config: [${config}]\n`;
}

/** Lints nginx files (path → text) with the gateway topology unless `dubbo-topology.yaml` is given. */
export function lintNginx(files: Record<string, string>, opts: { locale?: string } = {}): Diagnostic[] {
  const all = { 'dubbo-topology.yaml': gatewayYaml(), ...files };
  return lintFiles(all, { analyzers: [nginxAnalyzer], locale: opts.locale });
}

/** Lints one nginx.conf text as the gateway's main config. */
export function lintConf(text: string, opts: { locale?: string } = {}): Diagnostic[] {
  return lintNginx({ 'nginx/nginx.conf': text }, opts);
}

/** Context over an in-memory workspace holding the gateway topology and `files`. */
export function nginxContext(files: Record<string, string>): AnalyzerContext {
  return contextFor(memoryWorkspace({ 'dubbo-topology.yaml': gatewayYaml(), ...files }));
}

/** Lints a fixture folder on disk with `main` as the only nginx service's config. */
export function lintFixture(dir: string, main: string): Diagnostic[] {
  const ws = new NodeWorkspace(dir, new Map([['dubbo-topology.yaml', bareYaml(main)]]));
  const r = lintWorkspace(ws, { analyzers: [nginxAnalyzer] });
  if (!r) throw new Error('no topology');
  return r.diagnostics;
}

/** The nginx binary: $NGINX, the usual places, or the PATH; undefined when none is installed. */
export function findNginx(): string | undefined {
  const candidates = [process.env.NGINX, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(join(dir, 'nginx'));
  return candidates.find((c): c is string => !!c && existsSync(c));
}
