import { addressScope, readIp } from '../../ip';
import { upstreamKey, type AddressRef, type ProxyPass } from '../../nginx/model';
import { judgeFrom } from '../../topology/reach';
import type { Finding, Fix, MessageRef, RelatedInfo } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-upstream-plaintext-public',
  severity: 'warning',
  area: 'nginx',
  description: {
    en: 'Unencrypted proxying (`http://`, `grpc://`, uwsgi, FastCGI, SCGI, memcached, a stream server ending TLS without `proxy_ssl`) to a backend reached across the public network.',
    'zh-cn': '以未加密的协议（`http://`、`grpc://`、uwsgi、FastCGI、SCGI、memcached，或终止 TLS 却未开启 `proxy_ssl` 的 stream server）代理到经公网访问的后端。',
  },
  messages: {
    plaintext: {
      en: '{address} is {where}, so traffic to it crosses the public network, but {via} sends plain HTTP: requests, cookies and credentials travel the internet unencrypted. Use "proxy_pass https://" with "proxy_ssl_verify on" (and proxy_ssl_trusted_certificate), or carry the traffic through a tunnel (VPN, WireGuard, SSH).',
      'zh-cn': '{address} 是{where}，流量要经过公网，但 {via} 使用明文 HTTP：请求、Cookie 和凭据都会在互联网上明文传输。请改用 "proxy_pass https://" 并开启 "proxy_ssl_verify on"（配合 proxy_ssl_trusted_certificate），或通过隧道（VPN、WireGuard、SSH）传输。',
    },
    uwsgi: {
      en: '{address} is {where}, so traffic to it crosses the public network, but {via} speaks uwsgi unencrypted: requests, cookies and credentials travel the internet in the clear. Use "uwsgi_pass suwsgi://" with "uwsgi_ssl_verify on" (and uwsgi_ssl_trusted_certificate), or carry the traffic through a tunnel (VPN, WireGuard, SSH).',
      'zh-cn': '{address} 是{where}，流量要经过公网，但 {via} 使用未加密的 uwsgi 协议：请求、Cookie 和凭据都会在互联网上明文传输。请改用 "uwsgi_pass suwsgi://" 并开启 "uwsgi_ssl_verify on"（配合 uwsgi_ssl_trusted_certificate），或通过隧道（VPN、WireGuard、SSH）传输。',
    },
    grpc: {
      en: '{address} is {where}, so traffic to it crosses the public network, but {via} speaks gRPC without TLS: requests, metadata and credentials travel the internet in the clear. Use "grpc_pass grpcs://" with "grpc_ssl_verify on" (and grpc_ssl_trusted_certificate), or carry the traffic through a tunnel (VPN, WireGuard, SSH).',
      'zh-cn': '{address} 是{where}，流量要经过公网，但 {via} 使用未启用 TLS 的 gRPC：请求、元数据和凭据都会在互联网上明文传输。请改用 "grpc_pass grpcs://" 并开启 "grpc_ssl_verify on"（配合 grpc_ssl_trusted_certificate），或通过隧道（VPN、WireGuard、SSH）传输。',
    },
    noTls: {
      en: "{address} is {where}, so traffic to it crosses the public network, but {via} speaks {protocol}, which nginx cannot encrypt: what it sends and receives travels the internet in the clear. Carry the traffic through a tunnel (VPN, WireGuard, SSH) and pass to the tunnel's address, or use a backend in the same region.",
      'zh-cn': '{address} 是{where}，流量要经过公网，但 {via} 使用 {protocol}，nginx 无法为其加密：收发的内容都会在互联网上明文传输。请通过隧道（VPN、WireGuard、SSH）传输并改为指向隧道地址，或使用同一地域的后端。',
    },
    decrypted: {
      en: '{address} is {where}, so traffic to it crosses the public network, but {via} forwards in the clear what nginx decrypted: the server ends the client\'s TLS ("listen … ssl") and "proxy_ssl" is off. Add "proxy_ssl on" with "proxy_ssl_verify on" (and proxy_ssl_trusted_certificate), or carry the traffic through a tunnel (VPN, WireGuard, SSH).',
      'zh-cn': '{address} 是{where}，流量要经过公网，但 {via} 把 nginx 解密后的内容明文转发：该 server 终止了客户端的 TLS（"listen … ssl"），而 "proxy_ssl" 未开启。请加上 "proxy_ssl on" 并开启 "proxy_ssl_verify on"（配合 proxy_ssl_trusted_certificate），或通过隧道（VPN、WireGuard、SSH）传输。',
    },
    externalOf: { en: 'the external IP of {host} ({region})', 'zh-cn' : ' {host}（{region}）的外网 IP' },
    publicAddress: { en: 'a public address', 'zh-cn': '一个公网地址' },
    proxiedHere: { en: 'proxied with plain HTTP here', 'zh-cn': '此处以明文 HTTP 代理' },
    sentHere: { en: 'sent unencrypted here', 'zh-cn': '此处以明文发送' },
    useHttps: { en: 'Use {scheme}:// (the backend must accept TLS)', 'zh-cn': '改用 {scheme}://（后端须支持 TLS）' },
  },
};

/** The plaintext schemes, each with the one that encrypts it. */
const PLAIN: Record<string, string> = { http: 'https', grpc: 'grpcs', uwsgi: 'suwsgi' };

/** The passes with no encrypted form, by the protocol they speak. */
const NO_TLS: Record<string, string> = { fastcgi_pass: 'FastCGI', scgi_pass: 'SCGI', memcached_pass: 'memcached' };

/** Whether a pass sends its requests unencrypted. */
function plaintext(p: ProxyPass): boolean {
  if (p.family === 'stream') return p.decryptedInClear === true;
  return (p.scheme !== undefined && PLAIN[p.scheme] !== undefined) || NO_TLS[p.directive.name] !== undefined;
}

/** How an address is reached across the public network from the vantage hosts, if it is. */
function publicWhere(c: NginxCheck, text: string): MessageRef | undefined {
  const ip = readIp(text);
  if (!ip) return undefined;
  const topo = c.ctx.topology;
  if (c.vantage.length > 0) {
    for (const v of c.vantage) {
      const j = judgeFrom(topo, v.host, ip);
      if (!j.crossesPublic) continue;
      return j.host ? { id: 'externalOf', data: { host: j.host.id, region: j.host.region.name } } : { id: 'publicAddress' };
    }
    return undefined;
  }
  const ext = topo.hosts.find((h) => h.external?.ip?.text === ip.text);
  if (ext) return { id: 'externalOf', data: { host: ext.id, region: ext.region.name } };
  const internal = topo.hosts.some((h) => h.internal?.ip?.text === ip.text);
  return !internal && addressScope(ip) === 'public' ? { id: 'publicAddress' } : undefined;
}

/** HTTP proxying (`proxy_pass http://`). */
function isHttp(p: ProxyPass): boolean {
  return p.scheme === 'http';
}

function viaText(p: ProxyPass): string {
  return `${p.directive.name} ${p.arg.raw}`;
}

// Made apart from the search in `check`, which runs for every backend address: the optimizing
// compiler then compiles the search alone.
function finding(c: NginxCheck, address: AddressRef, users: ProxyPass[], where: MessageRef): Finding {
  const fixes: Fix[] = [];
  // One scheme per fix (the first user's that can switch): the passes written with a scheme to it.
  const switchable = users.filter((p) => p.schemeRange && p.scheme && PLAIN[p.scheme]);
  const secure = switchable.length > 0 ? PLAIN[switchable[0].scheme!] : undefined;
  const edits = switchable
    .filter((p) => PLAIN[p.scheme!] === secure)
    .map((p) => ({ file: p.file, range: p.schemeRange!, newText: `${secure}://` }));
  if (secure && edits.length > 0) fixes.push({ title: { id: 'useHttps', data: { scheme: secure } }, safe: false, edits });
  const related: RelatedInfo[] = users.map((p) => ({ file: p.file, range: p.directive.range, message: { id: isHttp(p) ? 'proxiedHere' : 'sentHere' } }));
  const first = users[0];
  const data = { address: address.host, where, via: viaText(first) };
  const noTls = NO_TLS[first.directive.name];
  const message: MessageRef = first.family === 'stream'
    ? { id: 'decrypted', data }
    : isHttp(first)
    ? { id: 'plaintext', data }
    : first.scheme === 'grpc'
      ? { id: 'grpc', data }
      : noTls
      ? { id: 'noTls', data: { ...data, protocol: noTls } }
      : { id: 'uwsgi', data };
  return { rule: meta.id, file: c.file, range: address.range, message, fixes, related };
}

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  const report = (address: AddressRef, users: ProxyPass[]) => {
    if (c.invalid.has(address)) return;
    const where = publicWhere(c, address.host);
    if (where) out.push(finding(c, address, users, where));
  };
  // The plaintext users of each upstream name, gathered once (in the order of c.proxyPasses).
  let usersByName: Map<string, ProxyPass[]> | undefined;
  for (const u of c.localUpstreams) {
    if (!usersByName) {
      usersByName = new Map();
      for (const p of c.proxyPasses) {
        if (!plaintext(p)) continue;
        // The upstream it names, or those a variable in its address may name (`http://$pool`).
        const named = p.upstream ? [p.upstream] : p.variableUpstreams;
        if (!named) continue;
        for (const u of named) {
          if (u.family !== p.family) continue;
          const key = `${u.family} ${upstreamKey(u.name)}`;
          const list = usersByName.get(key);
          if (list) list.push(p);
          else usersByName.set(key, [p]);
        }
      }
    }
    const users = usersByName.get(`${u.family} ${upstreamKey(u.name)}`);
    if (!users) continue;
    // A `down` server receives no traffic.
    for (const s of u.servers) if (s.address && !s.flags.has('down')) report(s.address, users);
  }
  for (const p of c.localPasses) {
    if (plaintext(p) && !p.upstream && p.target) report(p.target, [p]);
  }
  return out;
}
