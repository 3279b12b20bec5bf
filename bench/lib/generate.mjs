// Deterministic generators of benchmark workspaces: a seeded PRNG drives every choice, so the same
// arguments always produce byte-identical files. Used by bench/lintWorkspace.mjs and bench/relint.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

/** Addresses of host `h` of region `r`: internal 10.r.x.y inside 10.r.0.0/16, external 100.64+ style public ones. */
function hostAddresses(r, h) {
  return {
    internal: `10.${r}.${1 + Math.floor(h / 200)}.${10 + (h % 200)}`,
    external: `139.${100 + r}.${Math.floor(h / 250)}.${1 + (h % 250)}`,
  };
}

const NS_HEAD = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<beans xmlns="http://www.springframework.org/schema/beans"',
  '       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  '       xmlns:dubbo="http://dubbo.apache.org/schema/dubbo"',
  '       xsi:schemaLocation="http://www.springframework.org/schema/beans',
  '       http://www.springframework.org/schema/beans/spring-beans.xsd',
  '       http://dubbo.apache.org/schema/dubbo',
  '       http://dubbo.apache.org/schema/dubbo/dubbo.xsd">',
  '',
];

/** A Dubbo Spring XML config of about `lines` lines for service `name`. */
export function dubboXml(rand, name, provider, lines = 36) {
  const out = [...NS_HEAD];
  out.push('    <!-- dubbo 配置 -->');
  out.push(`    <dubbo:application name="${name}" owner="team-${rand.int(1, 40)}"/>`);
  out.push('    <dubbo:registry address="${zookeeper.host}" timeout="10000"/>');
  if (provider) {
    out.push(`    <dubbo:protocol name="dubbo" port="${20880 + rand.int(0, 20)}" threads="${rand.pick([100, 200, 400])}"/>`);
    out.push(`    <dubbo:provider timeout="${rand.pick([3000, 5000, 60000])}" retries="0" threadpool="cached" accepts="1000"/>`);
  }
  out.push(`    <dubbo:consumer check="false" timeout="${rand.pick([1000, 3000])}"/>`);
  let k = 0;
  while (out.length + 2 < lines) {
    if (provider && k % 3 === 0) {
      out.push(`    <dubbo:service interface="com.example.${name}.Api${k}" ref="api${k}" version="1.0.${rand.int(0, 9)}"/>`);
      out.push(`    <bean id="api${k}" class="com.example.${name}.Api${k}Impl"/>`);
    } else {
      out.push(
        `    <dubbo:reference id="ref${k}" interface="com.example.svc${rand.int(0, 999)}.Api${rand.int(0, 9)}" timeout="${rand.pick([1000, 3000])}" retries="0" loadbalance="${rand.pick(['random', 'roundrobin', 'leastactive'])}"/>`,
      );
    }
    k++;
  }
  out.push('</beans>', '');
  return out.join('\n');
}

const TYPES = ['text/html html', 'text/css css', 'application/javascript js', 'application/json json', 'image/png png'];

/**
 * A complete nginx.conf of about `lines` lines: upstreams with IP-only servers, servers with
 * locations that include the region's shared snippet (`../snippets/proxy.conf`, relative to the config's folder).
 * `upstreams` are [name, [ip:port, ...]] pairs.
 */
export function nginxConf(rand, name, upstreams, lines = 160) {
  const out = [
    `# gateway ${name}`,
    'worker_processes 2;',
    '',
    'events {',
    '    worker_connections 1024;',
    '}',
    '',
    'http {',
    '    types {',
    ...TYPES.map((t) => `        ${t.split(' ')[0]} ${t.split(' ')[1]};`),
    '    }',
    '    default_type application/octet-stream;',
    '    sendfile on;',
    '    keepalive_timeout 65;',
    '    client_max_body_size 20m;',
    '',
  ];
  for (const [u, servers] of upstreams) {
    out.push(`    upstream ${u} {`);
    for (const s of servers) out.push(`        server ${s} weight=${rand.int(1, 10)} max_fails=3 fail_timeout=10s;`);
    out.push('        keepalive 16;', '    }', '');
  }
  let port = 8000;
  let loc = 0;
  const tail = ['}', ''];
  while (out.length + tail.length < lines) {
    out.push('    server {', `        listen ${port++};`, `        server_name ${name}-${port}.example.com;`, '        access_log off;', '');
    const perServer = rand.int(3, 6);
    for (let i = 0; i < perServer && out.length + tail.length + 9 < lines; i++) {
      const [u] = rand.pick(upstreams);
      out.push(
        `        location /api/v${loc++}/ {`,
        `            proxy_pass http://${u};`,
        '            include ../snippets/proxy.conf;',
        `            proxy_connect_timeout ${rand.pick(['2s', '5s', '10s'])};`,
        `            proxy_read_timeout ${rand.pick(['30s', '60s', '120s'])};`,
        '        }',
      );
    }
    out.push('    }', '');
  }
  while (out.length + tail.length < lines) out.push('');
  out.push(...tail);
  return out.join('\n');
}

export const PROXY_SNIPPET = [
  'proxy_http_version 1.1;',
  'proxy_set_header Connection "";',
  'proxy_set_header Host $host;',
  'proxy_set_header X-Real-IP $remote_addr;',
  'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
  'proxy_set_header X-Forwarded-Proto $scheme;',
  'proxy_buffering on;',
  '',
].join('\n');

/**
 * A workspace of `regions` × `hostsPerRegion` hosts with `dubbo` Dubbo services (one XML of ~36
 * lines and one .properties each) and `nginx` gateway services (one ~160-line nginx.conf each,
 * including the region's shared snippet). Returns { files: Map<path, text>, nginxRoots, xmlFiles }.
 */
export function generateWorkspace({ seed = 42, regions = 8, hostsPerRegion = 25, dubbo = 1000, nginx = 1000, xmlLines = 36, nginxLines = 160 } = {}) {
  const rand = prng(seed);
  const files = new Map();
  const hostServices = [];
  const hostIds = [];
  for (let r = 0; r < regions; r++) {
    hostServices.push([]);
    hostIds.push([]);
    for (let h = 0; h < hostsPerRegion; h++) {
      hostServices[r].push([]);
      hostIds[r].push(`r${r}-h${h}`);
    }
  }
  const topo = ['version: 1', 'services:'];
  // One ZooKeeper per region, on its first host.
  for (let r = 0; r < regions; r++) {
    topo.push(`  zk-${r}: { kind: zookeeper, port: 2181 }`);
    hostServices[r][0].push(`zk-${r}`);
  }
  const xmlFiles = [];
  const providers = [];
  for (let i = 0; i < dubbo; i++) {
    const r = i % regions;
    const provider = i % 2 === 0;
    const name = `svc${i}`;
    const dir = `services/${name}/src/main/resources`;
    const xml = `${dir}/applicationContext.xml`;
    const props = `${dir}/config.properties`;
    files.set(xml, dubboXml(rand, name, provider, xmlLines));
    // Mostly the region's own ZooKeeper over the LAN; now and then another region's internal IP (a finding).
    const zkRegion = rand.chance(0.05) ? (r + 1) % regions : r;
    const zk = hostAddresses(zkRegion, 0).internal;
    files.set(
      props,
      [
        `# ${name}`,
        `zookeeper.host=zookeeper://${zk}:2181`,
        `app.name=${name}`,
        `app.threads=${rand.int(10, 400)}`,
        `db.url=jdbc:mysql://${hostAddresses(r, rand.int(1, hostsPerRegion - 1)).internal}:3306/${name}`,
        '',
      ].join('\n'),
    );
    const kind = provider ? 'dubbo-provider' : 'dubbo-consumer';
    const port = provider ? ` port: ${20880 + (i % 20)},` : '';
    topo.push(`  ${name}: { kind: ${kind},${port} config: [${xml}], properties: [${props}] }`);
    xmlFiles.push(xml);
    const hosts = [rand.int(1, hostsPerRegion - 1), rand.int(1, hostsPerRegion - 1)];
    for (const h of new Set(hosts)) hostServices[r][h].push(name);
    if (provider) providers.push({ name, r, hosts: [...new Set(hosts)] });
  }
  const nginxRoots = [];
  for (let r = 0; r < regions; r++) files.set(`nginx/r${r}/snippets/proxy.conf`, PROXY_SNIPPET);
  for (let i = 0; i < nginx; i++) {
    const r = i % regions;
    const name = `gw${i}`;
    const file = `nginx/r${r}/${name}/nginx.conf`;
    const ups = [];
    const count = rand.int(2, 4);
    for (let u = 0; u < count; u++) {
      const servers = [];
      for (let s = 0; s < rand.int(2, 3); s++) {
        const h = rand.int(1, hostsPerRegion - 1);
        // Own region's internal IPs; sometimes another region's external one, rarely its internal one (a finding).
        const other = (r + 1 + rand.int(0, regions - 2)) % regions;
        const ip = rand.chance(0.9) ? hostAddresses(r, h).internal : rand.chance(0.8) ? hostAddresses(other, h).external : hostAddresses(other, h).internal;
        servers.push(`${ip}:${rand.pick([8080, 8680, 9000])}`);
      }
      ups.push([`${name}_up${u}`, servers]);
    }
    files.set(file, nginxConf(rand, name, ups, nginxLines));
    topo.push(`  ${name}: { kind: nginx, port: 80, config: [${file}] }`);
    nginxRoots.push(file);
    hostServices[r][rand.int(1, hostsPerRegion - 1)].push(name);
  }
  topo.push('regions:');
  for (let r = 0; r < regions; r++) {
    topo.push(`  r${r}:`, `    name: region ${r}`, `    lan: [10.${r}.0.0/16]`, '    hosts:');
    for (let h = 0; h < hostsPerRegion; h++) {
      const a = hostAddresses(r, h);
      topo.push(`      ${hostIds[r][h]}: { internal: ${a.internal}, external: ${a.external}, services: [${hostServices[r][h].join(', ')}] }`);
    }
  }
  topo.push('');
  files.set('dubbo-topology.yaml', topo.join('\n'));
  return { files, nginxRoots, xmlFiles };
}

export function writeWorkspace(dir, files) {
  for (const [rel, text] of files) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}
