import type { FixRefusal } from './nodeWorkspace';
import type { Locale } from './types';

/**
 * Line breaks as `\n` and `\r`, so that a message quoting a value with line breaks (a YAML string, an
 * XML attribute, an nginx string) stays on its diagnostic's line.
 */
export function oneLine(s: string): string {
  return s.replace(/\r|\n/g, (c) => (c === '\n' ? '\\n' : '\\r'));
}

/**
 * What one edit of `--fix` did, on one line: the new text as written when it is a plain word
 * (`139.159.250.207`, `75s`), else quoted with its line breaks as `\n`; an insertion or a deletion
 * says which, with the text inserted or deleted.
 */
function change(zh: boolean, removed: string, inserted: string): string {
  if (inserted === '') return zh ? `（删除 ${JSON.stringify(removed)}）` : `(deleted ${JSON.stringify(removed)})`;
  if (removed === '') return zh ? `（插入 ${JSON.stringify(inserted)}）` : `(inserted ${JSON.stringify(inserted)})`;
  return /^[^\s"(（]([^\r\n]*\S)?$/.test(inserted) ? inserted : JSON.stringify(inserted);
}

/** The CLI's own strings (rule messages live with their rules). */
export function cliMessages(locale: Locale) {
  const zh = locale === 'zh-cn';
  const usage = zh
    ? '用法：dubbo-topology lint [目录] [--format text|json|sarif] [--fix] [--locale en|zh-cn]'
    : 'Usage: dubbo-topology lint [folder] [--format text|json|sarif] [--fix] [--locale en|zh-cn]';
  const registryUsage = zh
    ? '用法：dubbo-topology registry [目录] [--registry ID] [--connect HOST:PORT] [--root PATH] [--services-root PATH] [--timeout 秒] [--format text|json] [--locale en|zh-cn]'
    : 'Usage: dubbo-topology registry [folder] [--registry ID] [--connect HOST:PORT] [--root PATH] [--services-root PATH] [--timeout SECONDS] [--format text|json] [--locale en|zh-cn]';
  const reachUsage = zh
    ? '用法：dubbo-topology reach [目录] [--host ID[,ID…]] [--plan] [--known-hosts 文件] [--ssh-config 文件] [--timeout 秒] [--max-per-host N] [--parallel N] [--format text|json] [--locale en|zh-cn]'
    : 'Usage: dubbo-topology reach [folder] [--host ID[,ID…]] [--plan] [--known-hosts FILE] [--ssh-config FILE] [--timeout SECONDS] [--max-per-host N] [--parallel N] [--format text|json] [--locale en|zh-cn]';
  const help = zh
    ? [
        usage,
        '',
        '按 dubbo-topology.yaml 检查工作区中的 Dubbo XML、.properties、nginx 配置和 /etc/exports（目录默认为当前目录）。',
        '',
        '选项：',
        '  --format text|json|sarif  text（默认）：每行 文件:行:列 严重性 规则 消息，最后一行汇总；',
        '                            json：一行 JSON；sarif：SARIF 2.1.0',
        '  --fix                     应用标记为安全的快速修复，再报告剩余问题',
        '  --locale en|zh-cn         消息语言',
        '  -h, --help                显示本帮助',
        '  -v, --version             显示版本',
        '',
        '退出码：0 没有错误；1 仍有错误级别的诊断；2 用法错误、未找到 dubbo-topology.yaml 或内部错误。',
        '',
        registryUsage,
        '',
        '读取拓扑中的一个 ZooKeeper 注册中心（kind: zookeeper），按拓扑判断 Dubbo 注册的每个提供者地址：',
        '调用方能否访问、端口是否为拓扑中的端口，以及有消费者却没有提供者的接口。只读。',
        '  --registry ID             注册中心服务（拓扑中只有一个时可省略）',
        '  --connect HOST:PORT       连接的地址（默认：依次尝试注册中心主机的外网、内网 IP）',
        '  --root PATH               Dubbo 的根路径（默认 /dubbo）',
        '  --services-root PATH      Dubbo 3 应用实例的根路径（默认 /services；空字符串表示不读取）',
        '  --timeout SECONDS         每次等待的秒数（默认 10）',
        '  --format text|json        text（默认）：Markdown 报告；json：一行 JSON',
        '退出码：0 没有问题；1 有问题；2 用法错误、未找到拓扑或无法连接注册中心。',
        '',
        reachUsage,
        '',
        '经 SSH 登录每台主机（默认所有主机），尝试用 TCP 连接其他主机每个服务端口的内网和外网 IP，报告网络与拓扑',
        '描述不符之处。使用拓扑中的 SSH 目标、SSH 配置、ssh-agent 和私钥文件，从不询问密码或口令；主机密钥必须',
        '已在 known_hosts 中，未知的密钥会被拒绝并给出指纹。不修改主机上的任何东西。',
        '  --host ID[,ID…]           从这些主机发起（可重复）',
        '  --plan                    只列出将要尝试的连接，不连接任何主机',
        '  --known-hosts FILE        known_hosts 文件（默认 ~/.ssh/known_hosts；也会读取 /etc/ssh/ssh_known_hosts）',
        '  --ssh-config FILE         SSH 配置文件（默认 ~/.ssh/config）',
        '  --timeout SECONDS         每次连接尝试最多等待的秒数（默认 3）',
        '  --max-per-host N          每台主机最多尝试的次数（默认 200）',
        '  --parallel N              同时检查的主机数（默认 4）',
        '  --format text|json        text（默认）：Markdown 报告；json：一行 JSON',
        '退出码：0 与拓扑一致；1 有与拓扑不符的尝试、有主机未能检查或有尝试未能进行；2 用法错误或未找到拓扑。',
        '',
        '环境变量：',
        '  DUBBO_TOPOLOGY_REGISTRY_DIGEST  registry 命令的 ZooKeeper digest 凭据（用户名:密码），用于设置了 ACL 的注册中心',
        '  DUBBO_TOPOLOGY_CACHE_DIR      本命令的 V8 代码缓存位置（默认 ~/.cache/dubbo-topology/code-cache）',
        '  NODE_DISABLE_COMPILE_CACHE=1  不使用代码缓存',
      ].join('\n')
    : [
        usage,
        '',
        "Checks a workspace's Dubbo XML, .properties, nginx configs and /etc/exports against its",
        'dubbo-topology.yaml (folder: the current one by default).',
        '',
        'Options:',
        '  --format text|json|sarif  text (default): file:line:col severity rule message, then a summary;',
        '                            json: one line of JSON; sarif: SARIF 2.1.0',
        '  --fix                     apply the quick fixes marked safe, then report what remains',
        '  --locale en|zh-cn         the language of the messages',
        '  -h, --help                this help',
        '  -v, --version             the version',
        '',
        'Exit codes: 0 no error; 1 an error-severity diagnostic remains; 2 bad usage, no dubbo-topology.yaml, or an internal failure.',
        '',
        registryUsage,
        '',
        'Reads a ZooKeeper registry of the topology (kind: zookeeper) and judges every address Dubbo providers',
        'registered there: reachable from their callers, on the port the topology gives them; and interfaces',
        'with consumers and no provider. Read-only.',
        '  --registry ID             the registry service (optional when the topology has one)',
        "  --connect HOST:PORT       where to connect (default: the registry host's external, then internal IP)",
        '  --root PATH               the Dubbo root path (default /dubbo)',
        "  --services-root PATH      Dubbo 3's application-instance root (default /services; '' skips it)",
        '  --timeout SECONDS         the longest wait for each step (default 10)',
        '  --format text|json        text (default): the Markdown report; json: one line of JSON',
        'Exit codes: 0 no problem; 1 problems; 2 bad usage, no dubbo-topology.yaml, or the registry cannot be read.',
        '',
        reachUsage,
        '',
        'Over SSH to each host (all by default), tries a TCP connection to every service port of every other host',
        'at both its IPs, and reports where the network disagrees with the topology. Uses the topology\'s SSH',
        'targets, the SSH config, ssh-agent and identity files; never asks for a password or passphrase. Host keys',
        'must already be in known_hosts: an unknown one is refused, with its fingerprint. Changes nothing on the hosts.',
        '  --host ID[,ID…]           try from these hosts (repeatable)',
        '  --plan                    list the attempts without connecting anywhere',
        '  --known-hosts FILE        the known_hosts file (default ~/.ssh/known_hosts; /etc/ssh/ssh_known_hosts is read too)',
        '  --ssh-config FILE         the SSH config file (default ~/.ssh/config)',
        '  --timeout SECONDS         the longest wait for each connection attempt (default 3)',
        '  --max-per-host N          attempts per host at the most (default 200)',
        '  --parallel N              hosts checked at the same time (default 4)',
        '  --format text|json        text (default): the Markdown report; json: one line of JSON',
        'Exit codes: 0 as the topology says; 1 attempts contradict it, hosts could not be checked, or attempts could not be made; 2 bad usage or no dubbo-topology.yaml.',
        '',
        'Environment:',
        '  DUBBO_TOPOLOGY_REGISTRY_DIGEST  ZooKeeper digest credentials (user:password) for `registry` on a registry with ACLs',
        '  DUBBO_TOPOLOGY_CACHE_DIR      where the command keeps its V8 code cache (default ~/.cache/dubbo-topology/code-cache)',
        '  NODE_DISABLE_COMPILE_CACHE=1  run without the code cache',
      ].join('\n');
  return {
    usage,
    registryUsage,
    reachUsage,
    help,
    unknownCommand: (c: string) => (zh ? `未知命令 "${c}"。\n${usage}` : `Unknown command "${c}".\n${usage}`),
    unknownOption: (o: string) => (zh ? `未知选项 "${o}"。\n${usage}` : `Unknown option "${o}".\n${usage}`),
    missingValue: (o: string) => (zh ? `选项 ${o} 缺少取值。\n${usage}` : `Option ${o} needs a value.\n${usage}`),
    extraArgument: (a: string) => (zh ? `多余的参数 "${a}"：只能指定一个目录。\n${usage}` : `Unexpected argument "${a}": give one folder.\n${usage}`),
    badFormat: (f: string) => (zh ? `未知输出格式 "${f}"，可选 text、json、sarif。` : `Unknown format "${f}": use text, json or sarif.`),
    badLocale: (l: string) => (zh ? `未知语言 "${l}"，可选 en、zh-cn。` : `Unknown locale "${l}": use en or zh-cn.`),
    noTopology: (dir: string) =>
      zh ? `在 ${dir} 中未找到 dubbo-topology.yaml。` : `No dubbo-topology.yaml found in ${dir}.`,
    noFolder: (dir: string) => (zh ? `目录 ${dir} 不存在。` : `The folder ${dir} does not exist.`),
    notAFolder: (path: string, parent?: string) =>
      zh
        ? `${path} 不是目录：请指定包含 dubbo-topology.yaml 的目录${parent ? `（${parent}）` : ''}。`
        : `${path} is not a folder: give the folder that holds dubbo-topology.yaml${parent ? ` (${parent})` : ''}.`,
    cannotReadFile: (path: string, reason: string) => (zh ? `无法读取 ${path}（${reason}）。` : `Cannot read ${path} (${reason}).`),
    topologyTooLarge: (path: string, size: string, limit: string) =>
      zh ? `未读取 ${path}：文件大小 ${size} MB，超过 ${limit} MB 的上限。` : `Not read: ${path} is ${size} MB, over the ${limit} MB limit.`,
    topologyIsFolder: (path: string) => (zh ? `${path} 是目录：拓扑必须是文件。` : `${path} is a folder: the topology must be a file.`),
    topologyBinary: (path: string) =>
      zh ? `未读取 ${path}：文件包含 NUL 字节，看起来是二进制文件。` : `Not read: ${path} holds NUL bytes and looks binary.`,
    internalError: (detail: string) =>
      zh ? `内部错误，检查未完成：${detail}` : `Internal error, the lint did not finish: ${detail}`,
    analyzerFailed: (a: string, f: string, e: string) =>
      zh ? `分析器 ${a} 处理 ${f} 时出错，已跳过：${e}` : `The ${a} analyzer failed on ${f} and skipped it: ${e}`,
    /** One change of `--fix`: `removed` is the text the edit replaced (empty for an insertion). */
    fixed: (file: string, line: number, col: number, removed: string, inserted: string) =>
      zh
        ? `已修复 ${oneLine(file)}:${line}:${col} → ${change(zh, removed, inserted)}`
        : `fixed ${oneLine(file)}:${line}:${col} -> ${change(zh, removed, inserted)}`,
    notFixed: (file: string, why: FixRefusal) => {
      switch (why.reason) {
        case 'not-utf8':
          return zh
            ? `未修复 ${file}：文件不是 UTF-8 编码，写回会损坏其中的非 ASCII 字符；请在能保留其编码的编辑器中修复。`
            : `not fixed ${file}: the file is not UTF-8, and writing it back would garble its other characters; fix it in an editor that keeps its encoding.`;
        case 'encoding':
          return zh
            ? `未修复 ${file}：文件声明的编码为 ${why.detail}，而修复要写入非 ASCII 字符。`
            : `not fixed ${file}: it declares the encoding ${why.detail}, and the fix would write characters outside ASCII.`;
        case 'changed':
          return zh ? `未修复 ${file}：检查之后文件已被修改。` : `not fixed ${file}: the file changed after it was checked.`;
        default:
          return zh ? `未修复 ${file}：${why.detail}` : `not fixed ${file}: ${why.detail}`;
      }
    },
    badRegistryFormat: (f: string) => (zh ? `未知输出格式 "${f}"，可选 text、json。` : `Unknown format "${f}": use text or json.`),
    badConnect: (v: string) => (zh ? `--connect 需要 HOST:PORT，而不是 "${v}"。` : `--connect needs HOST:PORT, not "${v}".`),
    badNumber: (o: string, v: string) => (zh ? `${o} 需要正数，而不是 "${v}"。` : `${o} needs a positive number, not "${v}".`),
    noRegistry: zh ? '拓扑中没有 kind 为 zookeeper 的服务。' : 'The topology has no service of kind zookeeper.',
    whichRegistry: (ids: string[]) =>
      zh ? `拓扑中有多个注册中心（${ids.join('、')}）：请用 --registry 指定一个。` : `The topology has several registries (${ids.join(', ')}): pick one with --registry.`,
    unknownRegistry: (id: string, ids: string[]) =>
      zh ? `${id} 不是拓扑中的 ZooKeeper 服务（有：${ids.join('、') || '无'}）。` : `${id} is not a ZooKeeper service of the topology (there are: ${ids.join(', ') || 'none'}).`,
    noRoute: (id: string) =>
      zh ? `注册中心 ${id} 所在主机没有可连接的 IP：请用 --connect 指定地址。` : `The hosts of registry ${id} have no address to connect to: give one with --connect.`,
    needsDigest: zh
      ? '注册中心的 znode 设置了 ACL：请在环境变量 DUBBO_TOPOLOGY_REGISTRY_DIGEST 中给出凭据（用户名:密码）。'
      : "The registry's znodes have ACLs: give credentials (user:password) in the environment variable DUBBO_TOPOLOGY_REGISTRY_DIGEST.",
    triedRoute: (address: string, why: string) => (zh ? `${address}：${why}` : `${address}: ${why}`),
    cannotRead: (id: string, tried: string[]) =>
      zh ? `无法读取注册中心 ${id}：\n${tried.map((t) => `  ${t}`).join('\n')}` : `Cannot read registry ${id}:\n${tried.map((t) => `  ${t}`).join('\n')}`,
    unknownHosts: (ids: string[], known: string[]) =>
      zh ? `拓扑中没有主机 ${ids.join('、')}（有：${known.join('、') || '无'}）。` : `No host ${ids.join(', ')} in the topology (there are: ${known.join(', ') || 'none'}).`,
    unknownHostKey: (host: string, name: string, type: string, fingerprint: string, file: string) =>
      zh
        ? `${host} 的主机密钥未知（${name}，${type} ${fingerprint}），未被信任。请核实指纹后把它加入 ${file}（例如用 ssh 登录一次并确认），或用 --known-hosts 指定另一个文件。`
        : `the host key of ${host} is unknown (${name}, ${type} ${fingerprint}) and was not trusted. Check the fingerprint, then add it to ${file} (for example by logging in once with ssh and accepting it), or give another file with --known-hosts.`,
    reachHostDone: (host: string) => (zh ? `已检查 ${host}` : `checked ${host}`),
    summary: (errors: number, warnings: number, others: number) =>
      zh
        ? `${errors} 个错误，${warnings} 个警告，${others} 个提示`
        : `${errors} error(s), ${warnings} warning(s), ${others} info/hint(s)`,
  };
}
