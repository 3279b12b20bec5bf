import { apacheSchema, looseName } from './schema';

/**
 * The bean properties of Dubbo's config classes, per `dubbo.<tag>` prefix: what a key of a
 * properties file or Spring Boot `application.yml` can set. Such keys bind to the setters of the
 * config bean — Spring Boot's relaxed binding (dubbo-spring-boot 2.7) and Dubbo's own
 * `AbstractConfig#refresh` (2.7 and 3.x: every public one-argument `set…`, its name turned into
 * kebab-case) — not to the attributes the XSD declares for the XML element. Several properties have
 * no XML attribute at all (`metadata-service-port`, `enable-file-cache`, the probes of
 * `ApplicationConfig`), and a few XML attributes have no property (the XML parser passes those on
 * as URL parameters instead).
 *
 * Each list is the union over Dubbo releases, names in kebab-case, read from the Java sources:
 * - apache/dubbo 2.7: `dubbo-config/dubbo-config-api/src/main/java/org/apache/dubbo/config/` of
 *   2.7.0–2.7.4 (ProtocolConfig @01ae11a4, RegistryConfig @0a6af2b1, ProviderConfig @03643fd7) and
 *   `dubbo-common/…/config/AbstractConfig.java` of 2.7.5+ (@000c025e, @bfd6ba92);
 * - apache/dubbo 3.x: `dubbo-common/src/main/java/org/apache/dubbo/config/` (ApplicationConfig
 *   @06c5b64b, ProtocolConfig @02884fcb, RegistryConfig @041a00bd, ProviderConfig @05034279,
 *   ConsumerConfig @03254117, AbstractServiceConfig @06c5b64b, AbstractInterfaceConfig @042dce46,
 *   AbstractMethodConfig @03350fbf, AbstractReferenceConfig @0306cb12, ConfigCenterConfig @04856e15,
 *   MetadataReportConfig @07383ca9, MonitorConfig and ModuleConfig @0cf63423, MetricsConfig
 *   @05cecc55, TracingConfig @27220af8, SslConfig @1be3c999);
 * - copies of the same files published elsewhere, for releases those snapshots lack: ApplicationConfig of
 *   2.7.8 and of 3.3 (`only-use-metadata-v2`), ConsumerConfig 3.1+ (`url-merge-processor`,
 *   `refer-*`, `mesh-enable`), ModuleConfig 3.2+ (`check-reference-timeout`), MetadataReportConfig
 *   3.3 (`report-metadata`, `report-definition`), SslConfig 3.1+ (`ca-*`, `oidc-token-path`,
 *   `env-type`, the `*-stream` properties), ConfigCenterBean of dubbo-config-spring 2.7
 *   (`include-spring-env`).
 * An attribute the XSD of a release declares counts as well (`validProperty`): the XML parser sets
 * the property of the same name, so the release that declares it has the setter. Those the sources
 * above show no setter for are `forks` and `secure` of the registry, `threadname` and
 * `preferred-protocol` of the protocol, `failbacktasks` of the provider and consumer, and
 * `enable-netty` of metrics (test/unit/dubbo/beanProperties.test.ts keeps that list).
 */

/** `id` (AbstractConfig, all releases) and `prefix` (AbstractConfig#setPrefix, 2.7). */
const CONFIG = 'id, prefix';

/** AbstractMethodConfig (2.7, 3.x). */
const METHOD = 'timeout, retries, actives, loadbalance, async, sent, mock, merger, cache, validation, parameters, forks';

/** AbstractInterfaceConfig (2.7, 3.x). */
const INTERFACE =
  'local, stub, cluster, proxy, connections, filter, listener, owner, layer, application, module, registry, registries, registry-ids, methods, monitor, config-center, callbacks, onconnect, ondisconnect, scope, metadata-report-config, metrics, tag, auth, singleton, version, group, interface';

/** AbstractServiceConfig (2.7, 3.x). */
const SERVICE =
  'delay, export, weight, document, token, deprecated, dynamic, protocols, protocol, protocol-ids, accesslog, executes, register, warmup, serialization, prefer-serialization, export-async, executor, payload';

/** AbstractReferenceConfig (2.7, 3.x). */
const REFERENCE = 'check, init, generic, injvm, lazy, reconnect, sticky, provided-by, provider-port, provider-namespace, router, refer-async, client, protocol';

interface ConfigClass {
  /** The class whose bean the keys configure. */
  className: string;
  properties: string;
}

const classes: Record<string, ConfigClass> = {
  application: {
    className: 'ApplicationConfig',
    properties: `${CONFIG}, default, name, version, owner, organization, architecture, environment, registry, registries, registry-ids, monitor, compiler, logger, dump-directory, dump-enable, qos-enable, qos-check, qos-host, qos-port, qos-accept-foreign-ip, qos-accept-foreign-ip-whitelist, qos-anonymous-access-permission-level, qos-anonymous-allow-commands, qos-enable-compatible, qos-host-compatible, qos-port-compatible, qos-accept-foreign-ip-compatible, qos-accept-foreign-ip-whitelist-compatible, qos-anonymous-access-permission-level-compatible, parameters, shutwait, metadata-type, register-consumer, repository, enable-file-cache, register-mode, enable-empty-protection, protocol, metadata-service-port, metadata-service-protocol, mapping-retry-interval, liveness-probe, readiness-probe, startup-probe, serialize-check-status, auto-trust-serialize-class, trust-serialize-class-level, check-serializable, executor-management-mode, only-use-metadata-v2`,
  },
  module: {
    className: 'ModuleConfig',
    properties: `${CONFIG}, default, name, version, owner, organization, registry, registries, monitor, background, refer-async, refer-thread-num, export-async, export-thread-num, check-reference-timeout`,
  },
  registry: {
    className: 'RegistryConfig',
    properties: `${CONFIG}, default, address, username, password, port, protocol, transporter, transport, server, client, cluster, zone, group, version, timeout, session, file, wait, check, dynamic, register, subscribe, parameters, simplified, extra-keys, use-as-config-center, use-as-metadata-center, accepts, preferred, weight, register-mode, enable-empty-protection`,
  },
  protocol: {
    className: 'ProtocolConfig',
    properties: `${CONFIG}, default, name, host, port, path, contextpath, threadpool, corethreads, threads, iothreads, alive, queues, thread-pool-exhausted-listeners, accepts, codec, serialization, prefer-serialization, charset, payload, buffer, heartbeat, accesslog, transporter, exchanger, dispather, dispatcher, networker, server, client, telnet, prompt, status, register, keep-alive, optimizer, extension, parameters, ssl-enabled, ext-protocol, json-check-level, triple`,
  },
  provider: {
    className: 'ProviderConfig',
    properties: `${CONFIG}, ${METHOD}, ${INTERFACE}, ${SERVICE}, default, host, port, path, contextpath, threadpool, threadname, threads, iothreads, alive, queues, accepts, codec, charset, buffer, transporter, exchanger, dispather, dispatcher, networker, server, client, telnet, prompt, status, wait, export-thread-num, export-background`,
  },
  consumer: {
    className: 'ConsumerConfig',
    properties: `${CONFIG}, ${METHOD}, ${INTERFACE}, ${REFERENCE}, default, threadpool, threadname, corethreads, threads, queues, shareconnections, url-merge-processor, refer-thread-num, refer-background, mesh-enable`,
  },
  'config-center': {
    // Spring binds `dubbo.config-center` to ConfigCenterBean, which adds include-spring-env.
    className: 'ConfigCenterConfig',
    properties: `${CONFIG}, protocol, address, port, cluster, namespace, group, check, highest-priority, username, password, timeout, config-file, app-config-file, parameters, external-config, app-external-config, initialized, include-spring-env`,
  },
  'metadata-report': {
    className: 'MetadataReportConfig',
    properties: `${CONFIG}, protocol, address, port, username, password, timeout, group, parameters, retry-times, retry-period, cycle-report, sync-report, cluster, registry, file, check, report-metadata, report-definition`,
  },
  monitor: {
    className: 'MonitorConfig',
    properties: `${CONFIG}, default, protocol, address, username, password, group, version, interval, parameters`,
  },
  metrics: {
    className: 'MetricsConfig',
    properties: `${CONFIG}, protocol, port, enable-jvm, enable-jvm-metrics, enable-threadpool, enable-registry, enable-metadata, enable-rpc, rpc-level, export-metrics-service, enable-metrics-init, enable-collector-sync, collector-sync-period, use-global-registry, export-service-protocol, export-service-port, prometheus, aggregation, histogram`,
  },
  tracing: {
    className: 'TracingConfig',
    properties: `${CONFIG}, enabled, sampling, baggage, propagation`,
  },
  ssl: {
    className: 'SslConfig',
    properties: `${CONFIG}, server-key-cert-chain-path, server-private-key-path, server-key-password, server-trust-cert-collection-path, client-key-cert-chain-path, client-private-key-path, client-key-password, client-trust-cert-collection-path, ca-address, ca-cert-path, oidc-token-path, env-type, server-key-cert-chain-path-stream, server-private-key-path-stream, server-trust-cert-collection-path-stream, client-key-cert-chain-path-stream, client-private-key-path-stream, client-trust-cert-collection-path-stream`,
  },
};

function names(list: string): string[] {
  return [
    ...new Set(
      list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

const byTag = new Map<string, { className: string; names: string[]; loose: Map<string, string> }>();
for (const [tag, c] of Object.entries(classes)) {
  // The bean's properties, then the attributes the XSD declares (the same names, mostly).
  // (One name per property: `keepalive` of the XSD is the bean's `keep-alive`.)
  const all = names(c.properties);
  const loose = new Map(all.map((n) => [looseName(n), n]));
  for (const a of apacheSchema.elements.get(tag)?.attributes.keys() ?? []) {
    if (loose.has(looseName(a))) continue;
    loose.set(looseName(a), a);
    all.push(a);
  }
  byTag.set(tag, { className: c.className, names: all, loose });
}

/** The config class a `dubbo.<tag>` prefix configures (`ApplicationConfig`), if the catalog knows it. */
export function configClass(tag: string): string | undefined {
  return byTag.get(tag)?.className;
}

/** The bean properties of a tag's config class as listed above, in kebab-case (without the XSD's attributes). */
export function beanProperties(tag: string): readonly string[] {
  const c = classes[tag];
  return c ? names(c.properties) : [];
}

/**
 * The bean properties of a tag's config class the XSD declares no attribute for (`metadata-service-port`
 * of ApplicationConfig), in kebab-case: those a key can set that XML cannot. A property the XSD names
 * another way (`keep-alive`, the XSD's `keepalive`) is left out.
 */
export function beanOnlyProperties(tag: string): readonly string[] {
  const xsd = new Set([...(apacheSchema.elements.get(tag)?.attributes.keys() ?? [])].map(looseName));
  return beanProperties(tag).filter((n) => !xsd.has(looseName(n)));
}

/** Every name a key of the tag may end in: the bean properties and the XSD's attributes, in kebab-case. */
export function propertyNames(tag: string): readonly string[] {
  return byTag.get(tag)?.names ?? [];
}

/**
 * The property a key's last part names (`metadataServicePort`, `metadata_service_port` and
 * `metadata-service-port` alike, as relaxed binding reads them), in kebab-case; undefined when the
 * class has no such property or the tag is not in the catalog.
 */
export function validProperty(tag: string, written: string): string | undefined {
  return byTag.get(tag)?.loose.get(looseName(written));
}
