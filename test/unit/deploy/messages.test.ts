import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPLOY_LOG, DeployLog } from '../../../src/deploy/log';
import { deployMessages, deployText, planProblemRef } from '../../../src/deploy/messages';

/** Texts that are commands or values alone, the same in every language. */
const VERBATIM = new Set(['detail/with-output', 'detail/list']);

test('every deploy message is written in English and Chinese, with the same values', () => {
  const slots = (x: string) => [...x.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  for (const [id, m] of Object.entries(deployMessages)) {
    assert.equal(slots(m['zh-cn']), slots(m.en), id);
    if (!VERBATIM.has(id)) assert.match(m['zh-cn'], /[\u4e00-\u9fff]|^（/, id);
  }
});

test('a failed remote command is told in the language asked, and what it was doing with it', () => {
  const ref = { id: 'error/exited', data: { host: 'app-1', what: { id: 'what/health' }, code: 7 } };
  assert.equal(deployText(ref, 'en'), 'app-1: health check exited with 7');
  assert.equal(deployText(ref, 'zh-cn'), 'app-1：健康检查失败，退出码 7');
  // What ends in Latin letters is set off from the Chinese after it.
  assert.equal(deployText({ ...ref, data: { ...ref.data, what: { id: 'what/nginx-test' } } }, 'zh-cn'), 'app-1：nginx -t 检查失败，退出码 7');
  for (const [id, m] of Object.entries(deployMessages)) if (id.startsWith('what/')) assert.doesNotMatch(m['zh-cn'], /[A-Za-z0-9]$/, id);
  // An SSH error inside a failed rollback is said in the same language.
  const lost = { id: 'lost/command', data: { host: 'app-1', target: 'root@127.0.0.1:22', command: 'true', detail: 'read ECONNRESET' } };
  assert.match(deployText({ id: 'detail/rollback-failed', data: { message: lost } }, 'zh-cn'), /^回滚：失败：执行 `true` 时与 app-1/);
  // Problems of a plan, one per code, and several joined as the language joins them.
  const problems = [
    planProblemRef({ code: 'no-dir', message: '', data: { service: 'order' } }),
    planProblemRef({ code: 'no-artifact', message: '', data: { pattern: 'target/*.jar' } }, 'order'),
  ];
  assert.equal(deployText({ id: 'detail/list', data: { items: problems } }, 'en'), 'service order: deploy.dir is missing; service order: target/*.jar matches no file');
  assert.equal(deployText({ id: 'detail/list', data: { items: problems } }, 'zh-cn'), '服务 order：缺少 deploy.dir；服务 order：target/*.jar 没有匹配到文件');
});

test('the Output channel speaks the editor language while the journal file stays English', () => {
  const root = mkdtempSync(join(tmpdir(), 'dt-deploy-log-'));
  try {
    const lines: string[] = [];
    const log = new DeployLog({ root, who: 'ops@desk', output: (l) => lines.push(l), locale: 'zh-cn', now: () => new Date('2026-12-01T00:00:00Z') });
    log.record({
      action: 'deploy',
      service: 'order',
      host: 'app-1',
      step: 'verify',
      result: 'failed',
      durationMs: 1200,
      detailRef: { id: 'error/checksum-mismatch', data: { host: 'app-1', file: 'order.jar', expected: 'aa', actual: { id: 'detail/none' } } },
    });
    log.say('app-1', { id: 'line/pruned', data: { releases: { id: 'common/text', data: { en: 'r1, r2', zh: 'r1、r2' } } } });
    assert.deepEqual(lines, [
      '[2026-12-01T00:00:00.000Z] 部署 order @ app-1 校验：失败（1.2 秒）\n    app-1：order.jar 的校验和不一致：本地 sha256 为 aa，主机上为（无）',
      '  [app-1] 已清理 r1、r2',
    ]);
    const entry = JSON.parse(readFileSync(join(root, DEPLOY_LOG), 'utf8'));
    assert.deepEqual(
      [entry.action, entry.step, entry.result, entry.detail],
      ['deploy', 'verify', 'failed', 'app-1: checksum mismatch for order.jar: local sha256 aa, on the host (none)'],
    );
    assert.ok(!('detailRef' in entry));

    // English by default: the words the journal has always had.
    const en: string[] = [];
    new DeployLog({ output: (l) => en.push(l), now: () => new Date('2026-12-01T00:00:00Z') }).record({ action: 'rollback', service: 'order', step: 'summary', result: 'ok', detailRef: { id: 'summary', data: { deployed: 0, failed: 0, rolledBack: 2, cancelled: 0, skipped: 0 } } });
    assert.deepEqual(en, ['[2026-12-01T00:00:00.000Z] rollback order summary: ok']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
