import { missingConfigImports } from '../../properties/imports';
import type { PropertiesFile } from '../../properties/parse';
import { nearestSibling } from '../../springResources';
import { LineIndex } from '../../text';
import type { Finding, Fix } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'spring-config-import-missing',
  severity: 'info',
  area: 'properties',
  description: {
    en: '`spring.config.import` names a file the workspace does not hold, without `optional:`: unless another module or a jar provides it, Spring Boot stops at start-up.',
    'zh-cn': '`spring.config.import` 指向工作区中不存在的文件且未加 `optional:`：除非其他模块或 jar 提供它，Spring Boot 启动时会失败。',
  },
  messages: {
    missing: {
      en: '{location} is read as {path}, which is not in the workspace. Spring Boot stops at start-up when an imported location without optional: is not found (ConfigDataResourceNotFoundException), unless another module or a jar on the classpath provides it.',
      'zh-cn': '{location} 对应 {path}，工作区中没有这个文件。导入的位置未加 optional: 且找不到时，Spring Boot 启动失败（ConfigDataResourceNotFoundException），除非其他模块或 classpath 上的 jar 提供了它。',
    },
    rename: { en: 'Change to {name}', 'zh-cn': '改为 {name}' },
    optional: { en: 'Mark it optional: (start without it)', 'zh-cn': '加上 optional:（没有它也能启动）' },
  },
};

/**
 * Each `spring.config.import` location of the file (any of its documents) that names a workspace
 * file which is not there, without `optional:`. Locations not followed (placeholders, folders,
 * wildcards, other sources; see properties/imports.ts) are not judged. `props` is the file parsed
 * from `text`; `exists` tells whether a workspace file is there.
 */
export function check(file: string, text: string, props: PropertiesFile, root: string, exists: (path: string) => boolean, files: () => readonly string[]): Finding[] {
  if (!text.includes('import')) return [];
  const out: Finding[] = [];
  let idx: LineIndex | undefined;
  for (const i of missingConfigImports(file, props, root, exists, files())) {
    const e = i.entry;
    idx ??= new LineIndex(text);
    const vs = idx.offsetAt(e.valueRange.start);
    // Only a value written as it reads (no escapes, no continuation lines) maps back to its characters.
    if (text.slice(vs, idx.offsetAt(e.valueRange.end)) !== e.value) continue;
    const from = vs + i.start;
    const fixes: Fix[] = [];
    // A slip in the file name: the nearest name among the files of the folder it points into.
    const sibling = nearestSibling(i.path, files);
    if (sibling?.guess !== undefined && i.location.endsWith(sibling.name)) {
      const range = idx.rangeOf(vs + i.end - sibling.name.length, vs + i.end);
      fixes.push({ title: { id: 'rename', data: { name: sibling.guess } }, safe: false, edits: [{ file, range, newText: sibling.guess }] });
    }
    fixes.push({ title: { id: 'optional' }, safe: false, edits: [{ file, range: idx.rangeOf(from, from), newText: 'optional:' }] });
    out.push({ rule: meta.id, file, range: idx.rangeOf(from, vs + i.end), message: { id: 'missing', data: { location: i.location, path: i.path } }, fixes });
  }
  return out;
}
