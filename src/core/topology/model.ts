import type { Range, SeveritySetting } from '../types';
import type { IpAddress, Cidr } from '../ip';

/**
 * The topology file (`dubbo-topology.yaml`, format version 1) as a model with the source range of
 * every node, so any diagnostic can point into the YAML. Built by `parseTopology` (topology/parse.ts).
 */

/** A scalar value with where it was written. */
export interface Located<T> {
  value: T;
  range: Range;
}

/** Key and value ranges of every field written in a mapping, by key. */
export type FieldRanges = Record<string, { key: Range; value: Range }>;

export interface Property {
  key: string;
  value: string;
  keyRange: Range;
  range: Range;
}

export interface Address {
  text: string;
  /** Undefined when `text` is not a valid IP address (reported as `ip-invalid`). */
  ip?: IpAddress;
  range: Range;
}

export interface SshSpec {
  host?: Located<string>;
  port?: Located<number>;
  user?: Located<string>;
  via?: Located<string>;
  identityFile?: Located<string>;
  range: Range;
}

export interface Region {
  id: string;
  name: string;
  lan: { text: string; cidr?: Cidr; range: Range }[];
  properties: Map<string, Property>;
  hosts: Host[];
  keyRange: Range;
  range: Range;
  fields: FieldRanges;
}

export interface Host {
  id: string;
  region: Region;
  internal?: Address;
  external?: Address;
  ssh?: SshSpec;
  properties: Map<string, Property>;
  services: Located<string>[];
  keyRange: Range;
  range: Range;
  fields: FieldRanges;
}

export type ServiceKind =
  | 'dubbo-provider'
  | 'dubbo-consumer'
  | 'dubbo'
  | 'nginx'
  | 'zookeeper'
  | 'http'
  | 'other';

export type HealthCheck =
  | { http: string; timeout?: number }
  | { tcp: number; timeout?: number }
  | { command: string; timeout?: number };

export interface DeploySpec {
  build?: string;
  artifact?: string;
  dir?: string;
  restart?: string | { unit: string };
  health?: HealthCheck;
  serial: number;
  order?: string[];
  /** The region ids of `order` with where each is written. */
  orderItems?: Located<string>[];
  keep: number;
  env: Record<string, string>;
  /** Where each `env` key and value is written, and whether `env` is a flow mapping (`{ A: b }`). */
  envFields: FieldRanges;
  envFlow: boolean;
  range: Range;
  fields: FieldRanges;
}

export interface Service {
  id: string;
  kind: ServiceKind;
  port?: number;
  ports: Record<string, number>;
  /** Paths relative to the workspace root (the topology file's folder), `/` separators. */
  config: Located<string>[];
  properties: Located<string>[];
  uses?: Located<string>[];
  registerAs: 'internal' | 'external';
  registry?: Located<string>;
  prefix?: string;
  deploy?: DeploySpec;
  /** Hosts that list this service, in topology order. */
  hosts: Host[];
  keyRange: Range;
  range: Range;
  fields: FieldRanges;
}

export interface Share {
  id: string;
  server?: Located<string>;
  path?: string;
  clients: Located<string>[];
  mount?: string;
  options: string[];
  mountOptions: string[];
  exportsFile?: Located<string>;
  keyRange: Range;
  range: Range;
  fields: FieldRanges;
}

export interface Topology {
  /** Workspace-relative path of the topology file. */
  file: string;
  version?: number;
  rules: Map<string, { setting: SeveritySetting; range: Range }>;
  regions: Region[];
  hosts: Host[];
  services: Service[];
  shares: Share[];
  regionById: Map<string, Region>;
  hostById: Map<string, Host>;
  serviceById: Map<string, Service>;
  shareById: Map<string, Share>;
}

export function emptyTopology(file: string): Topology {
  return {
    file,
    rules: new Map(),
    regions: [],
    hosts: [],
    services: [],
    shares: [],
    regionById: new Map(),
    hostById: new Map(),
    serviceById: new Map(),
    shareById: new Map(),
  };
}

const servicePortCache = new WeakMap<Service, number[]>();

/** Every port of a service: `port` first, then the named `ports`, each once. */
export function servicePorts(s: Service): number[] {
  let ports = servicePortCache.get(s);
  if (!ports) {
    ports = [...new Set([...(s.port !== undefined ? [s.port] : []), ...Object.values(s.ports)])];
    servicePortCache.set(s, ports);
  }
  return ports;
}
