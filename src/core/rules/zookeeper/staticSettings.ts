import { nameList } from '../../l10n';
import type { MessageTemplate } from '../meta';
import type { MessageRef } from '../../types';
import type { ZkSettingsSource } from '../../zookeeper/files';

/**
 * Where the ZooKeeper rules tell the reader to write a setting of a dynamic configuration file's
 * server lines: its static file, by name, or the one the topology does not list. Spread into the
 * `messages` of each rule that uses it.
 */
export const staticMessages: Record<string, MessageTemplate> = {
  staticFile: { en: '{file}, the static configuration of this dynamic file', 'zh-cn': ' {file}（此动态配置文件对应的静态配置）' },
  staticFiles: { en: '{file}, the static configurations of this dynamic file', 'zh-cn': ' {file}（此动态配置文件对应的静态配置）' },
  staticUnlisted: {
    en: 'the static configuration whose dynamicConfigFile names this file (the topology lists it under no config:; list it there too, so that its settings are read)',
    'zh-cn': '其 dynamicConfigFile 指向此文件的静态配置（拓扑的 config: 中没有列出它；请一并列出，以便读取其中的设置）',
  },
};

/** The static file(s) a dynamic file's settings belong in, for a message's `{static}`. */
export function staticRef(source: ZkSettingsSource): MessageRef {
  const files = source.statics.map((s) => s.file);
  if (files.length === 0) return { id: 'staticUnlisted' };
  return { id: files.length === 1 ? 'staticFile' : 'staticFiles', data: { file: nameList(files) } };
}
