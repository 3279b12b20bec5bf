import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { AnalyzerContext } from '../../../src/core/analyzer';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { propertiesAnalyzer } from '../../../src/core/dubbo/propertiesAnalyzer';
import { applyEdits } from '../../../src/core/fixes';
import type { Diagnostic, LocalizedFix, SeveritySetting } from '../../../src/core/types';
import { contextFor, exampleDir, memoryWorkspace } from './context';
import { lintFiles } from './lint';

export const DUBBO_ANALYZERS = [dubboAnalyzer, propertiesAnalyzer];

/** Every file of examples/two-region (the seed as a workspace), path → text. */
export function exampleFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(exampleDir, p).split(sep).join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(exampleDir);
  return out;
}

export const API_XML = 'api/src/main/resources/applicationContext.xml';
export const ORDER_XML = 'order/src/main/resources/applicationContext.xml';
export const DRIVER_XML = 'driver/src/main/resources/applicationContext.xml';
export const API_PROPS = 'api/src/main/resources/config.properties';
export const ORDER_PROPS = 'order/src/main/resources/config.properties';

export function lintDubbo(
  files: Record<string, string>,
  opts: { locale?: string; ruleOverrides?: Record<string, SeveritySetting> } = {},
): Diagnostic[] {
  return lintFiles(files, { ...opts, analyzers: DUBBO_ANALYZERS });
}

export function dubboContext(files: Record<string, string>): AnalyzerContext {
  return contextFor(memoryWorkspace(files));
}

/** Applies a fix to a copy of the files. */
export function applyFix(files: Record<string, string>, fix: LocalizedFix): Record<string, string> {
  const out = { ...files };
  const byFile = new Map<string, typeof fix.edits>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [f, edits] of byFile) out[f] = applyEdits(out[f] ?? '', edits).text;
  return out;
}

/** 0-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (lines[i].includes(needle)) return i;
  throw new Error(`"${needle}" not found`);
}

/** `line:start-line:end` of `needle` (its first occurrence on the first line holding `lineNeedle`). */
export function spanOf(text: string, lineNeedle: string, needle = lineNeedle): string {
  const line = lineOf(text, lineNeedle);
  const c = text.split('\n')[line].indexOf(needle);
  return `${line}:${c}-${line}:${c + needle.length}`;
}

/** A Spring XML file binding `prefix` (empty: the default namespace) to a Dubbo namespace. */
export function springXml(body: string, opts: { prefix?: string; ns?: 'apache' | 'alibaba' } = {}): string {
  const prefix = opts.prefix ?? 'dubbo';
  const uri = opts.ns === 'alibaba' ? 'http://code.alibabatech.com/schema/dubbo' : 'http://dubbo.apache.org/schema/dubbo';
  const decl = prefix ? `xmlns:${prefix}="${uri}"` : `xmlns="${uri}"`;
  const beans = prefix ? 'xmlns="http://www.springframework.org/schema/beans"' : 'xmlns:beans="http://www.springframework.org/schema/beans"';
  const root = prefix ? 'beans' : 'beans:beans';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${beans}\n       ${decl}>\n${body}\n</${root}>\n`;
}

/** The seed's two regions with one provider service `svc` (config `svc.xml`) and consumer `web` (config `web.xml`). */
export function providerYaml(opts: {
  providerHosts?: string;
  app2Services?: string;
  provider?: string;
  consumer?: string;
  extraServices?: string;
} = {}): string {
  return `version: 1
regions:
  east-1:
    name: 华东1
    lan: [192.168.27.0/24]
    hosts:
      zk-1:
        internal: 192.168.27.101
        external: 139.159.250.7
        services: [registry]
      app-1:
        internal: 192.168.27.102
        external: 139.159.250.8
        services: [${opts.providerHosts ?? 'svc, web'}]
  east-2:
    name: 华东2
    lan: [172.16.8.0/24]
    hosts:
      app-2:
        internal: 172.16.8.102
        external: 139.159.250.208
        services: [${opts.app2Services ?? 'svc, web'}]
services:
  svc:
    kind: dubbo-provider
    port: 20880
    config: [svc.xml]
    properties: [svc.properties]
${opts.provider ?? ''}  web:
    kind: dubbo-consumer
    port: 8080
    config: [web.xml]
    properties: [web.properties]
${opts.consumer ?? ''}  registry:
    kind: zookeeper
    port: 2181
${opts.extraServices ?? ''}`;
}

export const ZK = 'zookeeper.host=zookeeper://139.159.250.7:2181\n';
