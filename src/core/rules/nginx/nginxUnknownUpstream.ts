import { editDistance, looksLikeIPv4, parseIp } from '../../ip';
import { Ctx } from '../../nginx/directives';
import { upstreamKey, valueOffset, type Upstream } from '../../nginx/model';
import type { NginxDirective } from '../../nginx/parser';
import { addressParts, passAddress, portOk } from '../../nginx/urls';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-unknown-upstream',
  severity: 'error',
  area: 'nginx',
  description: {
    en: '`proxy_pass` to a name that is neither an upstream of the configuration nor a resolvable host name, or to an upstream with a port.',
    'zh-cn': '`proxy_pass` 指向的名称既不是配置中的 upstream，也不是可解析的主机名；或给 upstream 名称加了端口。',
  },
  messages: {
    unknown: {
      en: '"{name}" is not an upstream of this configuration. nginx will look it up as a host name when it starts and fail with "host not found in upstream" unless DNS or /etc/hosts knows it.',
      'zh-cn': '"{name}" 不是本配置中的 upstream。nginx 启动时会把它当作主机名解析，除非 DNS 或 /etc/hosts 能解析，否则报 "host not found in upstream"。',
    },
    didYouMean: {
      en: '"{name}" is not an upstream of this configuration; did you mean "{suggestion}"? nginx would look "{name}" up as a host name and fail with "host not found in upstream".',
      'zh-cn': '"{name}" 不是本配置中的 upstream；是否想写 "{suggestion}"？nginx 会把 "{name}" 当作主机名解析并报 "host not found in upstream"。',
    },
    replace: { en: 'Replace with upstream "{value}"', 'zh-cn': '替换为 upstream "{value}"' },
    port: {
      en: 'upstream "{name}" may not have port {port}: "{name}" names the upstream defined at {where}, whose servers carry their own ports, and nginx refuses a port after an upstream\'s name. Remove ":{port}", or give the upstream\'s servers that port.',
      'zh-cn': 'upstream "{name}" may not have port {port}："{name}" 是 {where} 定义的 upstream，其中各 server 自带端口，nginx 不接受在 upstream 名称后加端口。请删除 ":{port}"，或把端口写到该 upstream 的 server 上。',
    },
    removePort: { en: 'Remove ":{port}"', 'zh-cn': '删除 ":{port}"' },
    definedHere: { en: 'upstream "{name}" is defined here', 'zh-cn': 'upstream "{name}" 在这里定义' },
  },
};

/**
 * The passes whose name, when no upstream has it, nginx looks up as a host name with a default port;
 * the others have none (`no port in upstream`: nginx-invalid-value).
 */
const LOOKED_UP: ReadonlySet<string> = new Set(['proxy_pass']);

/** The directives that pass a request on to an upstream or an address. */
const PASS_NAMES: ReadonlySet<string> = new Set(['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass']);

/**
 * Whether nginx reads an upstream block before a directive of the file being checked: by offset in
 * one file, else by the order the first tree reads the files in (an include in the middle of a file
 * is taken for its start).
 */
function readBefore(c: NginxCheck, upstream: Upstream, d: NginxDirective): boolean {
  if (upstream.file === c.file) return upstream.directive.start < d.start;
  const files = [...(c.trees[0]?.files.keys() ?? [])];
  const [u, here] = [files.indexOf(upstream.file), files.indexOf(c.file)];
  return u < 0 || here < 0 || u < here;
}

/**
 * `proxy_pass http://backend:8080` where `backend` is an upstream (`ngx_http_upstream_add`, and its
 * stream twin): nginx refuses the port, wherever the upstream is defined, before or after.
 */
function upstreamsWithPort(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  for (const { d, ctx, opaque, info } of c.uses) {
    if (opaque || !info || !PASS_NAMES.has(d.name) || d.args.length !== 1 || d.terminatorOffset === undefined) continue;
    const family = ctx === Ctx.streamServer ? 'stream' : 'http';
    const arg = d.args[0];
    const pass = passAddress(d.name, arg.value, family);
    const port = pass && !pass.address.startsWith('[') ? addressParts(pass.address, pass.use)?.port : undefined;
    if (!pass || !port || !portOk(port.text)) continue;
    const name = pass.address.slice(0, port.at - 1);
    const upstream = c.upstreams.get(upstreamKey(name))?.find((u) => u.family === family);
    if (!upstream) continue;
    // nginx names the upstream as written where it notices: at the second of the two it reads.
    const shown = readBefore(c, upstream, d) ? name : upstream.name;
    const lines = c.nw.cache.get(upstream.file)?.lines;
    const where = `${upstream.file}:${lines ? lines.positionAt(upstream.directive.start).line + 1 : 1}`;
    const base = valueOffset(arg);
    const colon = base === undefined ? undefined : c.config.lines.rangeOf(base + pass.at + port.at - 1, base + pass.at + port.at + port.text.length);
    const number = Number(port.text);
    out.push({
      rule: meta.id,
      file: c.file,
      range: colon ?? arg.range,
      message: { id: 'port', data: { name: shown, port: number, where } },
      related: [{ file: upstream.file, range: upstream.directive.args[0].range, message: { id: 'definedHere', data: { name: upstream.name } } }],
      fixes: colon ? [{ title: { id: 'removePort', data: { port: port.text } }, safe: false, edits: [{ file: c.file, range: colon, newText: '' }] }] : [],
    });
  }
  return out;
}

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  for (const p of c.localPasses) {
    const t = p.target;
    // The other passes, and proxy_pass in stream, need a port even for a host name nginx resolves
    // (`no port in upstream`: nginx-invalid-value).
    if (!t || p.upstream || t.port !== undefined || !LOOKED_UP.has(p.directive.name) || p.family === 'stream') continue;
    const name = t.host;
    if (name.includes('.') || name.includes(':') || parseIp(name) || looksLikeIPv4(name) || name === 'localhost') continue;
    if (c.ctx.topology.hostById.has(name) || c.upstreams.get(upstreamKey(name))?.some((u) => u.family === p.family)) continue;
    const candidates = [...c.upstreams.values()].flat().filter((u) => u.family === p.family).map((u) => u.name);
    let suggestion: string | undefined;
    let best = 3;
    for (const n of candidates) {
      const dist = editDistance(upstreamKey(name), upstreamKey(n));
      if (dist < best) {
        best = dist;
        suggestion = n;
      }
    }
    out.push({
      rule: meta.id,
      file: c.file,
      range: t.hostRange,
      message: suggestion ? { id: 'didYouMean', data: { name, suggestion } } : { id: 'unknown', data: { name } },
      fixes: suggestion
        ? [{ title: { id: 'replace', data: { value: suggestion } }, safe: false, edits: [{ file: c.file, range: t.hostRange, newText: suggestion }] }]
        : [],
    });
  }
  out.push(...upstreamsWithPort(c));
  return out;
}
