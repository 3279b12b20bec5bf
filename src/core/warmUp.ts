/**
 * Warming the analysis up before the first keystroke.
 *
 * V8 runs a function in its interpreter until the function has run often enough to be compiled with
 * optimizations. After the first analysis of a workspace the code of a re-analysis (a keystroke in a
 * file: its re-parse, the include tree's model and facts, each rule) has run once, and the first ten
 * or twenty keystrokes are checked two to five times slower than the later ones. `WarmUp` types
 * into a small built-in workspace (two regions, an nginx gateway, a Dubbo provider and consumer with
 * their properties, an NFS export) and analyzes it after each keystroke, so that the user's first
 * keystrokes find that code compiled.
 *
 * It holds its own workspace in memory and its own lint cache, under paths of its own (the parse
 * caches are shared by path), reads and writes no file, and stops between any two steps of an
 * analysis when its token says so; `run` again goes on where it stopped.
 *
 * The sample is not the user's configuration, whose constructs V8 still meets for the first time on
 * the first keystrokes. `FileWarmUp` then types a few keystrokes into the user's file itself, in the
 * editor's workspace and lint cache, without a word to the editor, and puts the file's text back.
 */
import type { Workspace } from './analyzer';
import { defaultAnalyzers } from './analyzers';
import { ChangeJournal } from './changes';
import { LintCache, lintWorkspaceAsync, type Cancellation, type LintRunOptions } from './engine';
import type { NodeWorkspace } from './nodeWorkspace';
import { seededRandom } from './random';
import { TOPOLOGY_FILE } from './topology/parse';

/** The folder of the sample's files: unlike any workspace's, so that no parse cache entry of the user's is replaced. */
const DIR = '.dubbo-topology-warm-up';
const NGINX = `${DIR}/gateway/nginx/nginx.conf`;
const SNIPPET = `${DIR}/gateway/nginx/snippets/proxy.conf`;
const PROVIDER = `${DIR}/order/src/main/resources/applicationContext.xml`;
const PROVIDER_PROPS = `${DIR}/order/src/main/resources/config.properties`;
const CONSUMER = `${DIR}/web/src/main/resources/applicationContext.xml`;
const CONSUMER_PROPS = `${DIR}/web/src/main/resources/config.properties`;
const EXPORTS = `${DIR}/nfs/exports`;

/** The sample workspace's files by path. */
export function warmUpSample(): Map<string, string> {
  return new Map([
    [TOPOLOGY_FILE, topology()],
    [NGINX, gateway()],
    [SNIPPET, proxySnippet()],
    [PROVIDER, provider()],
    [PROVIDER_PROPS, 'zookeeper.host=zookeeper://192.168.27.10:2181\ndubbo.protocol.port=20880\n'],
    [CONSUMER, consumer()],
    [CONSUMER_PROPS, '# the registry of 华东1, over the internet\nzookeeper.host=zookeeper://139.159.250.10:2181?backup=192.168.27.10:2181\n'],
    [EXPORTS, '/srv/upload 172.16.8.21(rw,sync,no_root_squash) 192.168.27.0/24 (ro)\n'],
  ]);
}

function topology(): string {
  return [
    'version: 1',
    'regions:',
    '  east-1:',
    '    name: 华东1',
    '    lan: [192.168.27.0/24]',
    '    hosts:',
    '      gw-1: { internal: 192.168.27.10, external: 139.159.250.10, ssh: { user: deploy }, services: [gateway, registry] }',
    '      app-1: { internal: 192.168.27.21, external: 139.159.250.21, ssh: { user: deploy }, services: [order] }',
    '      app-2: { internal: 192.168.27.22, external: 139.159.250.22, services: [order, web] }',
    '  east-2:',
    '    name: 华东2',
    '    lan: [172.16.8.0/24]',
    '    hosts:',
    '      app-3: { internal: 172.16.8.21, external: 139.159.251.21, ssh: { user: deploy }, services: [order, web] }',
    'services:',
    `  gateway: { kind: nginx, port: 443, config: [${NGINX}], prefix: /etc/nginx }`,
    `  order: { kind: dubbo-provider, port: 20880, registry: registry, config: [${PROVIDER}], properties: [${PROVIDER_PROPS}] }`,
    `  web: { kind: dubbo-consumer, port: 8080, config: [${CONSUMER}], properties: [${CONSUMER_PROPS}] }`,
    '  registry: { kind: zookeeper, port: 2181 }',
    'shares:',
    '  upload:',
    '    server: gw-1',
    '    path: /srv/upload',
    '    clients: [app-3]',
    '    mount: /srv/upload',
    '    options: [rw, sync]',
    `    exportsFile: ${EXPORTS}`,
    '',
  ].join('\n');
}

/** An nginx gateway of a dozen servers (~600 lines): upstreams, TLS, locations of each kind, maps, variables, rate limits, headers, buffers, an include, a stream proxy. */
function gateway(): string {
  const out = [
    'user nginx;',
    'worker_processes auto;',
    'error_log /var/log/nginx/error.log warn;',
    '',
    'events {',
    '    worker_connections 4096;',
    '}',
    '',
    'http {',
    '    types {',
    '        text/html html htm;',
    '        text/css css;',
    '        application/javascript js;',
    '        application/json json;',
    '        image/png png;',
    '    }',
    '    default_type application/octet-stream;',
    '    gzip on;',
    '    gzip_types text/css application/javascript application/json;',
    '    limit_req_zone $binary_remote_addr zone=api:10m rate=20r/s;',
    '    resolver 192.168.27.10 valid=30s;',
    '    sendfile on;',
    '    keepalive_timeout 65;',
    '    client_max_body_size 20m;',
    '    proxy_buffer_size 16k;',
    '    proxy_buffers 8 16k;',
    '    log_format main \'$remote_addr - $request "$status" $body_bytes_sent $upstream_addr\';',
    '    access_log /var/log/nginx/access.log main;',
    '    add_header X-Frame-Options SAMEORIGIN;',
    '',
    '    map $http_upgrade $connection_upgrade {',
    '        default upgrade;',
    "        ''      close;",
    '    }',
    '',
    '    upstream order_up {',
    '        server 192.168.27.21:8680 weight=5 max_fails=3 fail_timeout=10s;',
    '        server 192.168.27.22:8680 weight=5;',
    '        server 139.159.251.21:8680 backup;',
    '        keepalive 16;',
    '    }',
    '',
    '    upstream web_up {',
    '        least_conn;',
    '        server 192.168.27.22:8080;',
    '        server 172.16.8.21:8080;',
    '    }',
    '',
  ];
  for (let s = 0; s < 12; s++) {
    const tls = s % 3 === 0;
    out.push('    server {');
    out.push(tls ? `        listen ${8443 + s} ssl;` : `        listen ${8000 + s};`, `        server_name app${s}.example.cn;`);
    if (tls) out.push(`        ssl_certificate /etc/nginx/certs/app${s}.pem;`, `        ssl_certificate_key /etc/nginx/certs/app${s}.key;`, '        ssl_protocols TLSv1.2 TLSv1.3;');
    out.push('        add_header Strict-Transport-Security "max-age=31536000";', '');
    for (let l = 0; l < 4; l++) {
      const up = (s + l) % 2 === 0 ? 'order_up' : 'web_up';
      out.push(`        location /api/v${l}/s${s}/ {`);
      out.push(`            proxy_pass http://${up};`, '            include snippets/proxy.conf;');
      out.push(`            proxy_connect_timeout ${[5, 10, 30, 500][(s + l) % 4]};`, `            proxy_read_timeout ${60 + l * 30}s;`);
      if (l === 3) out.push('            add_header Cache-Control no-store;', `            proxy_set_header X-Shard ${s};`);
      out.push('        }');
    }
    out.push(`        location = /health${s} {`, '            return 200 "ok\\n";', '        }');
    if (s % 4 === 1) {
      out.push('        set $backend web_up;', '        location /dynamic/ {', '            limit_req zone=api burst=40 nodelay;', '            proxy_pass http://$backend;', '        }');
      out.push('        location / {', '            try_files $uri $uri/ @app;', '        }', '        location @app {', '            proxy_pass http://order_up;', '        }');
      out.push('        error_page 502 503 /50x.html;', '        if ($http_x_forwarded_proto = "http") {', '            return 301 https://$host$request_uri;', '        }');
    }
    out.push('        location ~* \\.(png|css|js)$ {', `            root /srv/www/app${s};`, '            expires 7d;', '        }');
    out.push('    }', '');
  }
  out.push('}', '');
  out.push('stream {', '    upstream db_up {', '        server 192.168.27.21:3306;', '        server 172.16.8.21:3306 backup;', '    }', '    server {', '        listen 3306;', '        proxy_pass db_up;', '        proxy_connect_timeout 5s;', '    }', '}', '');
  return out.join('\n');
}

function proxySnippet(): string {
  return [
    'proxy_http_version 1.1;',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header Upgrade $http_upgrade;',
    'proxy_set_header Connection $connection_upgrade;',
    '',
  ].join('\n');
}

const XML_HEAD = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<beans xmlns="http://www.springframework.org/schema/beans"',
  '       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  '       xmlns:context="http://www.springframework.org/schema/context"',
  '       xmlns:dubbo="http://dubbo.apache.org/schema/dubbo"',
  '       xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd',
  '       http://www.springframework.org/schema/context http://www.springframework.org/schema/context/spring-context.xsd',
  '       http://dubbo.apache.org/schema/dubbo http://dubbo.apache.org/schema/dubbo/dubbo.xsd">',
  '',
  '    <context:property-placeholder location="classpath:config.properties"/>',
];

/** A provider of some forty services (~100 lines). */
function provider(): string {
  const out = [
    ...XML_HEAD,
    '    <!-- 订单服务 -->',
    '    <dubbo:application name="order-provider" owner="ops"/>',
    '    <dubbo:registry address="${zookeeper.host}" timeout="10000"/>',
    '    <dubbo:protocol name="dubbo" port="${dubbo.protocol.port}" threads="200"/>',
    '    <dubbo:provider timeout="5000" retries="0" threadpool="fixed" accepts="1000"/>',
  ];
  for (let i = 0; i < 40; i++) {
    out.push(`    <dubbo:service interface="com.example.order.OrderApi${i}" ref="orderApi${i}" version="1.0.${i % 10}" timeout="${3000 + i * 100}"/>`);
    out.push(`    <bean id="orderApi${i}" class="com.example.order.OrderApi${i}Impl"/>`);
  }
  out.push('</beans>', '');
  return out.join('\n');
}

/** A consumer of those services (~60 lines). */
function consumer(): string {
  const out = [
    ...XML_HEAD,
    '    <dubbo:application name="web-consumer"/>',
    '    <dubbo:registry address="${zookeeper.host}"/>',
    '    <dubbo:consumer check="false" timeout="3000"/>',
  ];
  for (let i = 0; i < 40; i++) {
    out.push(`    <dubbo:reference id="orderApi${i}" interface="com.example.order.OrderApi${i}" version="1.0.${i % 10}" retries="${i % 3}"/>`);
  }
  out.push('    <dubbo:reference id="direct" interface="com.example.order.Direct" url="dubbo://192.168.27.21:20880"/>', '</beans>', '');
  return out.join('\n');
}

/** The sample in memory, noting each keystroke in a journal as the editor's workspace does. */
class SampleWorkspace implements Workspace {
  readonly root = `/${DIR}`;
  private readonly journal = new ChangeJournal();
  private readonly list: string[];

  constructor(private readonly texts: Map<string, string>) {
    this.list = [...texts.keys()].sort();
  }

  read(file: string): string | undefined {
    return this.texts.get(file);
  }

  files(): string[] {
    return this.list;
  }

  version(): number {
    return this.journal.version();
  }

  changedSince(version: number): ReadonlySet<string> | undefined {
    return this.journal.since(version);
  }

  write(file: string, text: string): void {
    this.texts.set(file, text);
    this.journal.noteFile(file);
  }
}

/** The files keystrokes go to, by weight: the nginx config most, where a keystroke costs most. */
const TYPED = [NGINX, NGINX, NGINX, NGINX, NGINX, PROVIDER, PROVIDER, CONSUMER, PROVIDER_PROPS];

/** One keystroke: a digit typed over (the text stays valid), or a stray character and, the time after, its deletion. */
export function keystroke(text: string, next: () => number, stray: number | undefined): { text: string; stray: number | undefined } {
  if (stray !== undefined) return { text: text.slice(0, stray) + text.slice(stray + 1), stray: undefined };
  const at = Math.floor(next() * text.length);
  if (next() < 0.2) {
    const c = 'x ;"{<1'[Math.floor(next() * 7)];
    return { text: text.slice(0, at) + c + text.slice(at), stray: at };
  }
  let i = text.slice(at).search(/\d/);
  i = i < 0 ? text.search(/\d/) : at + i;
  if (i < 0) return { text: `${text} `, stray: text.length };
  return { text: text.slice(0, i) + String((Number(text[i]) + 1) % 10) + text.slice(i + 1), stray: undefined };
}

/**
 * The sample analyzed once, then after each of `keystrokes` keystrokes. `run` resolves to whether it is
 * done; when its token is cancelled it stops within about `sliceMs` and goes on from there next time.
 */
export class WarmUp {
  private readonly ws = new SampleWorkspace(warmUpSample());
  private readonly cache = new LintCache();
  /** Seeded: the same keystrokes every time. */
  private readonly next = seededRandom(0x5eed);
  /** Analyses completed, the first (before any keystroke) included. */
  private analyses = 0;
  /** The keystroke whose analysis is pending, when one is. */
  private pending = false;
  private target = NGINX;
  private stray: number | undefined;

  constructor(private readonly keystrokes = 40) {}

  get done(): boolean {
    return this.analyses > this.keystrokes;
  }

  /** How many analyses have completed (the first, before any keystroke, included). */
  get completed(): number {
    return this.analyses;
  }

  async run(token: Cancellation, sliceMs = 3): Promise<boolean> {
    while (!this.done) {
      if (token.isCancellationRequested) return false;
      if (this.analyses > 0 && !this.pending) {
        // A stray character is deleted in the file it was typed into.
        if (this.stray === undefined) this.target = TYPED[Math.floor(this.next() * TYPED.length)];
        const k = keystroke(this.ws.read(this.target)!, this.next, this.stray);
        this.stray = k.stray;
        this.ws.write(this.target, k.text);
        this.pending = true;
      }
      const result = await lintWorkspaceAsync(this.ws, { analyzers: defaultAnalyzers, cache: this.cache, token, sliceMs });
      if (!result) return false;
      this.pending = false;
      this.analyses++;
    }
    return true;
  }
}

/**
 * Keystrokes typed into a file of the user's workspace (the one the editor has in focus), each analyzed
 * with the workspace's own lint cache, then the file's text put back and the workspace analyzed once
 * more, so that the user's own first keystrokes find the code that judges that file compiled, and
 * the cache as it was. The typed texts go to the workspace as an unsaved buffer of the file, never
 * to the editor or the disk.
 *
 * A keystroke that has many files analyzed again (an address every Dubbo service's registry picture
 * depends on) ends the typing: more of them would cost more than they warm.
 *
 * `stop` puts the file's text back at once; `run` again types on from the file's text then.
 */
export class FileWarmUp {
  /** Keystrokes analyzed so far. */
  private typed = 0;
  /** Whether the typing is over (all typed, or ended early), so what is left is the analysis of the file's own text. */
  private typingOver = false;
  private finished = false;
  private readonly next = seededRandom(0xf11e);
  private stray: number | undefined;
  /** While a typed text is in the workspace: the file's own buffer before it (null: none, it reads from the disk). */
  private replaced: string | null | undefined;
  private token: { isCancellationRequested: boolean } | undefined;

  constructor(
    private readonly ws: NodeWorkspace,
    readonly file: string,
    private readonly keystrokes = 20,
    private readonly maxAnalyzed = 8,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  /** Keystrokes analyzed so far. */
  get completed(): number {
    return this.typed;
  }

  /** Types on and analyzes (`opts`: the editor's analyzers, cache, locale and rule settings); resolves to whether it is done. */
  async run(opts: LintRunOptions, sliceMs = 3): Promise<boolean> {
    const token = { isCancellationRequested: false };
    this.token = token;
    const analyze = () => lintWorkspaceAsync(this.ws, { ...opts, token, sliceMs });
    while (!this.finished) {
      if (token.isCancellationRequested) return false;
      if (!this.typingOver && this.typed < this.keystrokes) {
        const text = this.ws.read(this.file);
        if (text === undefined) {
          this.typingOver = true;
          continue;
        }
        if (this.replaced === undefined) this.replaced = this.ws.bufferOf(this.file) ?? null;
        const k = keystroke(text, this.next, this.stray);
        this.stray = k.stray;
        this.ws.updateOverlay([[this.file, k.text]]);
        const result = await analyze();
        if (token.isCancellationRequested) return false;
        this.typed++;
        if (!result || (opts.cache?.lastRun.analyzed ?? 0) > this.maxAnalyzed) this.typingOver = true;
      } else {
        this.putBack();
        await analyze();
        if (token.isCancellationRequested) return false;
        this.finished = true;
      }
    }
    return true;
  }

  /** Stops a run under way, and puts the file's text back in the workspace now. */
  stop(): void {
    if (this.token) this.token.isCancellationRequested = true;
    this.token = undefined;
    this.putBack();
  }

  private putBack(): void {
    if (this.replaced === undefined) return;
    this.ws.updateOverlay([[this.file, this.replaced]]);
    this.replaced = undefined;
    this.stray = undefined;
  }
}
