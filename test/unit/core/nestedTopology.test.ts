import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { nestedTopologyFolders } from '../../../src/core/scope';
import type { Diagnostic } from '../../../src/core/types';
import { memoryWorkspace, tempWorkspace } from '../support/context';
import { lintFiles, TWO_REGIONS } from '../support/lint';

/** A second system in `staging/`: its own topology, nginx configs, Dubbo XML, properties, exports. */
const STAGING_TOPOLOGY = `version: 1
regions:
  stage:
    lan: [10.9.0.0/16]
    hosts:
      s-1:
        internal: 10.9.0.1
        services: [web, api]
services:
  web: { kind: nginx, port: 80, config: [nginx/nginx.conf] }
  api: { kind: dubbo-consumer, port: 8680, config: [api/applicationContext.xml], properties: [api/app.properties] }
`;

const STAGING_NGINX = `events {}
http {
  upstream app { server 10.9.0.1:8080; }
  server {
    listen 80;
    include ../shared/proxy.inc;
    location / { proxy_pass http://app; }
  }
  include conf.d/*.conf;
  bogus_directive on;
}
`;

const STAGING_XML = `<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans" xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">
  <dubbo:registry address="zookeeper://10.9.0.1:2181"/>
</beans>
`;

/** The second system's files, below `dir`. */
function system(dir: string): Record<string, string> {
  return {
    [`${dir}/nginx/nginx.conf`]: STAGING_NGINX,
    [`${dir}/nginx/conf.d/a.conf`]: 'server { listen 81; location / { proxy_pass http://10.9.0.1:8081; } }\n',
    [`${dir}/shared/proxy.inc`]: 'proxy_set_header Host $host;\nanother_bogus on;\n',
    [`${dir}/api/applicationContext.xml`]: STAGING_XML,
    [`${dir}/api/app.properties`]: 'dubbo.registry.address=zookeeper://10.9.0.1:2181\n',
    [`${dir}/nfs/exports`]: '/srv 10.9.0.300(rw)\n',
  };
}

const NESTED: Record<string, string> = {
  'dubbo-topology.yaml': TWO_REGIONS,
  'staging/dubbo-topology.yaml': STAGING_TOPOLOGY,
  ...system('staging'),
};

const lint = (files: Record<string, string>) => lintFiles(files, { analyzers: [...defaultAnalyzers] });
const under = (ds: readonly Diagnostic[], dir: string) => ds.filter((d) => d.file.startsWith(`${dir}/`));
const filesWithFindings = (ds: readonly Diagnostic[]) => [...new Set(ds.map((d) => d.file))].sort();

test('nested topology: the files of a folder holding its own dubbo-topology.yaml get no findings from the root lint', () => {
  const ds = lint(NESTED);
  assert.deepEqual(under(ds, 'staging'), []);
  const r = lintWorkspace(memoryWorkspace(NESTED), { analyzers: defaultAnalyzers });
  assert.deepEqual(r!.files.filter((f) => f.startsWith('staging/')), [], 'none of them is examined');
});

test('nested topology: the same files without their own topology are examined as before', () => {
  const files = { ...NESTED };
  delete files['staging/dubbo-topology.yaml'];
  assert.deepEqual(filesWithFindings(under(lint(files), 'staging')), [
    'staging/api/app.properties',
    'staging/api/applicationContext.xml',
    'staging/nfs/exports',
    'staging/nginx/conf.d/a.conf',
    'staging/nginx/nginx.conf',
    'staging/shared/proxy.inc',
  ]);
});

test('nested topology: a file the root topology lists there is checked, and the nginx includes it reaches', () => {
  const listing = TWO_REGIONS.replace('services: [api, registry]', 'services: [api, registry, edge]')
    .replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, config: [staging/api/applicationContext.xml] }')
    .concat('  edge: { kind: nginx, port: 80, config: [staging/nginx/nginx.conf] }\n');
  const ds = lint({ ...NESTED, 'dubbo-topology.yaml': listing });
  assert.deepEqual(filesWithFindings(under(ds, 'staging')), [
    'staging/api/applicationContext.xml',
    // Reached by a pattern (conf.d/*.conf) and by name (../shared/proxy.inc).
    'staging/nginx/conf.d/a.conf',
    'staging/nginx/nginx.conf',
    'staging/shared/proxy.inc',
  ]);
  assert.ok(ds.some((d) => d.file === 'staging/nginx/nginx.conf' && d.rule === 'nginx-unknown-directive'));
  assert.ok(ds.some((d) => d.file === 'staging/shared/proxy.inc' && d.rule === 'nginx-unknown-directive'));
  assert.ok(ds.some((d) => d.file === 'staging/nginx/conf.d/a.conf' && d.rule === 'ip-unknown'));
});

test('nested topology: the nested folder linted on its own checks its files', () => {
  const dir = tempWorkspace(NESTED);
  try {
    const r = lintWorkspace(new NodeWorkspace(join(dir, 'staging')), { analyzers: defaultAnalyzers });
    assert.ok(r);
    const found = filesWithFindings(r.diagnostics);
    for (const f of ['nginx/nginx.conf', 'shared/proxy.inc', 'nfs/exports']) assert.ok(found.includes(f), `${f} in ${found.join(', ')}`);
    assert.ok(r.files.includes('nginx/conf.d/a.conf'));
    assert.ok(r.files.includes('api/applicationContext.xml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nested topology: a folder holding a file named otherwise is no other system', () => {
  for (const name of ['dubbo-topology.yml', 'dubbo-topology.yaml.bak', 'old-dubbo-topology.yaml', 'Dubbo-Topology.yaml']) {
    const ds = lint({ 'dubbo-topology.yaml': TWO_REGIONS, [`other/${name}`]: STAGING_TOPOLOGY, ...system('other') });
    assert.ok(filesWithFindings(under(ds, 'other')).includes('other/nginx/nginx.conf'), name);
    assert.ok(filesWithFindings(under(ds, 'other')).includes('other/api/applicationContext.xml'), name);
  }
});

test('nested topology: a nested dubbo-topology.yaml created or deleted later changes what the next run examines', () => {
  const files = { ...NESTED };
  delete files['staging/dubbo-topology.yaml'];
  const dir = tempWorkspace(files);
  try {
    // As the editor's worker runs: one disk workspace and one lint cache across runs.
    const ws = new NodeWorkspace(dir);
    const cache = new LintCache();
    const run = () => lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
    assert.ok(under(run().diagnostics, 'staging').length > 0);
    writeFileSync(join(dir, 'staging', 'dubbo-topology.yaml'), STAGING_TOPOLOGY);
    ws.invalidate('staging/dubbo-topology.yaml', true);
    const r = run();
    assert.deepEqual(under(r.diagnostics, 'staging'), []);
    assert.deepEqual(r.files.filter((f) => f.startsWith('staging/')), []);
    rmSync(join(dir, 'staging', 'dubbo-topology.yaml'));
    ws.invalidate('staging/dubbo-topology.yaml', true);
    assert.ok(under(run().diagnostics, 'staging').some((d) => d.file === 'staging/nginx/nginx.conf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nestedTopologyFolders: the outermost folders below the root holding a dubbo-topology.yaml', () => {
  assert.deepEqual(nestedTopologyFolders(['dubbo-topology.yaml', 'nginx/nginx.conf']), []);
  assert.deepEqual(
    nestedTopologyFolders([
      'a/b/dubbo-topology.yaml',
      'a/b/c/dubbo-topology.yaml',
      'dubbo-topology.yaml',
      'ab/x.conf',
      'staging/dubbo-topology.yaml',
      'x/my-dubbo-topology.yaml',
      'y/dubbo-topology.yaml.bak',
    ]),
    ['a/b', 'staging'],
  );
});
