import { hostPort } from '../ip';

/**
 * The URLs Dubbo writes into a ZooKeeper registry. Interface-level registration (Dubbo 2.x, and 3.x
 * with `register-mode` `interface` or `all`) keeps one znode per provider and consumer:
 * `/<root>/<interface>/providers/<URL, percent-encoded>` and `.../consumers/...`, where the URL is
 * `dubbo://10.0.0.5:20880/com.example.OrderService?application=order&side=provider&...` or
 * `consumer://10.0.0.7/com.example.OrderService?application=api&category=consumers&...`.
 */

export interface RegisteredUrl {
  /** The znode name as read (still percent-encoded). */
  node: string;
  /** The decoded URL. */
  url: string;
  protocol: string;
  /** The host as written, without IPv6 brackets. */
  host: string;
  port?: number;
  /** The path: for interface-level registration, the interface name. */
  path: string;
  params: Map<string, string>;
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** One znode name under `providers` or `consumers`; undefined when it is not a URL. */
export function parseRegisteredUrl(node: string): RegisteredUrl | undefined {
  const url = decode(node);
  if (url === undefined) return undefined;
  const m = /^([A-Za-z][\w+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(url);
  if (!m) return undefined;
  const [, protocol, authority, rawPath, query] = m;
  // Dubbo may put user:password@ before the address.
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  let host: string;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return undefined;
    host = hostPort.slice(1, close);
    const rest = hostPort.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return undefined;
    portText = rest ? rest.slice(1) : undefined;
  } else {
    const colon = hostPort.lastIndexOf(':');
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    portText = colon < 0 ? undefined : hostPort.slice(colon + 1);
  }
  if (host === '') return undefined;
  let port: number | undefined;
  if (portText !== undefined && portText !== '') {
    if (!/^\d{1,5}$/.test(portText)) return undefined;
    port = Number(portText);
  }
  const params = new Map<string, string>();
  for (const pair of (query ?? '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const k = decode(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? '' : decode(pair.slice(eq + 1));
    if (k !== undefined && v !== undefined && !params.has(k)) params.set(k, v);
  }
  return { node, url, protocol, host, port, path: rawPath.replace(/^\/+/, ''), params };
}

/**
 * A Dubbo 3 instance node (`/services/<application>/<id>`): the id is `host:port` as the instance
 * registered it (an IPv6 host keeps its colons). Undefined when it is not that.
 */
export function parseInstanceId(id: string): RegisteredUrl | undefined {
  const colon = id.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const host = id.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const portText = id.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText) || host === '' || /[\s/?#@]/.test(host)) return undefined;
  return { node: id, url: id, protocol: '', host, port: Number(portText), path: '', params: new Map() };
}

/** Where a provider listens, as a user reads it: `dubbo://10.0.0.5:20880` (the interface is said elsewhere). */
export function endpointOf(u: RegisteredUrl): string {
  return `${u.protocol ? `${u.protocol}://` : ''}${hostPort(u.host, u.port)}`;
}
