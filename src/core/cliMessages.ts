import type { Locale } from './types';

/** The CLI's own strings (rule messages live with their rules). */
export function cliMessages(locale: Locale) {
  const zh = locale === 'zh-cn';
  const usage = zh
    ? '用法：dubbo-topology lint [目录] [--format text|json|sarif] [--fix] [--locale en|zh-cn]'
    : 'Usage: dubbo-topology lint [folder] [--format text|json|sarif] [--fix] [--locale en|zh-cn]';
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
        '退出码：0 没有错误；1 仍有错误级别的诊断；2 用法错误或未找到 dubbo-topology.yaml。',
        '',
        '环境变量：',
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
        'Exit codes: 0 no error; 1 an error-severity diagnostic remains; 2 bad usage or no dubbo-topology.yaml.',
        '',
        'Environment:',
        '  DUBBO_TOPOLOGY_CACHE_DIR      where the command keeps its V8 code cache (default ~/.cache/dubbo-topology/code-cache)',
        '  NODE_DISABLE_COMPILE_CACHE=1  run without the code cache',
      ].join('\n');
  return {
    usage,
    help,
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
