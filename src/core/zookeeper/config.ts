import { parseProperties, type PropertiesFile, type PropertyEntry } from '../properties/parse';
import type { Position, Range } from '../types';

/**
 * A ZooKeeper server configuration (`zoo.cfg`): java.util.Properties text, read as ZooKeeper 3.5+
 * reads its ensemble (`QuorumPeerConfig`, `QuorumPeer.QuorumServer`):
 *
 *     server.<id>=<address>:<quorum port>:<election port>[:participant|:observer][|<address>:…][;[<client address>:]<client port>]
 *
 * An IPv6 address is written in brackets. Several addresses separated by `|` are one member's
 * interfaces (3.6+). Where each address is written is kept, so that the address rules can judge it
 * and a fix can replace it.
 *
 * Since 3.5 the server lines may sit in a dynamic configuration file of their own, which the static
 * file names (`dynamicConfigFile=`): the dynamic file holds only `server.<id>`, `group.*` and
 * `weight.*` lines (ZooKeeper refuses to start on any other key there), the static one everything else.
 */

export interface ZkServerAddress {
  /** The address as written, without brackets. */
  host: string;
  /** Where `host` is written (undefined when the value cannot be mapped back to the file: escapes, continuations). */
  range?: Range;
  quorumPort?: number;
  electionPort?: number;
}

export interface ZkServer {
  /** The `<id>` of `server.<id>` (the member's `myid`). */
  id: string;
  entry: PropertyEntry;
  addresses: ZkServerAddress[];
  /**
   * Where the addresses are written, from the first one to the end of the last, ports and role
   * included, the client part (`;…`) not (undefined when the value cannot be mapped back to the file).
   */
  addressesRange?: Range;
  /** Observers follow the ensemble without voting: they do not count for its majority. */
  role: 'participant' | 'observer';
}

export interface ZkConfig {
  props: PropertiesFile;
  servers: ZkServer[];
  /** `quorumListenOnAllIPs=true`: members listen for their peers on every interface, not only on the address of their own `server.<id>` line. */
  quorumListenOnAllIPs: boolean;
  /** `sslQuorum=true`: the members speak TLS to each other (elections and the quorum's traffic). */
  sslQuorum: boolean;
  /** Where the last entry of the file ends (a setting is added on a line after it), undefined when there is none. */
  lastEntryEnd?: Position;
  /** The path `dynamicConfigFile=` names (a path on the member, not in the workspace), undefined when not written. */
  dynamicConfigFile?: string;
  /** Whether the file has entries and all are keys of a dynamic configuration file (`isDynamicKey`). */
  dynamicKeysOnly: boolean;
}

/**
 * Whether ZooKeeper takes `key` in a dynamic configuration file (QuorumPeerConfig.parseDynamicConfig):
 * `server.<id>`, and `group…` / `weight…` for hierarchical quorums; ZooKeeper itself adds `version`.
 */
export function isDynamicKey(key: string): boolean {
  return key.startsWith('server.') || key.startsWith('group') || key.startsWith('weight') || key === 'version';
}

export function parseZooConfig(text: string): ZkConfig {
  const props = parseProperties(text);
  const servers: ZkServer[] = [];
  for (const entry of props.byKey.values()) {
    const m = /^server\.(\d+)$/.exec(entry.key);
    if (m) servers.push({ id: m[1], entry, ...serverValue(entry) });
  }
  servers.sort((a, b) => a.entry.range.start.line - b.entry.range.start.line);
  const all = props.byKey.get('quorumListenOnAllIPs')?.value.trim().toLowerCase() === 'true';
  let lastEntryEnd: Position | undefined;
  for (const e of props.entries) if (!lastEntryEnd || e.range.end.line > lastEntryEnd.line) lastEntryEnd = e.range.end;
  const ssl = props.byKey.get('sslQuorum')?.value.trim().toLowerCase() === 'true';
  const dynamicConfigFile = props.byKey.get('dynamicConfigFile')?.value.trim() || undefined;
  const dynamicKeysOnly = props.entries.length > 0 && props.entries.every((e) => isDynamicKey(e.key.trim()));
  return { props, servers, quorumListenOnAllIPs: all, sslQuorum: ssl, lastEntryEnd, dynamicConfigFile, dynamicKeysOnly };
}

/** The parsed form of the last text seen per file (the lint, the registry rules and hovers read each file repeatedly). */
const parsed = new Map<string, { text: string; config: ZkConfig }>();

export function zooConfigCached(file: string, text: string): ZkConfig {
  const hit = parsed.get(file);
  if (hit?.text === text) return hit.config;
  const config = parseZooConfig(text);
  parsed.set(file, { text, config });
  return config;
}

/** The addresses and role of a `server.<id>` value. */
function serverValue(entry: PropertyEntry): { addresses: ZkServerAddress[]; addressesRange?: Range; role: ZkServer['role'] } {
  const value = entry.value;
  // Offsets inside the value map to the file only when it is written as read, on one line.
  const mapped = entry.valueRange.start.line === entry.valueRange.end.line && entry.valueRange.end.character - entry.valueRange.start.character === value.length;
  const at = (start: number, end: number): Range | undefined =>
    mapped
      ? {
          start: { line: entry.valueRange.start.line, character: entry.valueRange.start.character + start },
          end: { line: entry.valueRange.start.line, character: entry.valueRange.start.character + end },
        }
      : undefined;
  const serverPart = value.split(';')[0];
  const addresses: ZkServerAddress[] = [];
  let role: ZkServer['role'] = 'participant';
  let offset = 0;
  let first: number | undefined;
  let last = 0;
  for (const part of serverPart.split('|')) {
    const lead = part.length - part.trimStart().length;
    const text = part.trim();
    const start = offset + lead;
    offset += part.length + 1;
    if (text === '') continue;
    first ??= start;
    last = start + text.length;
    let host: string;
    let hostStart: number;
    let rest: string;
    if (text.startsWith('[')) {
      const close = text.indexOf(']');
      if (close < 0) continue;
      host = text.slice(1, close);
      hostStart = start + 1;
      rest = text.slice(close + 1);
    } else {
      const colon = text.indexOf(':');
      host = colon < 0 ? text : text.slice(0, colon);
      hostStart = start;
      rest = colon < 0 ? '' : text.slice(colon);
    }
    const fields = rest.split(':').slice(1);
    const port = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined);
    if (fields[2]?.trim().toLowerCase() === 'observer') role = 'observer';
    addresses.push({ host, range: at(hostStart, hostStart + host.length), quorumPort: port(fields[0]), electionPort: port(fields[1]) });
  }
  return { addresses, addressesRange: first === undefined ? undefined : at(first, last), role };
}
