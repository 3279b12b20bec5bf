/**
 * Texts of Deploy and Roll Back (errors, the Output channel's lines, the run's summary) in English
 * and Simplified Chinese, as data: the engine builds message references, the journal file keeps the
 * English, and the Output channel and the editor say them in the editor's language. What a remote
 * command or a build printed stays as it was.
 */
import { localize } from '../core/l10n';
import { sshMessages, sshText } from '../core/sshMessages';
import type { Locale, MessageRef } from '../core/types';
import type { MessageTemplate } from '../core/rules/meta';
import type { PlanProblem } from './plan';

const t = (en: string, zh: string): MessageTemplate => ({ en, 'zh-cn': zh });

/** What a remote command was doing (`what/…` messages). */
const WHAT = {
  preparing: t('preparing the release directory', '准备发布目录'),
  'listing-releases': t('listing releases', '列出发布版本'),
  'reading-current': t('reading the current release', '读取当前发布版本'),
  checksum: t('checksum', '校验和检查'),
  home: t('finding the home directory', '查找主目录'),
  'drop-in-dir': t('creating the unit drop-in directory', '创建 unit 的 drop-in 目录'),
  'drop-in-remove': t('removing the unit drop-in', '删除 unit 的 drop-in 文件'),
  'daemon-reload': t('systemctl daemon-reload', '执行 systemctl daemon-reload 命令'),
  switch: t('switching current', '切换 current 链接'),
  'switch-back': t('switching back', '切换回原版本'),
  restart: t('restart', '重启'),
  health: t('health check', '健康检查'),
  'prune-releases': t('pruning old releases', '清理旧发布版本'),
  staging: t('staging', '暂存'),
  'nginx-test': t('nginx -t', 'nginx -t 检查'),
  swap: t('swapping the config in', '换入新配置'),
  reload: t('reload', '重新加载'),
  'remove-staging': t('removing the staging directory', '删除暂存目录'),
  'list-backups': t('listing backups', '列出备份'),
  'prune-backups': t('pruning backups', '清理备份'),
  'restore-previous': t('restoring the previous config', '恢复先前的配置'),
  restore: t('restoring', '恢复'),
  'remove-backup': t('removing the used backup', '删除已用的备份'),
} satisfies Record<string, MessageTemplate>;

export type WhatKey = keyof typeof WHAT;

export const deployMessages: Record<string, MessageTemplate> = {
  // What a remote command was doing when it failed (`{what}` of `error/exited`, `error/timed-out`).
  ...Object.fromEntries(Object.entries(WHAT).map(([k, v]) => [`what/${k}`, v])),

  // Errors (the `message` of a DeployError is the English).
  'error/exited': t('{host}: {what} exited with {code}', '{host}：{what}失败，退出码 {code}'),
  'error/timed-out': t('{host}: {what} timed out', '{host}：{what}超时'),
  'error/no-release-dir': t('{host}: cannot create a release directory under {dir}', '{host}：无法在 {dir} 下创建发布目录'),
  'error/no-staging-dir': t('{host}: cannot create a staging directory beside {dir}', '{host}：无法在 {dir} 旁创建暂存目录'),
  'error/checksum-mismatch': t(
    '{host}: checksum mismatch for {file}: local sha256 {expected}, on the host {actual}',
    '{host}：{file} 的校验和不一致：本地 sha256 为 {expected}，主机上为 {actual}',
  ),
  'error/home-unknown': t(
    '{host}: the home directory of the SSH user is not known ($HOME is "{home}"), and deploy.dir "{dir}" is relative to it',
    '{host}：不知道 SSH 用户的主目录（$HOME 为 "{home}"），而 deploy.dir "{dir}" 是相对于它的',
  ),
  'error/build-start': t('{service}: build failed to start: {detail}', '{service}：构建无法启动：{detail}'),
  'error/build-exit': t('{service}: build `{command}` exited with {code}', '{service}：构建 `{command}` 失败，退出码 {code}'),
  'error/no-current': t(
    '{host}: current is not a release deployed here: no release to roll back to',
    '{host}：current 不是在此部署的发布版本：没有可回滚到的版本',
  ),
  'error/none-before-recorded': t('{host}: no release was live before {current}: no release to roll back to', '{host}：{current} 之前没有在线的发布版本：没有可回滚到的版本'),
  'error/previous-gone': t('{host}: release {target}, live before {current}, is no longer on the host', '{host}：{current} 之前在线的发布版本 {target} 已不在主机上'),
  'error/none-before': t('{host}: no release before {current} to roll back to', '{host}：{current} 之前没有可回滚到的发布版本'),
  'error/no-backup': t('{host}: no config backup to restore', '{host}：没有可恢复的配置备份'),
  'error/no-backup-named': t('{host}: no config backup to restore named {target}', '{host}：没有名为 {target} 的配置备份可恢复'),
  'error/no-release': t('{host}: no release {target} to roll back to', '{host}：没有可回滚到的发布版本 {target}'),

  // Problems of a plan (`PlanProblem`, by code; `planProblemRef`).
  'plan/unknown-service': t('{service} is not a service of the topology', '{service} 不是拓扑中的服务'),
  'plan/unknown-host': t('{host} is not a host of the topology', '{host} 不是拓扑中的主机'),
  'plan/no-deploy': t('service {service} has no deploy block', '服务 {service} 没有 deploy 块'),
  'plan/no-config': t('nginx service {service} lists no config file', 'nginx 服务 {service} 未列出配置文件'),
  'plan/no-artifact': t('service {service}: {pattern} matches no file', '服务 {service}：{pattern} 没有匹配到文件'),
  'plan/no-artifact-missing': t('service {service}: deploy.artifact is missing', '服务 {service}：缺少 deploy.artifact'),
  'plan/artifact-ambiguous': t('service {service}: {pattern} matches {count} files', '服务 {service}：{pattern} 匹配到 {count} 个文件'),
  'plan/bad-env-name': t('service {service}: {name} is not a valid environment variable name', '服务 {service}：{name} 不是有效的环境变量名'),
  'plan/no-dir': t('service {service}: deploy.dir is missing', '服务 {service}：缺少 deploy.dir'),
  'plan/no-hosts': t('service {service} runs on no host', '服务 {service} 不在任何主机上运行'),

  // The Output channel: one line per step (`deploy order @ app-1 upload: ok`), its words.
  'log/duration': t(' ({seconds} s)', '（{seconds} 秒）'),
  'action/deploy': t('deploy', '部署'),
  'action/rollback': t('rollback', '回滚'),
  'action/build': t('build', '构建'),
  'step/plan': t('plan', '计划'),
  'step/build': t('build', '构建'),
  'step/connect': t('connect', '连接'),
  'step/prepare': t('prepare', '准备'),
  'step/upload': t('upload', '上传'),
  'step/verify': t('verify', '校验'),
  'step/environment': t('environment', '环境'),
  'step/switch': t('switch', '切换'),
  'step/restart': t('restart', '重启'),
  'step/health': t('health', '健康检查'),
  'step/prune': t('prune', '清理'),
  'step/test-config': t('test-config', '测试配置'),
  'step/swap': t('swap', '换入配置'),
  'step/reload': t('reload', '重新加载'),
  'step/rollback': t('rollback', '回滚'),
  'step/host': t('host', '主机'),
  'step/summary': t('summary', '汇总'),
  'result/ok': t('ok', '成功'),
  'result/failed': t('failed', '失败'),
  'result/cancelled': t('cancelled', '已取消'),
  'result/skipped': t('skipped', '已跳过'),
  'result/started': t('started', '已开始'),
  summary: t(
    'deployed {deployed}, failed {failed}, rolled back {rolledBack}, cancelled {cancelled}, skipped {skipped}',
    '已部署 {deployed}，失败 {failed}，已回滚 {rolledBack}，已取消 {cancelled}，已跳过 {skipped}',
  ),
  'detail/no-previous': t('no previous release', '没有先前的发布版本'),
  'detail/no-previous-to-roll-back': t('no previous release to roll back to', '没有可回滚到的先前发布版本'),
  'detail/rollback-ok': t('rollback: ok, {release} live', '回滚：成功，{release} 在线'),
  'detail/rollback-failed': t('rollback: failed: {message}', '回滚：失败：{message}'),
  'detail/left-changed': t('host left changed: {release} is live', '主机保持已更改状态：{release} 在线'),
  'detail/with-output': t('{message}\n{output}', '{message}\n{output}'),
  'detail/list': t('{items}', '{items}'),
  'detail/none': t('(none)', '（无）'),
  'detail/previous-config': t('previous config', '先前的配置'),
  'line/reconnecting': t('connection lost: reconnecting', '连接已断开：正在重新连接'),
  'line/drop-in-removed': t('removed {path}', '已删除 {path}'),
  'line/drop-in-restored': t('restored {path}', '已恢复 {path}'),
  'line/drop-in-failed': t('could not put the unit drop-in back: {detail}', '无法恢复 unit 的 drop-in 文件：{detail}'),
  'line/cleanup-skipped': t('cleanup skipped: {detail}', '已跳过清理：{detail}'),
  'line/pruned': t('pruned {releases}', '已清理 {releases}'),
};

/**
 * A deploy message, a message of the SSH layer, or a list (`nameList`), said in `locale`; a message
 * inside another (an SSH error inside a failed rollback) is said in the same language.
 */
export function deployText(ref: MessageRef, locale: Locale): string {
  if (!(ref.id in deployMessages) && ref.id in sshMessages) return sshText(ref, locale);
  let data = ref.data;
  if (data && Object.values(data).some((v) => typeof v === 'object' && !Array.isArray(v))) {
    data = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'object' && !Array.isArray(v) ? deployText(v, locale) : v]));
  }
  return localize({ id: ref.id, data }, locale, (id) => deployMessages[id]);
}

/** A problem of a plan as a message (its `message` is the English); `service` names the service when the problem does not. */
export function planProblemRef(p: PlanProblem, service?: string): MessageRef {
  const data = { service: service ?? '', ...p.data };
  if (p.code === 'no-artifact' && !p.data.pattern) return { id: 'plan/no-artifact-missing', data };
  return { id: `plan/${p.code}`, data };
}
