import { nameList } from '../../l10n';
import type { PropertyEntry } from '../../properties/parse';
import { LineIndex } from '../../text';
import type { Finding, Fix, TextEdit } from '../../types';
import { isDynamicKey, type ZkConfig } from '../../zookeeper/config';
import type { ZkSettingsSource, ZkStaticFile } from '../../zookeeper/files';
import type { RuleMeta } from '../meta';
import { staticMessages, staticRef } from './staticSettings';

export const meta: RuleMeta = {
  id: 'zookeeper-dynamic-config',
  severity: 'error',
  area: 'zookeeper',
  description: {
    en: 'A line ZooKeeper refuses to start with because of its dynamic configuration file (3.5+): a setting in the dynamic file, or a server line in a static file that names one.',
    'zh-cn': '因动态配置文件（3.5+）而使 ZooKeeper 拒绝启动的行：动态文件中的设置，或指定了动态文件的静态文件中的 server 行。',
  },
  messages: {
    settingInDynamic: {
      en: '{key} is set in a dynamic configuration file, where ZooKeeper takes only server, group and weight lines: it does not start ("Unrecognised parameter: {key}"). Move the line to {static}.',
      'zh-cn': '{key} 写在动态配置文件中，而 ZooKeeper 在其中只接受 server、group 和 weight 行：它无法启动（"Unrecognised parameter: {key}"）。请把这一行移到{static}。',
    },
    versionInDynamic: {
      en: 'version is written inside a dynamic configuration file: ZooKeeper takes the version from the file name ({name}) and does not start with one inside ("dynamic file shouldn\'t have version inside"). Remove the line.',
      'zh-cn': 'version 写在动态配置文件内部：ZooKeeper 从文件名（{name}）中取得版本号，文件内写有版本号时无法启动（"dynamic file shouldn\'t have version inside"）。请删除这一行。',
    },
    serverInStatic: {
      en: '{key} is in a static configuration file that names a dynamic one (dynamicConfigFile={path}): ZooKeeper does not start ("parameter: {key} must be in a separate dynamic config file"). Keep the server, group and weight lines in the dynamic file only.',
      'zh-cn': '{key} 写在指定了动态配置文件的静态配置文件中（dynamicConfigFile={path}）：ZooKeeper 无法启动（"parameter: {key} must be in a separate dynamic config file"）。server、group 和 weight 行只能写在动态文件中。',
    },
    move: { en: 'Move {setting} to {file}', 'zh-cn': '把 {setting} 移到 {file}' },
    remove: { en: 'Remove this line', 'zh-cn': '删除这一行' },
    ...staticMessages,
  },
};

/**
 * What ZooKeeper (QuorumPeerConfig) refuses to start with: in a dynamic file (`source.dynamic`), a key
 * other than `server.<id>`, `group…` and `weight…` ("Unrecognised parameter"), or `version`, which
 * comes from the file name; in a static file with `dynamicConfigFile=`, server, group and weight lines.
 */
export function check(file: string, text: string, config: ZkConfig, source: ZkSettingsSource): Finding[] {
  const out: Finding[] = [];
  if (source.dynamic) {
    for (const e of config.props.entries) {
      const key = e.key.trim();
      if (key === 'version') {
        const name = file.split('/').at(-1) ?? file;
        out.push({ rule: meta.id, file, range: e.keyRange, message: { id: 'versionInDynamic', data: { name } }, fixes: [{ title: { id: 'remove' }, safe: false, edits: [removeLine(file, e)] }] });
      } else if (!isDynamicKey(key)) {
        const fix = moveFix(file, text, e, source.statics);
        out.push({ rule: meta.id, file, range: e.keyRange, message: { id: 'settingInDynamic', data: { key, static: staticRef(source) } }, fixes: fix ? [fix] : [] });
      }
    }
    return out;
  }
  const named = config.props.byKey.get('dynamicConfigFile');
  if (!named) return out;
  for (const e of config.props.entries) {
    const key = e.key.trim();
    if (!isDynamicKey(key) || key === 'version') continue;
    out.push({ rule: meta.id, file, range: e.keyRange, message: { id: 'serverInStatic', data: { key, path: named.value.trim() } }, fixes: [] });
  }
  return out;
}

/** Deletes the whole (logical) line of `e`. */
function removeLine(file: string, e: PropertyEntry): TextEdit {
  return { file, range: { start: { line: e.range.start.line, character: 0 }, end: { line: e.range.end.line + 1, character: 0 } }, newText: '' };
}

/**
 * Moves the line of `e` to the static files: written as it is where they do not set the key; only
 * deleted where all of them set it alike already. None when no static file is known or one sets the
 * key otherwise (which value is meant is the reader's call).
 */
function moveFix(file: string, text: string, e: PropertyEntry, statics: readonly ZkStaticFile[]): Fix | undefined {
  if (statics.length === 0) return undefined;
  const key = e.key.trim();
  const missing: ZkStaticFile[] = [];
  for (const s of statics) {
    const written = s.config.props.byKey.get(key);
    if (!written) missing.push(s);
    else if (!sameValue(written.value, e.value)) return undefined;
  }
  const idx = new LineIndex(text);
  const line = text.slice(idx.offsetAt({ line: e.range.start.line, character: 0 }), idx.offsetAt(e.range.end)).trim();
  const edits: TextEdit[] = [removeLine(file, e)];
  for (const { file: target, config } of missing) {
    const end = config.lastEntryEnd ?? { line: 0, character: 0 };
    edits.push({ file: target, range: { start: end, end }, newText: config.lastEntryEnd ? `\n${line}` : `${line}\n` });
  }
  if (missing.length === 0) return { title: { id: 'remove' }, safe: false, edits };
  return { title: { id: 'move', data: { setting: `${key}=${e.value.trim()}`, file: nameList(missing.map((s) => s.file)) } }, safe: false, edits };
}

/** Whether two values of a key are the same setting (ZooKeeper reads true and false in any case). */
function sameValue(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  return x === y || (/^(true|false)$/i.test(x) && x.toLowerCase() === y.toLowerCase());
}
