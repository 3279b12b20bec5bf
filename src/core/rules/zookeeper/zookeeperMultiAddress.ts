import type { Vantage } from '../../analyzer';
import { nameList } from '../../l10n';
import { systemPropertyIn } from '../../properties/profiles';
import type { Finding } from '../../types';
import type { ZkConfig } from '../../zookeeper/config';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'zookeeper-multi-address',
  severity: 'warning',
  area: 'zookeeper',
  description: {
    en: 'A `server.<id>` line of several addresses (3.6+), which ZooKeeper refuses unless its JVM runs with `-Dzookeeper.multiAddress.enabled=true`, on members the topology does not give that flag.',
    'zh-cn': '列出多个地址的 `server.<id>` 行（3.6+）：除非 JVM 以 `-Dzookeeper.multiAddress.enabled=true` 运行，否则 ZooKeeper 拒绝接受；在拓扑未给该参数的成员上报告。',
  },
  messages: {
    disabled: {
      en: 'server.{id} lists {count} addresses: ZooKeeper takes several addresses in a server line only when its JVM runs with the system property zookeeper.multiAddress.enabled=true, and otherwise does not start ("Multiple address feature is disabled, but multiple addresses were specified for sid {id}"). multiAddress.enabled=true in zoo.cfg does not turn it on for the server lines. Start each member with -Dzookeeper.multiAddress.enabled=true (SERVER_JVMFLAGS, which zkServer.sh passes to the JVM); where that is done, switch this rule off.',
      'zh-cn': 'server.{id} 列出了 {count} 个地址：只有当 JVM 以系统属性 zookeeper.multiAddress.enabled=true 运行时，ZooKeeper 才接受一条 server 行中的多个地址，否则无法启动（"Multiple address feature is disabled, but multiple addresses were specified for sid {id}"）。在 zoo.cfg 中写 multiAddress.enabled=true 并不能为 server 行开启这一功能。请以 -Dzookeeper.multiAddress.enabled=true 启动每个成员（SERVER_JVMFLAGS，zkServer.sh 会把它传给 JVM）；已经这样做了的，请关闭这条规则。',
    },
    missing: {
      en: 'server.{id} lists {count} addresses, which ZooKeeper takes only when its JVM runs with the system property zookeeper.multiAddress.enabled=true, but the deploy starts {hosts} without it: there ZooKeeper does not start ("Multiple address feature is disabled, but multiple addresses were specified for sid {id}"). multiAddress.enabled=true in zoo.cfg does not turn it on for the server lines. Set zookeeper.multiAddress.enabled: "true" in the properties: of their region or host in dubbo-topology.yaml (the deploy passes them to the JVM as -D), or -Dzookeeper.multiAddress.enabled=true in SERVER_JVMFLAGS of the service\'s deploy.env.',
      'zh-cn': 'server.{id} 列出了 {count} 个地址，只有当 JVM 以系统属性 zookeeper.multiAddress.enabled=true 运行时 ZooKeeper 才接受，但部署启动 {hosts} 时没有这个参数：ZooKeeper 在那里无法启动（"Multiple address feature is disabled, but multiple addresses were specified for sid {id}"）。在 zoo.cfg 中写 multiAddress.enabled=true 并不能为 server 行开启这一功能。请在 dubbo-topology.yaml 中它们所在区域或主机的 properties: 里写 zookeeper.multiAddress.enabled: "true"（部署会以 -D 传给 JVM），或在该服务 deploy.env 的 SERVER_JVMFLAGS 中加上 -Dzookeeper.multiAddress.enabled=true。',
    },
  },
};

const FLAG = 'zookeeper.multiAddress.enabled';

/**
 * Whether the deploy starts a member's JVM with the flag, as the JVM reads its options (a later one
 * wins): JAVA_TOOL_OPTIONS — the deploy env's own value, then the region's and host's `properties:`
 * the deploy appends as -D (the host's winning) — then the command line zkServer.sh builds from
 * SERVER_JVMFLAGS and JVMFLAGS, in that order. Java reads the value as a boolean: `true` in any case.
 */
function flagOn(v: Vantage): boolean {
  const env = v.service?.deploy?.env ?? {};
  let value = env.JAVA_TOOL_OPTIONS ? systemPropertyIn(env.JAVA_TOOL_OPTIONS, FLAG) : undefined;
  value = (v.host.properties.get(FLAG) ?? v.host.region.properties.get(FLAG))?.value ?? value;
  for (const name of ['SERVER_JVMFLAGS', 'JVMFLAGS']) if (env[name]) value = systemPropertyIn(env[name], FLAG) ?? value;
  return value?.toLowerCase() === 'true';
}

/**
 * The server lines of several addresses. ZooKeeper (QuorumPeer.QuorumServer) splits the part before
 * `;` on `|` as Java does, dropping the empty parts at the end only, and refuses more than one unless
 * the system property `zookeeper.multiAddress.enabled` is `true`; the `multiAddress.enabled` key of
 * zoo.cfg sets a field of its own and leaves that property alone. With members known (`vantage`),
 * reported when the deploy starts some of them without the property, naming them.
 */
export function check(file: string, config: ZkConfig, vantage: readonly Vantage[] = []): Finding[] {
  const out: Finding[] = [];
  const without = [...new Set(vantage.filter((v) => !flagOn(v)).map((v) => v.host.id))];
  if (vantage.length > 0 && without.length === 0) return out;
  for (const s of config.servers) {
    const parts = s.entry.value.split(';')[0].split('|');
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    if (parts.length < 2) continue;
    const data = { id: s.id, count: parts.length };
    const message = without.length > 0 ? { id: 'missing', data: { ...data, hosts: nameList(without) } } : { id: 'disabled', data };
    out.push({ rule: meta.id, file, range: s.entry.keyRange, message, fixes: [] });
  }
  return out;
}
