import type { Locale } from '../types';
import { DUBBO_NS_ALIBABA, DUBBO_NS_APACHE } from './xml';

/**
 * The Dubbo Spring XML catalog, per namespace: the union of the elements and attributes every
 * Dubbo release declared for that namespace (apache: dubbo.xsd of 2.6/2.7/3.x; alibabatech: the
 * 2.5/2.6 dubbo.xsd and the later compat/dubbo.xsd). A valid config of any release gets no false
 * error. Values are typed by meaning: the XSDs type almost everything as a string, but Dubbo parses
 * `timeout`, `retries`, `port`… as numbers at start-up.
 */

export type Localized = Record<Locale, string>;

export type ValueType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'long'
  | 'float'
  | 'duration'
  | 'port'
  /** `true`, `false` or an interval in milliseconds. */
  | 'reconnect';

export type Spi =
  | 'threadpool'
  | 'loadbalance'
  | 'cluster'
  | 'protocol'
  | 'serialization'
  | 'registry'
  | 'proxy'
  | 'dispatcher'
  | 'transporter'
  | 'registry-transporter'
  | 'compiler'
  | 'logger'
  | 'config-center';

export interface AttributeInfo {
  name: string;
  /** The type in the XSD (`string` for nearly everything). */
  xsd: string;
  /** The type Dubbo gives the value when it reads it. */
  type: ValueType;
  required?: boolean;
  /** Dubbo's effective default, when it has one. */
  default?: string;
  unit?: 'ms' | 'bytes';
  /** Names an SPI extension (a comma list when `list`). */
  extension?: Spi;
  list?: boolean;
  /** Suggested values for completion (besides extension names and booleans). */
  values?: readonly string[];
  doc?: Localized;
}

export interface ElementInfo {
  name: string;
  /** False for elements whose attributes the catalog does not list (no attribute check). */
  attributesKnown: boolean;
  attributes: ReadonlyMap<string, AttributeInfo>;
  children: readonly string[];
  doc: Localized;
  docs: Localized;
}

export interface NamespaceSchema {
  uri: string;
  /** Short label for messages: `apache` or `alibabatech`. */
  label: string;
  elements: ReadonlyMap<string, ElementInfo>;
}

// ---------------------------------------------------------------------------------------------
// SPI extension names (META-INF/dubbo/internal/<interface>), union of 2.6, 2.7 and 3.3.

const TRANSPORTERS = ['netty', 'netty4', 'netty3', 'mina', 'grizzly'];

export const extensions: Record<Spi, readonly string[]> = {
  threadpool: ['fixed', 'cached', 'limited', 'eager', 'virtual'],
  loadbalance: ['random', 'roundrobin', 'leastactive', 'consistenthash', 'shortestresponse', 'adaptive'],
  cluster: ['failover', 'failfast', 'failsafe', 'failback', 'forking', 'available', 'mergeable', 'broadcast', 'broadcast2', 'zone-aware'],
  protocol: ['dubbo', 'tri', 'grpc', 'rest', 'rest2', 'injvm', 'hessian', 'http', 'jsonrpc', 'memcached', 'native-thrift', 'redis', 'rmi', 'thrift', 'webservice', 'xmlrpc'],
  serialization: ['hessian2', 'fastjson2', 'avro', 'fastjson', 'fst', 'gson', 'java', 'compactedjava', 'nativejava', 'kryo', 'kryo2', 'msgpack', 'native-hessian', 'protobuf-json', 'protobuf', 'protostuff'],
  registry: ['zookeeper', 'nacos', 'multicast', 'multiple', 'service-discovery-registry', 'consul', 'dubbo', 'etcd3', 'redis', 'sofa', 'kubernetes', 'dns', 'xds'],
  proxy: ['javassist', 'jdk'],
  dispatcher: ['all', 'direct', 'message', 'execution', 'connection'],
  transporter: TRANSPORTERS,
  // On a registry, `transporter` also picks the ZooKeeper client (ZookeeperTransporter).
  'registry-transporter': [...TRANSPORTERS, 'curator', 'curator5', 'zkclient'],
  compiler: ['javassist', 'jdk'],
  logger: ['slf4j', 'jcl', 'log4j', 'log4j2', 'jdk'],
  'config-center': ['zookeeper', 'nacos', 'apollo', 'file', 'etcd', 'consul'],
};

/** Default port of each protocol (0 for injvm: no port). */
export const protocolDefaultPorts: Record<string, number> = {
  dubbo: 20880,
  tri: 50051,
  injvm: 0,
  rmi: 1099,
  rest: 80,
  webservice: 80,
  thrift: 40880,
};

// ---------------------------------------------------------------------------------------------
// Attribute lists as declared by the XSDs. Notation: `name`, `name:xsdType`, `name=xsdDefault`,
// `name!` (required).

const M = 'timeout=0, retries, failbacktasks, actives, loadbalance, async=false, sent, mock, merger, validation, cache';
const I =
  'id:ID, local, stub, proxy, cluster, forks, filter, listener, owner, layer, application, module, registry, monitor, callbacks, onconnect, ondisconnect, scope, tag, connections';
const S =
  'register, version=0.0.0, group, deprecated, delay=0, export, weight, document, dynamic, token, accesslog, executes, protocol, warmup, serialization, prefer-serialization, export-async:boolean, executor, payload';
const R =
  'version=0.0.0, group, check, init, generic, injvm, sticky, reconnect, lazy, provided-by, provider-port:integer, provider-namespace, router, refer-async:boolean';

interface ElementDecl {
  attrs: string;
  children?: string;
}

/** dubbo.xsd of 3.3 plus what earlier apache-namespace releases declared (2.6.x/2.7.x). */
const apache: Record<string, ElementDecl> = {
  application: {
    attrs:
      'id:ID, name!, version, owner, organization, architecture, environment, compiler, logger, registry, monitor, default, metadata-type, register-consumer:boolean, register-mode, enable-empty-protection:boolean, protocol, executor-management-mode, dump-directory, dump-enable:boolean, mapping-retry-interval:integer, serialize-check-status, auto-trust-serialize-class:boolean, trust-serialize-class-level:integer, check-serializable:boolean, qos-enable:boolean, qos-check:boolean, qos-host, qos-port:integer, qos-accept-foreign-ip:boolean, qos-accept-foreign-ip-whitelist, qos-anonymous-access-permission-level, qos-anonymous-allow-commands, shutwait',
    children: 'parameter',
  },
  module: {
    attrs:
      'id:ID, name!, version, owner, organization, registry, monitor, default, background:boolean, refer-async:boolean, refer-thread-num:boolean, export-async:boolean, export-thread-num:boolean, check-reference-timeout:long',
  },
  registry: {
    attrs:
      'id:ID, address, port, protocol, username, password, transport, transporter, server, client, cluster, zone, forks, group, version, timeout, session, file, wait, check, dynamic, register, subscribe, default, simplified:boolean, extra-keys, use-as-config-center:boolean, use-as-metadata-center:boolean, accepts, preferred:boolean, weight:integer, register-mode, enable-empty-protection:boolean, secure',
    children: 'parameter',
  },
  'config-center': {
    attrs:
      'protocol, address, cluster, namespace, group, config-file, app-config-file, username, password, timeout, highest-priority:boolean, include-spring-env:boolean, check:boolean',
    children: 'parameter',
  },
  'metadata-report': {
    attrs:
      'id:ID, protocol, address, port, username, password, timeout, group, retry-times:integer, retry-period:integer, cycle-report:boolean, sync-report:boolean, cluster:boolean, registry, file, check:boolean, report-metadata:boolean, report-definition:boolean',
    children: 'parameter',
  },
  monitor: { attrs: 'address, protocol, username, password, group, version, interval, default', children: 'parameter' },
  provider: {
    attrs: `${M}, ${I}, ${S}, host, port, threadpool, threadname, threads, iothreads, alive, queues, accepts, codec, charset, buffer, transporter, exchanger, dispather, dispatcher, networker, server, client, telnet, prompt, status, path, contextpath, wait, default, export-thread-num:integer, export-background:boolean`,
    children: 'parameter, service',
  },
  consumer: {
    attrs: `${M}, ${I}, ${R}, default, client, threadpool, corethreads, threads, queues, shareconnections, url-merge-processor, refer-thread-num:integer, refer-background:boolean, mesh-enable:boolean`,
    children: 'parameter, reference',
  },
  protocol: {
    attrs:
      'id:ID, name!, host, port, ext-protocol, threadpool, threadname, thread-pool-exhausted-listeners, threads, corethreads, iothreads, alive, queues, accepts, codec, serialization, prefer-serialization, keepalive:boolean, optimizer, extension, charset, payload, buffer, heartbeat, accesslog, telnet, prompt, status, transporter, exchanger, dispather, dispatcher, networker, server, client, path, contextpath, json-check-level, register, default, ssl-enabled:boolean, preferred-protocol',
    children: 'parameter, triple',
  },
  service: {
    attrs: `${M}, ${I}, ${S}, interface:token!, ref, class, path, provider, generic`,
    children: 'method, parameter',
  },
  reference: {
    attrs: `${M}, ${I}, ${R}, interface:token!, url, client, consumer, protocol, services, unloadClusterRelated:boolean`,
    children: 'method, parameter',
  },
  method: {
    attrs: `${M}, name!, executes, stat=-1, retry, reliable=false, deprecated, sticky, return, oninvoke, onreturn, onthrow, connections`,
    children: 'argument, parameter',
  },
  argument: { attrs: 'index, type, callback' },
  parameter: { attrs: 'key!, value!, hide:boolean' },
  annotation: { attrs: 'id:ID, package' },
  ssl: {
    attrs:
      'id:ID, server-key-cert-chain-path, server-private-key-path, server-key-password, server-trust-cert-collection-path, client-key-cert-chain-path, client-private-key-path, client-key-password, client-trust-cert-collection-path',
  },
  metrics: {
    // enable-jvm-metrics: 3.2's name of enable-jvm (its documentation and samples write it in XML).
    attrs:
      'protocol, port, enable-jvm:boolean=false, enable-jvm-metrics:boolean, enable-threadpool:boolean=true, enable-registry:boolean=true, enable-metadata:boolean=true, enable-netty:boolean=true, export-metrics-service:boolean=true, enable-rpc:boolean=true, rpc-level',
    children: 'aggregation, histogram, prometheus-exporter, prometheus-pushgateway',
  },
  tracing: { attrs: 'enabled:boolean=false', children: 'baggage, propagation, sampling, tracing-exporter' },
  triple: {
    attrs:
      'max-body-size:integer=8388608, max-response-body-size:integer=8388608, max-chunk-size:integer=8388608, max-header-size:integer=8192, max-initial-line-length:integer=4096, initial-buffer-size:integer=16384, header-table-size:integer=4096, enable-push:boolean=false, max-concurrent-streams:integer=2147483647, initial-window-size:integer=8388608, max-frame-size:integer=8388608, max-header-list-size:integer=32768',
  },
  sampling: { attrs: 'probability:float' },
  'zipkin-config': { attrs: 'endpoint, connectTimeout:duration, readTimeout:duration' },
};

/** Elements of the apache namespace whose attribute lists the catalog does not hold. */
const apacheOpen = ['prometheus-exporter', 'prometheus-pushgateway', 'aggregation', 'histogram', 'propagation', 'baggage', 'remoteFields', 'correlation', 'fields', 'tracing-exporter'];

/** compat/dubbo.xsd (3.x) and the 2.5/2.6 dubbo.xsd of the alibabatech namespace. */
function alibabaDecls(): Record<string, ElementDecl> {
  const drop = (decl: ElementDecl, names: (n: string) => boolean, add = ''): ElementDecl => ({
    attrs: [
      ...decl.attrs
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !names(baseName(s))),
      ...(add ? [add] : []),
    ].join(', '),
    children: decl.children,
  });
  const among = (...xs: string[]) => (n: string) => xs.includes(n);
  const out: Record<string, ElementDecl> = {};
  for (const name of ['ssl', 'application', 'module', 'registry', 'metadata-report', 'config-center', 'monitor', 'provider', 'consumer', 'protocol', 'service', 'reference', 'method', 'argument', 'parameter']) {
    out[name] = apache[name];
  }
  out.application = drop(
    apache.application,
    (n) => n.startsWith('qos-') || ['serialize-check-status', 'auto-trust-serialize-class', 'trust-serialize-class-level', 'check-serializable', 'mapping-retry-interval'].includes(n),
  );
  out.protocol = { ...drop(apache.protocol, among('ext-protocol', 'json-check-level', 'prefer-serialization')), children: 'parameter' };
  out.registry = drop(apache.registry, among('secure'));
  out['metadata-report'] = drop(apache['metadata-report'], among('protocol', 'port', 'file', 'check'));
  out.reference = drop(apache.reference, among('services', 'refer-async'));
  out.consumer = drop(apache.consumer, (n) => n.startsWith('refer-') || n === 'shareconnections' || n === 'url-merge-processor');
  out.module = drop(apache.module, (n) => n === 'background' || n.startsWith('refer-') || n.startsWith('export-') || n === 'check-reference-timeout');
  out.metrics = { attrs: 'port!, protocol!' };
  // The 2.5/2.6 schema of this namespace: <dubbo:annotation> (annotation scanning).
  out.annotation = { attrs: 'id:ID, package' };
  return out;
}

function baseName(spec: string): string {
  return spec.replace(/[!]$/, '').split(/[:=]/)[0].trim();
}

// ---------------------------------------------------------------------------------------------
// Meaning of attributes: the type Dubbo reads, defaults, units, extension kinds, one-line docs.

interface Semantics {
  type?: ValueType;
  default?: string;
  unit?: 'ms' | 'bytes';
  extension?: Spi;
  list?: boolean;
  values?: readonly string[];
  doc?: Localized;
}

const d = (en: string, zh: string): Localized => ({ en, 'zh-cn': zh });
const BOOL = ['true', 'false'] as const;

/** By attribute name; `element.attribute` entries override for one element. */
const semantics: Record<string, Semantics> = {
  timeout: { type: 'integer', unit: 'ms', default: '1000', doc: d('How long a call may take before it fails.', '调用超时时间，超过即失败。') },
  'registry.timeout': { type: 'integer', unit: 'ms', doc: d('Timeout for requests to the registry.', '访问注册中心的超时时间。') },
  'config-center.timeout': { type: 'integer', unit: 'ms', doc: d('Timeout for requests to the config center.', '访问配置中心的超时时间。') },
  'metadata-report.timeout': { type: 'integer', unit: 'ms', doc: d('Timeout for requests to the metadata center.', '访问元数据中心的超时时间。') },
  retries: { type: 'integer', default: '2', doc: d('Extra attempts after a failed call (0 = call once). Failover cluster only.', '调用失败后的重试次数（不含第一次，0 表示不重试），仅 failover 集群有效。') },
  retry: { doc: d('Deprecated: use retries.', '已废弃，请使用 retries。') },
  actives: { type: 'integer', doc: d('Maximum concurrent calls per method from one consumer.', '每个消费者对每个方法的最大并发调用数。') },
  executes: { type: 'integer', doc: d('Maximum concurrent executions per method on the provider.', '提供者每个方法的最大并发执行数。') },
  connections: { type: 'integer', doc: d('Connections per provider (long-lived protocols: how many to open).', '每个提供者的连接数（长连接协议为建立的连接个数）。') },
  loadbalance: { extension: 'loadbalance', default: 'random', doc: d('How a consumer picks a provider.', '负载均衡策略：消费者如何选择提供者。') },
  cluster: { extension: 'cluster', default: 'failover', doc: d('What happens when a call fails (fault-tolerance strategy).', '集群容错策略：调用失败时如何处理。') },
  'registry.cluster': { doc: d('Cluster strategy used for this registry.', '该注册中心使用的集群方式。') },
  'config-center.cluster': { doc: d('Cluster of the config center.', '配置中心集群。') },
  'metadata-report.cluster': { type: 'boolean' },
  async: { type: 'boolean', default: 'false', doc: d('Call without waiting for the result.', '异步调用，不等待结果。') },
  sent: { type: 'boolean', doc: d('For async calls: wait until the request is sent.', '异步调用时是否等待消息发出。') },
  mock: { doc: d('Fallback used when calls fail (true, a class, return …, throw …).', '调用失败时的降级实现（true、类名、return …、throw …）。') },
  merger: { doc: d('Merges results of a multi-group call.', '分组聚合的结果合并器。') },
  validation: { values: ['true', 'jvalidation', 'jvalidationNew'], doc: d('Validates parameters with JSR-303 (true or a validation extension).', '使用 JSR-303 校验参数（true 或校验扩展名）。') },
  cache: { values: ['lru', 'threadlocal', 'jcache', 'expiring'], doc: d('Caches results (lru, threadlocal, jcache…).', '结果缓存（lru、threadlocal、jcache 等）。') },
  failbacktasks: { type: 'integer', doc: d('Maximum queued retries of the failback cluster.', 'failback 集群的最大重试任务数。') },
  forks: { type: 'integer', doc: d('Parallel calls of the forking cluster.', 'forking 集群的并行调用数。') },
  callbacks: { type: 'integer', doc: d('Callback instances allowed per connection.', '每个连接允许的回调实例数。') },
  id: { doc: d('Bean id, referenced by other elements.', 'Bean 的 id，供其他元素引用。') },
  stub: { doc: d('Local stub class (or true for <Interface>Stub).', '本地存根类（或 true 表示 接口名Stub）。') },
  local: { doc: d('Deprecated: use stub.', '已废弃，请使用 stub。') },
  proxy: { extension: 'proxy', default: 'javassist', doc: d('How proxies are generated.', '代理生成方式。') },
  filter: { doc: d('Filters of the call chain (comma list; -name removes one).', '调用链过滤器（逗号分隔，-名称 表示去掉）。') },
  listener: { doc: d('Export/refer listeners (comma list).', '暴露/引用监听器（逗号分隔）。') },
  owner: { doc: d('Who is responsible for this service.', '负责人。') },
  layer: { doc: d('Architecture layer of the service.', '服务所在的架构分层。') },
  application: { doc: d('Id of the <dubbo:application> to use.', '使用的 <dubbo:application> 的 id。') },
  module: { doc: d('Id of the <dubbo:module> to use.', '使用的 <dubbo:module> 的 id。') },
  registry: { doc: d('Ids of the registries to use (comma list), or N/A for none.', '使用的注册中心 id（逗号分隔），N/A 表示不使用注册中心。') },
  monitor: { doc: d('Id of the monitor to use.', '使用的监控中心 id。') },
  scope: { values: ['local', 'remote', 'none'], doc: d('Where the service is exported or referenced: local (in-JVM) or remote.', '服务暴露/引用的范围：local（JVM 内）或 remote。') },
  tag: { doc: d('Routing tag.', '路由标签。') },
  register: { type: 'boolean', default: 'true', doc: d('Register with the registry (false: only export).', '是否注册到注册中心（false 只暴露不注册）。') },
  subscribe: { type: 'boolean', default: 'true', doc: d('Subscribe to providers from this registry.', '是否从该注册中心订阅。') },
  version: { doc: d('Service version; consumers only call providers of the same version.', '服务版本，只调用同版本的提供者。') },
  'application.version': { doc: d('Version of the application.', '应用版本。') },
  'registry.version': { doc: d('Version of the registry.', '注册中心版本。') },
  'monitor.version': { doc: d('Version of the monitor.', '监控中心版本。') },
  'module.version': { doc: d('Version of the module.', '模块版本。') },
  group: { doc: d('Service group; consumers only call providers of the same group.', '服务分组，只调用同组的提供者。') },
  'registry.group': { doc: d('Root path (group) in the registry.', '注册中心中的根路径（分组）。') },
  deprecated: { type: 'boolean', doc: d('Marks the service as deprecated.', '标记服务已废弃。') },
  delay: { type: 'integer', unit: 'ms', default: '0', doc: d('Delay before the service is exported (-1: when Spring is ready).', '延迟暴露时间（-1 表示等 Spring 初始化完成）。') },
  export: { type: 'boolean', default: 'true', doc: d('Export the service at all.', '是否暴露服务。') },
  weight: { type: 'integer', default: '100', doc: d('Load-balancing weight.', '负载均衡权重。') },
  document: { doc: d('Link to the service documentation.', '服务文档地址。') },
  dynamic: { type: 'boolean', default: 'true', doc: d('Registered providers go away when the provider stops (false: static, removed by hand).', '动态注册：提供者停止后自动注销（false 需手动删除）。') },
  token: { doc: d('Token consumers must present (true: random).', '令牌验证（true 表示随机令牌）。') },
  accesslog: { doc: d('Access log: true or a file path.', '访问日志：true 或文件路径。') },
  protocol: { doc: d('Ids of the protocols to use (comma list).', '使用的协议 id（逗号分隔）。') },
  'registry.protocol': { extension: 'registry', doc: d('Registry type when the address has no scheme.', '地址不带协议头时使用的注册中心类型。') },
  'config-center.protocol': { extension: 'config-center', doc: d('Config center type.', '配置中心类型。') },
  'metadata-report.protocol': { doc: d('Metadata center type.', '元数据中心类型。') },
  'monitor.protocol': { doc: d('Monitor protocol (registry: find it through the registry).', '监控中心协议（registry 表示从注册中心发现）。') },
  'metrics.protocol': { doc: d('Metrics exporter protocol (e.g. prometheus).', '指标导出协议（如 prometheus）。') },
  'application.protocol': { doc: d('Default protocol of the application.', '应用默认协议。') },
  warmup: { type: 'integer', unit: 'ms', default: '600000', doc: d('Warm-up time: weight grows to full over this period after start.', '预热时间：启动后在此期间内权重逐渐增加。') },
  serialization: { extension: 'serialization', default: 'hessian2', doc: d('Serialization of calls.', '序列化方式。') },
  'prefer-serialization': { extension: 'serialization', list: true, default: 'fastjson2,hessian2', doc: d('Preferred serializations, in order.', '优先使用的序列化方式（按顺序）。') },
  payload: { type: 'integer', unit: 'bytes', default: '8388608', doc: d('Largest request or response accepted.', '请求或响应的最大字节数。') },
  executor: { doc: d('Executor bean for this service.', '该服务使用的线程池 bean。') },
  check: { type: 'boolean', default: 'true', doc: d('Fail at start-up when no provider (or registry) is available.', '启动时检查提供者（或注册中心）是否可用，不可用则失败。') },
  init: { type: 'boolean', default: 'false', doc: d('Create the reference eagerly at start-up.', '启动时立即初始化引用。') },
  generic: { values: ['true', 'false', 'nativejava', 'gson', 'bean', 'protobuf-json'], doc: d('Generic invocation (true, nativejava, gson, bean, protobuf-json).', '泛化调用（true、nativejava、gson、bean、protobuf-json）。') },
  injvm: { type: 'boolean', doc: d('Deprecated: use scope="local".', '已废弃，请使用 scope="local"。') },
  sticky: { type: 'boolean', default: 'false', doc: d('Keep calling the same provider while it is available.', '粘滞连接：尽量调用同一个提供者。') },
  reconnect: { type: 'reconnect', default: '2000', unit: 'ms', doc: d('Reconnect interval (false: never reconnect).', '重连间隔（false 表示不重连）。') },
  lazy: { type: 'boolean', default: 'false', doc: d('Open connections on first call.', '首次调用时才建立连接。') },
  'provided-by': { doc: d('Applications providing this interface (service discovery).', '提供该接口的应用（应用级服务发现）。') },
  'provider-port': { type: 'port' },
  interface: { doc: d('Fully qualified name of the service interface.', '服务接口的全限定名。') },
  ref: { doc: d('Bean implementing the service.', '服务实现的 bean。') },
  class: { doc: d('Implementation class (instead of ref).', '实现类（代替 ref）。') },
  path: { doc: d('Service path (defaults to the interface name).', '服务路径（默认为接口名）。') },
  url: { doc: d('Direct provider URL(s), bypassing the registry (separate with ;).', '点对点直连提供者的 URL，绕过注册中心（多个用 ; 分隔）。') },
  host: { doc: d('Address the service binds to and, unless DUBBO_IP_TO_REGISTRY is set, registers; auto-detected (usually the internal IP) when empty.', '服务绑定的地址，未设置 DUBBO_IP_TO_REGISTRY 时也是注册的地址；为空时自动探测（通常是内网 IP）。') },
  port: { type: 'port', doc: d('Service port. -1: a random free port; empty or 0: the protocol default (dubbo: 20880).', '服务端口。-1 表示随机可用端口；为空或 0 表示协议默认端口（dubbo 为 20880）。') },
  'registry.port': { type: 'port', default: '9090', doc: d('Port used when the address has none.', '地址未写端口时使用的端口。') },
  'metadata-report.port': { type: 'port' },
  'metrics.port': { type: 'port', doc: d('Port of the metrics endpoint.', '指标端口。') },
  'qos-port': { type: 'port', default: '22222', doc: d('Port of the QoS (telnet/HTTP operations) server.', 'QoS 运维端口。') },
  'qos-enable': { doc: d('Start the QoS operations server.', '是否启动 QoS 运维服务。') },
  'qos-host': { doc: d('Address the QoS server binds to.', 'QoS 服务绑定的地址。') },
  'qos-accept-foreign-ip': { doc: d('Let other hosts use QoS commands.', '是否允许其他主机访问 QoS。') },
  'protocol.name': { extension: 'protocol', default: 'dubbo', doc: d('Protocol name.', '协议名称。') },
  name: { doc: d('Name.', '名称。') },
  'application.name': { doc: d('Application name; each application should have its own.', '应用名称，每个应用应不同。') },
  'method.name': { doc: d('Method name.', '方法名。') },
  threadpool: { extension: 'threadpool', default: 'fixed', doc: d('Kind of thread pool for calls.', '业务线程池类型。') },
  threadname: { doc: d('Prefix of thread names.', '线程名前缀。') },
  threads: { type: 'integer', default: '200', doc: d('Size of the thread pool (maximum for cached/eager).', '业务线程池大小（cached/eager 为最大值）。') },
  corethreads: { type: 'integer', default: '0', doc: d('Core size of the thread pool.', '线程池核心线程数。') },
  iothreads: { type: 'integer', default: 'min(CPUs + 1, 32)', doc: d('I/O threads.', 'IO 线程数。') },
  alive: { type: 'integer', unit: 'ms', default: '60000', doc: d('Idle time before a pool thread ends.', '线程空闲存活时间。') },
  queues: { type: 'integer', default: '0', doc: d('Queue length of the thread pool (0: no queue).', '线程池队列长度（0 表示不排队）。') },
  accepts: { type: 'integer', doc: d('Maximum connections the server accepts.', '服务端最大可接受连接数。') },
  codec: { doc: d('Protocol codec.', '协议编码方式。') },
  charset: { doc: d('Character set.', '字符集。') },
  buffer: { type: 'integer', unit: 'bytes', doc: d('Network buffer size.', '网络读写缓冲区大小。') },
  heartbeat: { type: 'integer', unit: 'ms', default: '60000', doc: d('Heartbeat interval.', '心跳间隔。') },
  transporter: { extension: 'transporter', doc: d('Network transport implementation.', '网络传输实现。') },
  'registry.transporter': {
    extension: 'registry-transporter',
    doc: d('Network transport, or for ZooKeeper the client (curator, curator5).', '网络传输实现；ZooKeeper 注册中心则为客户端（curator、curator5）。'),
  },
  'registry.transport': {
    extension: 'registry-transporter',
    doc: d('Network transport, or for ZooKeeper the client (curator, curator5).', '网络传输实现；ZooKeeper 注册中心则为客户端（curator、curator5）。'),
  },
  transport: { extension: 'transporter', doc: d('Network transport implementation.', '网络传输实现。') },
  dispatcher: { extension: 'dispatcher', default: 'all', doc: d('Which messages go to the thread pool.', '消息派发方式。') },
  dispather: { extension: 'dispatcher', doc: d('Misspelt old name of dispatcher (kept for compatibility).', 'dispatcher 的旧拼写（为兼容保留）。') },
  keepalive: { doc: d('TCP keep-alive.', 'TCP 保活。') },
  wait: { type: 'integer', unit: 'ms', doc: d('Wait time on shutdown.', '停机等待时间。') },
  session: { type: 'integer', unit: 'ms', default: '60000', doc: d('Registry session timeout.', '注册中心会话超时时间。') },
  file: { doc: d('Local file caching the registry data.', '注册中心数据的本地缓存文件。') },
  address: { doc: d('Address: [protocol://]host[:port][?backup=host:port,…]; | or ; separates registries, N/A means none.', '地址：[协议://]主机[:端口][?backup=主机:端口,…]；| 或 ; 分隔多个注册中心，N/A 表示不使用。') },
  username: { doc: d('User name.', '用户名。') },
  password: { doc: d('Password.', '密码。') },
  default: { type: 'boolean', doc: d('Use this element as the default of its kind.', '是否作为同类配置的默认值。') },
  interval: { type: 'integer', unit: 'ms', doc: d('Reporting interval.', '上报间隔。') },
  stat: { type: 'integer', default: '-1', doc: d('Index of the argument used for statistics.', '用于统计的参数下标。') },
  reliable: { type: 'boolean', default: 'false' },
  return: { type: 'boolean', default: 'true', doc: d('Wait for the return value (false: fire and forget).', '是否需要返回值（false 表示不等待）。') },
  oninvoke: { doc: d('bean.method called before the call.', '调用前触发的 bean.method。') },
  onreturn: { doc: d('bean.method called with the result.', '返回时触发的 bean.method。') },
  onthrow: { doc: d('bean.method called on an exception.', '异常时触发的 bean.method。') },
  index: { type: 'integer', doc: d('Argument index.', '参数下标。') },
  callback: { type: 'boolean', doc: d('The argument is a callback.', '该参数是回调。') },
  key: { doc: d('Parameter key.', '参数名。') },
  value: { doc: d('Parameter value.', '参数值。') },
  package: { doc: d('Packages scanned for @Service/@Reference annotations.', '扫描 @Service/@Reference 注解的包。') },
  compiler: { extension: 'compiler', default: 'javassist', doc: d('Bytecode compiler.', '字节码编译器。') },
  logger: { extension: 'logger', default: 'slf4j', doc: d('Logging framework.', '日志框架。') },
  environment: { values: ['develop', 'test', 'product'], doc: d('Environment of the application.', '应用环境。') },
  shutwait: { type: 'integer', unit: 'ms', doc: d('Wait time on shutdown.', '停机等待时间。') },
  client: { doc: d('Client transport implementation.', '客户端传输实现。') },
  server: { doc: d('Server transport implementation.', '服务端传输实现。') },
  'retry-times': { type: 'integer' },
  'retry-period': { type: 'integer', unit: 'ms' },
  'check-reference-timeout': { type: 'long', unit: 'ms' },
  'mapping-retry-interval': { type: 'integer', unit: 'ms' },
};

// ---------------------------------------------------------------------------------------------

const elementDocs: Record<string, Localized> = {
  application: d('The application: its name and application-wide settings.', '应用信息配置：应用名称及应用级设置。'),
  module: d('A module of the application.', '模块信息配置。'),
  registry: d('A registry (e.g. ZooKeeper) where providers register and consumers look them up.', '注册中心配置（如 ZooKeeper）：提供者注册、消费者订阅。'),
  'config-center': d('An external config center.', '配置中心配置。'),
  'metadata-report': d('The metadata center.', '元数据中心配置。'),
  monitor: d('The monitor that collects call statistics.', '监控中心配置。'),
  provider: d('Defaults for every exported service and protocol.', '服务提供者缺省配置（各 service/protocol 的默认值）。'),
  consumer: d('Defaults for every reference.', '服务消费者缺省配置（各 reference 的默认值）。'),
  protocol: d('A protocol providers export services with: name, port, host, thread pool.', '服务提供者协议配置：名称、端口、主机、线程池。'),
  service: d('Exports a service.', '暴露一个服务。'),
  reference: d('References a remote service.', '引用一个远程服务。'),
  method: d('Settings of one method of a service or reference.', '方法级配置。'),
  argument: d('Settings of one method argument.', '方法参数配置。'),
  parameter: d('A custom key/value parameter added to the URL.', '自定义 URL 参数。'),
  annotation: d('Scans packages for Dubbo annotations.', '扫描包中的 Dubbo 注解。'),
  ssl: d('TLS certificates and keys.', 'TLS 证书与密钥。'),
  metrics: d('Metrics collection and export.', '指标采集与导出。'),
  tracing: d('Distributed tracing.', '分布式链路追踪。'),
  triple: d('Settings of the Triple protocol.', 'Triple 协议设置。'),
};

const DOCS_27: Record<string, string> = {
  application: 'dubbo-application',
  module: 'dubbo-module',
  registry: 'dubbo-registry',
  'config-center': 'dubbo-config-center',
  monitor: 'dubbo-monitor',
  provider: 'dubbo-provider',
  consumer: 'dubbo-consumer',
  protocol: 'dubbo-protocol',
  service: 'dubbo-service',
  reference: 'dubbo-reference',
  method: 'dubbo-method',
  argument: 'dubbo-argument',
  parameter: 'dubbo-parameter',
};

function docsFor(element: string): Localized {
  const page = DOCS_27[element];
  if (page) {
    return {
      en: `https://dubbo.apache.org/en/docs/v2.7/user/references/xml/${page}/`,
      'zh-cn': `https://dubbo.apache.org/zh-cn/docs/references/xml/${page}/`,
    };
  }
  return {
    en: 'https://dubbo.apache.org/en/overview/mannual/java-sdk/reference-manual/config/properties/',
    'zh-cn': 'https://cn.dubbo.apache.org/zh-cn/overview/mannual/java-sdk/reference-manual/config/properties/',
  };
}

function xsdToType(xsd: string): ValueType {
  switch (xsd) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'long':
      return 'long';
    case 'float':
      return 'float';
    case 'duration':
      return 'duration';
    default:
      return 'string';
  }
}

function attributeOf(element: string, spec: string): AttributeInfo {
  const required = spec.endsWith('!');
  const s = required ? spec.slice(0, -1) : spec;
  const eq = s.indexOf('=');
  const head = eq >= 0 ? s.slice(0, eq) : s;
  const xsdDefault = eq >= 0 ? s.slice(eq + 1) : undefined;
  const [name, xsdType = 'string'] = head.split(':');
  const xsd = xsdType === 'ID' ? 'ID' : xsdType;
  const sem = semantics[`${element}.${name}`] ?? semantics[name] ?? {};
  const xsdTyped = xsdToType(xsd);
  return {
    name,
    xsd,
    type: xsdTyped !== 'string' ? (xsdTyped === 'integer' && sem.type === 'port' ? 'port' : xsdTyped) : (sem.type ?? 'string'),
    required: required || undefined,
    default: sem.default ?? xsdDefault,
    unit: sem.unit,
    extension: sem.extension,
    list: sem.list,
    values: sem.values,
    doc: sem.doc,
  };
}

function buildNamespace(uri: string, label: string, decls: Record<string, ElementDecl>, open: readonly string[]): NamespaceSchema {
  const elements = new Map<string, ElementInfo>();
  for (const [name, decl] of Object.entries(decls)) {
    const attributes = new Map<string, AttributeInfo>();
    for (const raw of decl.attrs.split(',')) {
      const spec = raw.trim();
      if (!spec) continue;
      const a = attributeOf(name, spec);
      if (!attributes.has(a.name)) attributes.set(a.name, a);
    }
    elements.set(name, {
      name,
      attributesKnown: true,
      attributes,
      children: (decl.children ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      doc: elementDocs[name] ?? d(`<${name}> element.`, `<${name}> 元素。`),
      docs: docsFor(name),
    });
  }
  for (const name of open) {
    elements.set(name, {
      name,
      attributesKnown: false,
      attributes: new Map(),
      children: [],
      doc: elementDocs[name] ?? d(`<${name}> element.`, `<${name}> 元素。`),
      docs: docsFor(name),
    });
  }
  return { uri, label, elements };
}

export const apacheSchema = buildNamespace(DUBBO_NS_APACHE, 'apache', apache, apacheOpen);
export const alibabaSchema = buildNamespace(DUBBO_NS_ALIBABA, 'alibabatech', alibabaDecls(), []);

export function schemaFor(uri: string | undefined): NamespaceSchema | undefined {
  if (uri === DUBBO_NS_APACHE) return apacheSchema;
  if (uri === DUBBO_NS_ALIBABA) return alibabaSchema;
  return undefined;
}

/** Elements that may appear directly under <beans> (everything that is no other element's child only). */
export function topLevelElements(schema: NamespaceSchema): string[] {
  const childOnly = new Set(['method', 'argument', 'parameter', 'triple', 'sampling', 'propagation', 'baggage', 'aggregation', 'histogram', 'prometheus-exporter', 'prometheus-pushgateway', 'tracing-exporter', 'zipkin-config', 'remoteFields', 'correlation', 'fields']);
  return [...schema.elements.keys()].filter((n) => !childOnly.has(n));
}

/** Lower-case, separators removed: `threadPool`, `thread_pool` and `thread-pool` compare equal. */
export function looseName(s: string): string {
  return s.toLowerCase().replace(/[-_.]/g, '');
}

// ---------------------------------------------------------------------------------------------
// Value checks.

/** `xsdBoolean`: a boolean the XSD types, so validation allows only true, false, 1 and 0. */
export type ValueProblem = { kind: 'type'; expected: ValueType | 'xsdBoolean' } | { kind: 'range'; min: number; max: number };

const INT32 = 2 ** 31 - 1;

// The value patterns, compiled once (checkValue runs for every typed attribute of every config).
const BOOLEAN = /^(true|false)$/i;
const XSD_BOOLEAN = /^(true|false|1|0)$/;
const SPRING_BOOLEAN = /^(true|false|on|off|yes|no|1|0)$/i;
const INTEGER = /^[+-]?\d+$/;
const LONG = /^[+-]?\d{1,19}$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const DIGITS = /^\d+$/;

/**
 * Checks a (placeholder-free) value against the attribute's type; undefined when it is fine.
 * `xsd` false: written in properties, where no XSD validates it and Spring converts the text alone.
 */
export function checkValue(a: AttributeInfo, value: string, xsd = true): ValueProblem | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  // Spring evaluates `#{…}` (SpEL) in a bean property before converting it: the result is not known
  // here. An attribute the XSD types is validated before that, so SpEL fails there.
  if (a.xsd === 'string' && v.includes('#{')) return undefined;
  switch (a.type) {
    case 'string':
      return undefined;
    case 'boolean':
      // xsd:boolean is validated against the XSD first: true, false, 1 or 0, as written. Otherwise
      // Spring's boolean conversion reads the text: true/on/yes/1 and false/off/no/0, in any case.
      if (xsd && a.xsd === 'boolean' ? XSD_BOOLEAN.test(v) : SPRING_BOOLEAN.test(v)) return undefined;
      return { kind: 'type', expected: xsd && a.xsd === 'boolean' ? 'xsdBoolean' : 'boolean' };
    case 'integer': {
      if (!INTEGER.test(v)) return { kind: 'type', expected: 'integer' };
      const n = Number(v);
      if (Math.abs(n) > INT32) return { kind: 'range', min: -INT32 - 1, max: INT32 };
      return undefined;
    }
    case 'long':
      return LONG.test(v) ? undefined : { kind: 'type', expected: 'long' };
    case 'float':
      return FLOAT.test(v) ? undefined : { kind: 'type', expected: 'float' };
    case 'duration':
      // The XSD's type: what the bean property converts from properties is not in the catalog.
      if (!xsd) return undefined;
      return DURATION.test(v) ? undefined : { kind: 'type', expected: 'duration' };
    case 'port': {
      if (!INTEGER.test(v)) return { kind: 'type', expected: 'port' };
      const n = Number(v);
      if (n > 65535 || n < -INT32 - 1) return { kind: 'range', min: -1, max: 65535 };
      return undefined;
    }
    case 'reconnect':
      if (BOOLEAN.test(v) || DIGITS.test(v)) return undefined;
      return { kind: 'type', expected: 'reconnect' };
  }
}

/**
 * A value written with a time unit (`6s`, `500ms`, `2m`) converted to milliseconds, for the
 * quick fix of integer millisecond attributes.
 */
export function toMilliseconds(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  const factor = unit === 'ms' ? 1 : unit === 's' || unit === 'sec' ? 1000 : unit === 'm' || unit === 'min' ? 60000 : 3600000;
  const ms = n * factor;
  return Number.isInteger(ms) ? ms : undefined;
}

export function valuesFor(a: AttributeInfo): string[] {
  if (a.extension) return [...extensions[a.extension]];
  if (a.values) return [...a.values];
  if (a.type === 'boolean') return [...BOOL];
  if (a.type === 'reconnect') return ['true', 'false', '2000'];
  return [];
}
