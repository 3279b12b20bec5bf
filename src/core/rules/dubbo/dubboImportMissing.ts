import type { DubboFile } from '../../dubbo/fileContext';
import { missingImports } from '../../dubbo/imports';
import { attrValueRange } from '../../dubbo/xml';
import { nearestSibling } from '../../springResources';
import type { Finding, Fix } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-import-missing',
  severity: 'info',
  area: 'dubbo',
  description: {
    en: '`<import resource>` names a file the workspace does not hold: unless another module or a jar provides it, Spring stops at start-up.',
    'zh-cn': '`<import resource>` 指向工作区中不存在的文件：除非其他模块或 jar 提供它，Spring 启动时会失败。',
  },
  messages: {
    missing: {
      en: '{location} is read as {path}, which is not in the workspace. Spring opens every imported resource when the context starts and stops if one cannot be opened ("Failed to import bean definitions"), unless another module or a jar on the classpath provides it.',
      'zh-cn': '{location} 对应 {path}，工作区中没有这个文件。Spring 在上下文启动时打开每个导入的资源，任何一个打不开就会启动失败（“Failed to import bean definitions”），除非其他模块或 classpath 上的 jar 提供了它。',
    },
    rename: { en: 'Change to {name}', 'zh-cn': '改为 {name}' },
  },
};

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  for (const i of missingImports(f.ctx.ws, f.file, f.doc)) {
    const { a, path } = i;
    const location = a.value.trim();
    const fixes: Fix[] = [];
    // A slip in the file name: the nearest name among the files of the folder it points into.
    const sibling = a.value === a.raw ? nearestSibling(path, () => f.ctx.ws.files()) : undefined;
    if (sibling?.guess !== undefined && location.endsWith(sibling.name)) {
      const end = a.value.trimEnd().length;
      fixes.push({
        title: { id: 'rename', data: { name: sibling.guess } },
        safe: false,
        edits: [{ file: f.file, range: attrValueRange(f.doc, a, end - sibling.name.length, end), newText: sibling.guess }],
      });
    }
    out.push(f.finding(meta.id, i.el, attrValueRange(f.doc, a), { id: 'missing', data: { location, path } }, { fixes }));
  }
  return out;
}
