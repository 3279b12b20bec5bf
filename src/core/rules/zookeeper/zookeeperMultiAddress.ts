import type { Finding } from '../../types';
import type { ZkConfig } from '../../zookeeper/config';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'zookeeper-multi-address',
  severity: 'warning',
  area: 'zookeeper',
  description: {
    en: 'A `server.<id>` line of several addresses (3.6+), which ZooKeeper refuses unless its JVM runs with `-Dzookeeper.multiAddress.enabled=true`.',
    'zh-cn': '列出多个地址的 `server.<id>` 行（3.6+）：除非 JVM 以 `-Dzookeeper.multiAddress.enabled=true` 运行，否则 ZooKeeper 拒绝接受。',
  },
  messages: {
    disabled: {
      en: 'server.{id} lists {count} addresses: ZooKeeper takes several addresses in a server line only when its JVM runs with the system property zookeeper.multiAddress.enabled=true, and otherwise does not start ("Multiple address feature is disabled, but multiple addresses were specified for sid {id}"). multiAddress.enabled=true in zoo.cfg does not turn it on for the server lines. Start each member with -Dzookeeper.multiAddress.enabled=true (SERVER_JVMFLAGS, which zkServer.sh passes to the JVM); where that is done, switch this rule off.',
      'zh-cn': 'server.{id} 列出了 {count} 个地址：只有当 JVM 以系统属性 zookeeper.multiAddress.enabled=true 运行时，ZooKeeper 才接受一条 server 行中的多个地址，否则无法启动（"Multiple address feature is disabled, but multiple addresses were specified for sid {id}"）。在 zoo.cfg 中写 multiAddress.enabled=true 并不能为 server 行开启这一功能。请以 -Dzookeeper.multiAddress.enabled=true 启动每个成员（SERVER_JVMFLAGS，zkServer.sh 会把它传给 JVM）；已经这样做了的，请关闭这条规则。',
    },
  },
};

/**
 * The server lines of several addresses. ZooKeeper (QuorumPeer.QuorumServer) splits the part before
 * `;` on `|` as Java does, dropping the empty parts at the end only, and refuses more than one unless
 * the system property `zookeeper.multiAddress.enabled` is `true`; the `multiAddress.enabled` key of
 * zoo.cfg sets a field of its own and leaves that property alone.
 */
export function check(file: string, config: ZkConfig): Finding[] {
  const out: Finding[] = [];
  for (const s of config.servers) {
    const parts = s.entry.value.split(';')[0].split('|');
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    if (parts.length < 2) continue;
    out.push({ rule: meta.id, file, range: s.entry.keyRange, message: { id: 'disabled', data: { id: s.id, count: parts.length } }, fixes: [] });
  }
  return out;
}
