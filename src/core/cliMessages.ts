import type { Locale } from './types';

/** The CLI's own strings (rule messages live with their rules). */
export function cliMessages(locale: Locale) {
  const zh = locale === 'zh-cn';
  const usage = zh
    ? '用法：dubbo-topology lint [目录] [--format text|json|sarif] [--fix] [--locale en|zh-cn]'
    : 'Usage: dubbo-topology lint [folder] [--format text|json|sarif] [--fix] [--locale en|zh-cn]';
  return {
    usage,
    unknownCommand: (c: string) => (zh ? `未知命令 "${c}"。\n${usage}` : `Unknown command "${c}".\n${usage}`),
    unknownOption: (o: string) => (zh ? `未知选项 "${o}"。\n${usage}` : `Unknown option "${o}".\n${usage}`),
    missingValue: (o: string) => (zh ? `选项 ${o} 缺少取值。\n${usage}` : `Option ${o} needs a value.\n${usage}`),
    extraArgument: (a: string) => (zh ? `多余的参数 "${a}"：只能指定一个目录。\n${usage}` : `Unexpected argument "${a}": give one folder.\n${usage}`),
    badFormat: (f: string) => (zh ? `未知输出格式 "${f}"，可选 text、json、sarif。` : `Unknown format "${f}": use text, json or sarif.`),
    badLocale: (l: string) => (zh ? `未知语言 "${l}"，可选 en、zh-cn。` : `Unknown locale "${l}": use en or zh-cn.`),
    noTopology: (dir: string) =>
      zh ? `在 ${dir} 中未找到 dubbo-topology.yaml。` : `No dubbo-topology.yaml found in ${dir}.`,
    analyzerFailed: (a: string, f: string, e: string) =>
      zh ? `分析器 ${a} 处理 ${f} 时出错，已跳过：${e}` : `The ${a} analyzer failed on ${f} and skipped it: ${e}`,
    fixed: (file: string, line: number, col: number, text: string) =>
      zh ? `已修复 ${file}:${line}:${col} → ${text}` : `fixed ${file}:${line}:${col} -> ${text}`,
    summary: (errors: number, warnings: number, others: number) =>
      zh
        ? `${errors} 个错误，${warnings} 个警告，${others} 个提示`
        : `${errors} error(s), ${warnings} warning(s), ${others} info/hint(s)`,
  };
}
