/**
 * The two-host NFS lab's topology and run options, shared by the tests that drive the NFS commands
 * against loopback sshd hosts (test/support/nfsLab.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/topology/model';
import type { NfsQuestion, NfsRunOptions } from '../../../src/nfs/run';
import { NfsPrompter, type LabHost, type NfsLab } from '../../support/nfsLab';

export const NOW = new Date('2026-03-04T05:06:07.000Z');
export const STAMP = '20260304T050607Z';

/** api-1 (华东1) exports /home/wwwroot/upload to api-2 (华东2), which mounts it at the same path. */
export function nfsLabYaml(lab: NfsLab): string {
  const port = (id: string) => lab.hosts.get(id)!.sshd.port;
  return `version: 1
regions:
  east-1:
    name: 华东1
    lan: [192.168.27.0/24]
    hosts:
      api-1:
        internal: 192.168.27.101
        external: 139.159.250.7
        ssh: { host: 127.0.0.1, port: ${port('api-1')}, user: root }
  east-2:
    name: 华东2
    lan: [172.16.8.0/24]
    hosts:
      api-2:
        internal: 172.16.8.101
        external: 139.159.250.207
        ssh: { host: 127.0.0.1, port: ${port('api-2')}, user: root }
services: {}
shares:
  upload:
    server: api-1
    path: /home/wwwroot/upload
    clients: [api-2]
    mount: /home/wwwroot/upload
    options: [rw, sync]
    mountOptions: [rw]
`;
}

export interface LabRun {
  opts: NfsRunOptions;
  questions: NfsQuestion[];
  progress: string[];
  logLines: string[];
  close(): Promise<void>;
}

export type LabRunExtra = Partial<NfsRunOptions> & { answers?: boolean[]; password?: string };

/** Run options over a fresh pool; `answers` reply to the package questions in order (then no). */
export function labRun(lab: NfsLab, topology: Topology, extra: LabRunExtra = {}): LabRun {
  const prompter = new NfsPrompter(extra.password);
  const { pool, session } = lab.sessions(topology, prompter);
  const questions: NfsQuestion[] = [];
  const progress: string[] = [];
  const logLines: string[] = [];
  const answers = [...(extra.answers ?? [])];
  const opts: NfsRunOptions = {
    topology,
    shareId: 'upload',
    session,
    prompter,
    confirm: async (q) => {
      questions.push(q);
      return answers.shift() ?? false;
    },
    root: '',
    pathPrefix: [],
    now: () => NOW,
    onProgress: (p) => progress.push(`${p.host} ${p.step}`),
    log: (l) => logLines.push(l),
    ...extra,
  };
  return { opts, questions, progress, logLines, close: () => pool.closeAll() };
}

/** Run options for one host's sandbox: root prefix and stand-ins first on PATH. */
export function labRunOn(lab: NfsLab, topology: Topology, h: LabHost, extra: LabRunExtra = {}): LabRun {
  return labRun(lab, topology, { root: h.root, pathPrefix: [h.bin], ...extra });
}

/** Every file under the sandbox root, path → content, one character per byte (directories end with /). */
export function tree(h: LabHost): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(h.root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out[r + '/'] = '';
        walk(r);
      } else out[r] = readFileSync(join(h.root, r), 'latin1');
    }
  };
  walk('');
  return out;
}
