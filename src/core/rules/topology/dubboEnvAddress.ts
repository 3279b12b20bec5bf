import { dubboEnvNames } from '../../dubbo/overrides';
import { nameList } from '../../l10n';
import { parseIp } from '../../ip';
import type { Host, Service, Topology } from '../../topology/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-env-address',
  severity: 'error',
  area: 'topology',
  description: {
    en: 'A Dubbo address in a service\'s `deploy.env` (`DUBBO_IP_TO_REGISTRY`, `DUBBO_IP_TO_BIND`, `DUBBO_PROTOCOL_HOST`, …) that Dubbo refuses, or one fixed address for every host of the service.',
    'zh-cn': '服务 `deploy.env` 中 Dubbo 拒绝的地址（`DUBBO_IP_TO_REGISTRY`、`DUBBO_IP_TO_BIND`、`DUBBO_PROTOCOL_HOST` 等），或为该服务所有主机设置同一个固定地址。',
  },
  messages: {
    invalid: {
      en: '{key}={value}: Dubbo refuses to start with "Specified invalid {what} ip from property" (localhost, 0.0.0.0 and 127.* are not addresses it can {verb}).',
      'zh-cn': '{key}={value}：Dubbo 启动时报 "Specified invalid {what} ip from property"（localhost、0.0.0.0 和 127.* 不能用于{verbZh}）。',
    },
    sharedRegistry: {
      en: '{key}={value} is the same on every host of {service} ({hosts}): each registers {value}{owner}, so every consumer calls that one address. deploy.env is one environment for all hosts; {fix}',
      'zh-cn': '{key}={value} 对 {service} 的所有主机（{hosts}）都相同：每台都注册 {value}{owner}，所有消费者都会调用这一个地址。deploy.env 是所有主机共用的环境；{fix}',
    },
    sharedBind: {
      en: '{key}={value} is the same on every host of {service} ({hosts}): only {owner} has that address, the others fail to start ("Cannot assign requested address"). deploy.env is one environment for all hosts; leave the bind address to Dubbo, or set it per host in the host\'s properties.',
      'zh-cn': '{key}={value} 对 {service} 的所有主机（{hosts}）都相同：只有 {owner} 拥有该地址，其余主机启动失败（"Cannot assign requested address"）。deploy.env 是所有主机共用的环境；请让 Dubbo 自行选择绑定地址，或在各主机的 properties 中分别设置。',
    },
    foreign: {
      en: '{key}={value} is not an address of {host}, the only host of {service}: it registers another machine\'s address{owner}. {fix}',
      'zh-cn': '{key}={value} 不是 {service} 唯一主机 {host} 的地址：它注册的是另一台机器的地址{owner}。{fix}',
    },
    foreignBind: {
      en: '{key}={value} is {owner}\'s address, not one of {host}, the only host of {service}: Dubbo cannot bind it there and fails to start ("Cannot assign requested address"). Leave the bind address to Dubbo, or set the host\'s own.',
      'zh-cn': '{key}={value} 是 {owner} 的地址，而不是 {service} 唯一主机 {host} 的地址：Dubbo 在该主机上无法绑定它，启动失败（"Cannot assign requested address"）。请让 Dubbo 自行选择绑定地址，或设置该主机自己的地址。',
    },
    ownerIs: { en: ' ({host}\'s {role} IP)', 'zh-cn': '（{host} 的{role} IP）' },
    nobody: { en: 'no host of the topology', 'zh-cn': '拓扑中没有任何主机' },
    internal: { en: 'internal', 'zh-cn': '内网' },
    external: { en: 'external', 'zh-cn': '外网' },
    registry: { en: 'registry', 'zh-cn': 'registry' },
    bind: { en: 'bind', 'zh-cn': 'bind' },
    fixExternal: {
      en: 'to register each host\'s external IP, remove it and set registerAs: external (deploy then sets DUBBO_IP_TO_REGISTRY per host).',
      'zh-cn': '如需各主机注册自己的外网 IP，请删除它并设置 registerAs: external（部署时会为每台主机分别设置 DUBBO_IP_TO_REGISTRY）。',
    },
    fixRemove: { en: 'Remove it, or set registerAs: external to register each host\'s external IP.', 'zh-cn': '请删除它，或设置 registerAs: external 让各主机注册自己的外网 IP。' },
    removeEntry: { en: 'Remove {key} from deploy.env', 'zh-cn': '从 deploy.env 中删除 {key}' },
  },
};

/** Dubbo's address variables: `DUBBO_IP_TO_REGISTRY`, `DUBBO_IP_TO_BIND` and their per-protocol forms (`TRI_DUBBO_IP_TO_BIND`). */
const ADDRESS_KEY = /^(?:[A-Z0-9]+_)?DUBBO_IP_TO_(REGISTRY|BIND)$/;

/**
 * The host settings Dubbo (2.7+) reads from the environment (`DUBBO_PROTOCOL_HOST`, …): the address it
 * binds when no `DUBBO_IP_TO_BIND` is set. A local value there is not refused, only ignored.
 */
const HOST_SETTINGS = ['dubbo.protocol.host', 'dubbo.provider.host'];
const HOST_VARIABLES = new Map(HOST_SETTINGS.flatMap((key) => dubboEnvNames(key).map((name): [string, string] => [name, key])));

/** Dubbo's `isInvalidLocalHost` on a value that is set (an empty one is as good as unset). */
function invalidLocalHost(v: string): boolean {
  const s = v.trim().toLowerCase();
  return s === 'localhost' || s === '0.0.0.0' || s.startsWith('127.');
}

function ownerOf(t: Topology, ip: string): { host: Host; role: 'internal' | 'external' } | undefined {
  for (const h of t.hosts) if (h.external?.ip?.text === ip) return { host: h, role: 'external' };
  for (const h of t.hosts) if (h.internal?.ip?.text === ip) return { host: h, role: 'internal' };
  return undefined;
}

const DUBBO_KINDS = new Set<Service['kind']>(['dubbo', 'dubbo-provider', 'dubbo-consumer']);

export function check(t: Topology): Finding[] {
  const out: Finding[] = [];
  for (const s of t.services) {
    const deploy = s.deploy;
    if (!deploy || !DUBBO_KINDS.has(s.kind)) continue;
    const bindSet = Object.entries(deploy.env).some(([k, v]) => v.trim() !== '' && ADDRESS_KEY.exec(k)?.[1] === 'BIND');
    for (const [key, value] of Object.entries(deploy.env)) {
      const m = ADDRESS_KEY.exec(key);
      const setting = HOST_VARIABLES.get(key);
      const at = deploy.envFields[key];
      if ((!m && !setting) || !at) continue;
      const registry = m?.[1] === 'REGISTRY';
      // The bind address Dubbo takes from a host setting: unless DUBBO_IP_TO_BIND says it, or a host's
      // or region's properties (-D) set it on a host.
      const hosts = setting ? s.hosts.filter((h) => !h.properties.has(setting) && !h.region.properties.has(setting)) : s.hosts;
      if (setting && (bindSet || invalidLocalHost(value))) continue;
      const range = at.value;
      // The entry's whole line, when it has one to itself (a block mapping); no fix inside `{ … }`.
      const line = at.key.start.line;
      const fixes =
        deploy.envFlow || at.value.end.line !== line
          ? []
          : [{ title: { id: 'removeEntry', data: { key } }, safe: false, edits: [{ file: t.file, range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }] }];
      if (invalidLocalHost(value)) {
        out.push({
          rule: meta.id,
          file: t.file,
          range,
          message: { id: 'invalid', data: { key, value, what: { id: registry ? 'registry' : 'bind' }, verb: registry ? 'register' : 'bind to', verbZh: registry ? '注册' : '绑定' } },
          fixes,
        });
        continue;
      }
      // A name or a placeholder the shell expands on each host is not judged here.
      const ip = parseIp(value.trim());
      if (!ip || hosts.length === 0) continue;
      const owner = ownerOf(t, ip.text);
      const ownerText = owner ? { id: 'ownerIs', data: { host: owner.host.id, role: { id: owner.role } } } : '';
      if (hosts.length > 1) {
        const ids = nameList(hosts.map((h) => h.id));
        const message: Finding['message'] = registry
          ? { id: 'sharedRegistry', data: { key, value, service: s.id, hosts: ids, owner: ownerText, fix: { id: 'fixExternal' } } }
          : { id: 'sharedBind', data: { key, value, service: s.id, hosts: ids, owner: owner ? owner.host.id : { id: 'nobody' } } };
        out.push({ rule: meta.id, file: t.file, range, message, fixes, severity: registry ? 'warning' : 'error' });
        continue;
      }
      const only = hosts[0];
      if (registry && owner?.host !== only) {
        out.push({
          rule: meta.id,
          file: t.file,
          range,
          message: { id: 'foreign', data: { key, value, host: only.id, service: s.id, owner: ownerText, fix: { id: 'fixRemove' } } },
          fixes,
          severity: 'warning',
        });
      } else if (!registry && owner && owner.host !== only) {
        // Another host's address: binding it fails there.
        out.push({ rule: meta.id, file: t.file, range, message: { id: 'foreignBind', data: { key, value, host: only.id, service: s.id, owner: owner.host.id } }, fixes });
      }
    }
  }
  return out;
}
