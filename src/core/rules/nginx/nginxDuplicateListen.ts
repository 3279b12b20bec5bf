import { treeFacts } from '../../nginx/facts';
import type { ListenConflict } from '../../nginx/listen';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import { argRemoval, type NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-duplicate-listen',
  severity: 'error',
  area: 'nginx',
  description: {
    en: 'Two servers that are both the default for one address and port, socket options (`backlog=`, `reuseport`, ...) given on two `listen` lines of one address, or one server listening twice on it; in `stream`, one address and port listened on twice — across every file nginx reads.',
    'zh-cn': '同一地址和端口上有两个默认 server，同一地址的套接字选项（`backlog=`、`reuseport` 等）出现在两条 `listen` 中，或同一个 server 重复监听该地址；在 `stream` 中，同一地址和端口被监听两次——跨 nginx 读取的所有文件检查。',
  },
  messages: {
    default: {
      en: 'a duplicate default server for {address}: the server at {first} is its default already. Keep "default_server" on one server per address and port.',
      'zh-cn': '{address} 的默认 server 重复：{first} 处的 server 已是它的默认 server。每个地址和端口只能有一个 server 带 "default_server"。',
    },
    defaultShared: {
      en: 'a duplicate default server for {address}: this "listen" is read once for every server that includes {file}, and only one of them can be the default. Move "default_server" out of the shared file into one server.',
      'zh-cn': '{address} 的默认 server 重复：每个 include {file} 的 server 都会读取一次这条 "listen"，但只能有一个默认 server。请把 "default_server" 移出共用文件，只写在一个 server 中。',
    },
    options: {
      en: 'duplicate listen options for {address}: the "listen" at {first} sets options of this socket already ({firstOption}). Options of the socket itself (backlog=, reuseport, deferred, so_keepalive=, ...) go on one "listen" per address and port; leave them out of the others.',
      'zh-cn': '{address} 的 listen 选项重复：{first} 处的 "listen" 已设置该套接字的选项（{firstOption}）。套接字本身的选项（backlog=、reuseport、deferred、so_keepalive= 等）每个地址和端口只能写在一条 "listen" 中，其余的请去掉。',
    },
    optionsShared: {
      en: 'duplicate listen options for {address}: this "listen" is read once for every server that includes {file}, and options of the socket itself ({firstOption}) may be given only once per address and port. Set them in one server, outside the shared file.',
      'zh-cn': '{address} 的 listen 选项重复：每个 include {file} 的 server 都会读取一次这条 "listen"，而套接字本身的选项（{firstOption}）每个地址和端口只能出现一次。请只在一个 server 中、共用文件之外设置它们。',
    },
    listen: {
      en: 'a duplicate listen {address}: this server listens on it already at {first}.',
      'zh-cn': '重复的 listen {address}：该 server 已在 {first} 处监听此地址。',
    },
    stream: {
      en: 'duplicate "{address}" address and port pair: the "listen" at {first} takes it already, and a stream server cannot share its address and port with another (nginx before 1.25.5 has no stream server names). Use another port, or "udp" for a UDP service on the same port.',
      'zh-cn': 'duplicate "{address}" address and port pair：{first} 处的 "listen" 已占用该地址和端口，而 stream server 不能与另一个共用地址和端口（1.25.5 之前的 nginx 没有 stream server 名称）。请换一个端口；同一端口上的 UDP 服务请加 "udp"。',
    },
    streamShared: {
      en: 'duplicate "{address}" address and port pair: this "listen" is read once for every stream server that includes {file}, and a stream address and port takes one "listen". Move it out of the shared file into one server.',
      'zh-cn': 'duplicate "{address}" address and port pair：每个 include {file} 的 stream server 都会读取一次这条 "listen"，而 stream 的一个地址和端口只能有一条 "listen"。请把它移出共用文件，只写在一个 server 中。',
    },
    firstStream: { en: '{address} is listened on here', 'zh-cn': '这里监听了 {address}' },
    firstDefault: { en: 'the default server for {address}', 'zh-cn': '{address} 的默认 server' },
    firstOptions: { en: 'options of the socket {address}', 'zh-cn': '套接字 {address} 的选项' },
    firstListen: { en: 'this server listens on {address} here', 'zh-cn': '该 server 在此监听 {address}' },
    removeDefault: { en: 'Remove "{word}"', 'zh-cn': '删除 "{word}"' },
  },
};

const FIRST = { default: 'firstDefault', options: 'firstOptions', listen: 'firstListen', stream: 'firstStream' } as const;

export function check(c: NginxCheck): Finding[] {
  // Most files hold no `listen` at all.
  if (!c.config.links.directives.some((d) => d.name === 'listen')) return [];
  const out: Finding[] = [];
  const seen = new Set<ListenConflict['arg']>();
  for (const tree of c.trees) {
    for (const x of treeFacts(tree, c.nw.cache).listens) {
      if (x.use.file !== c.file || seen.has(x.arg)) continue;
      seen.add(x.arg);
      const { address } = x.use.spec;
      const shared = x.first.d === x.use.d;
      const at = x.first.d.range.start.line + 1;
      const first = `${x.first.file}:${at}`;
      const firstOption = x.first.spec.options[0]?.value ?? '';
      const message: Finding['message'] =
        x.kind === 'default'
          ? { id: shared ? 'defaultShared' : 'default', data: { address, first, file: c.file } }
          : x.kind === 'options'
            ? { id: shared ? 'optionsShared' : 'options', data: { address, first, firstOption, file: c.file } }
            : x.kind === 'stream'
              ? { id: shared ? 'streamShared' : 'stream', data: { address, first, file: c.file } }
              : { id: 'listen', data: { address, first } };
      const fixes: Finding['fixes'] = [];
      if (x.kind === 'default' && !shared) {
        fixes.push({ title: { id: 'removeDefault', data: { word: x.arg.value } }, safe: false, edits: [{ file: c.file, range: argRemoval(c, x.arg), newText: '' }] });
      }
      out.push({
        rule: meta.id,
        file: c.file,
        range: x.arg.range,
        message,
        fixes,
        related: shared ? [] : [{ file: x.first.file, range: x.first.d.range, message: { id: FIRST[x.kind], data: { address } } }],
      });
    }
  }
  return out;
}
