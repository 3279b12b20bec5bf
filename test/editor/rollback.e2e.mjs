// The Roll Back Service command as a user meets it, in real VS Code (code-server + Chromium via
// playwright-core): run from the command palette, it asks first in a modal dialog; Cancel leaves
// everything as it was, Roll Back starts the rollback. The hosts' SSH points at a closed port on
// loopback, so the rollback fails at once on its first host without any traffic leaving the
// machine, and the second question (go on with the other hosts?) and the failure report are seen too.
//
//   node scripts/build.mjs && node --test test/editor/rollback.e2e.mjs
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findChromium, freePort, isCodeServerInstalled, launchBrowser, repoRoot, startCodeServer, waitForWorkbench } from '../../scripts/codeServer.mjs';
import { runCommand } from './diagram.mjs';

const missing = [!isCodeServerInstalled() && 'code-server', !findChromium() && 'Chromium'].filter(Boolean);
const skip = missing.length && process.env.CI !== 'true' ? `missing ${missing.join(', ')}` : false;

/** The example with a deploy block on `order` and every host's SSH on a loopback port nothing listens on. */
async function workspaceWithDeploy() {
  const wsParent = mkdtempSync(join(tmpdir(), 'dubbo-topology-rollback-'));
  const workspace = join(wsParent, 'two-region');
  cpSync(join(repoRoot, 'examples', 'two-region'), workspace, { recursive: true });
  const closed = await freePort();
  const file = join(workspace, 'dubbo-topology.yaml');
  const text = readFileSync(file, 'utf8')
    .replaceAll('ssh: { user: deploy }', `ssh: { user: deploy, host: 127.0.0.1, port: ${closed} }`)
    .replace(
      '    config: [order/src/main/resources/applicationContext.xml]\n',
      '    config: [order/src/main/resources/applicationContext.xml]\n' +
        '    deploy:\n      artifact: order/target/order-*.jar\n      dir: /opt/order\n      restart: systemctl restart order\n      health: { tcp: 20880 }\n',
    );
  assert.match(text, /deploy:\n {6}artifact/);
  writeFileSync(file, text);
  mkdirSync(join(workspace, 'order', 'target'), { recursive: true });
  writeFileSync(join(workspace, 'order', 'target', 'order-1.0.jar'), 'jar');
  return { wsParent, workspace };
}

test('Roll Back Service asks first, in a modal dialog', { skip, timeout: 300_000 }, async (t) => {
  assert.deepEqual(missing, [], 'code-server and Chromium are installed by .ci/run');
  const { wsParent, workspace } = await workspaceWithDeploy();
  const runDir = join(repoRoot, '.vscode-test', 'runs', 'rollback');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const server = await startCodeServer({ workspace, dir: runDir });
  const browser = await launchBrowser({ viewport: { width: 1400, height: 900 } });
  const { page } = browser;
  const dialog = page.locator('.monaco-dialog-box');
  // What a rollback leaves behind in the workspace: its log.
  const logs = join(workspace, '.dubbo-topology');
  const rollBack = async () => {
    await runCommand(page, 'Dubbo Topology: Roll Back Service');
    // The one service with a deploy block is offered alone, or first.
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'order' }).first();
    await pick.waitFor({ state: 'visible', timeout: 20_000 });
    await pick.click();
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  };
  try {
    await page.goto(server.workbenchUrl({ payload: server.testPayload(repoRoot) }));
    await waitForWorkbench(page);

    await t.test('Cancel: nothing runs', async () => {
      await rollBack();
      assert.match(await dialog.innerText(), /Roll back order to its previous release on every host\?/);
      await page.screenshot({ path: join(runDir, 'rollback-question.png') });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      await page.waitForTimeout(2000);
      assert.equal(existsSync(logs), false, 'no rollback was logged');
    });

    await t.test('Roll Back: it runs; a host that fails asks whether to go on; the report says what became of each host', async () => {
      await rollBack();
      await dialog.getByRole('button', { name: 'Roll Back' }).click();
      // The first host cannot be reached: go on with the others?
      await page.locator('.monaco-dialog-box', { hasText: 'Continue with the remaining hosts?' }).waitFor({ state: 'visible', timeout: 60_000 });
      const question = await dialog.innerText();
      assert.match(question, /Rollback failed on (app-1|app-2)/);
      assert.match(question, /127\.0\.0\.1/);
      await page.screenshot({ path: join(runDir, 'rollback-failed-host.png') });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      const report = page.locator('.notification-list-item', { hasText: 'Rollback of order failed' });
      await report.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await report.innerText(), /not tried/);
      assert.ok(existsSync(logs), 'the rollback was logged');
    });
  } finally {
    await browser.close();
    await server.stop();
    rmSync(wsParent, { recursive: true, force: true });
  }
});
