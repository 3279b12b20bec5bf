#!/usr/bin/env node
// Screenshots for the README: opens the demo workbench (scripts/demo.mjs) in headless Chromium
// at 1400x900, drives it the way a user does (activity bar clicks, F1 + command titles, the
// mouse over a squiggle) and writes docs/images/<shot>-<theme>.png for the light and dark theme:
//   tree        the Dubbo Topology view, regions and hosts expanded, a host's definition revealed
//   diagnostics nginx/nginx.conf with its squiggles
//   hover       the hover on the first diagnostic in that file
//   problems    the Problems panel
//   diagram     the topology diagram, side bar hidden
// Usage: node scripts/screenshots.mjs [--file nginx/nginx.conf] [--theme light|dark] [--prefix dubbo-]
//        [--locale zh-cn]
// (--prefix is put before every image name, for pictures of another file; --locale runs VS Code with
// that display language and puts `<locale>-` before the names unless --prefix is given).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, repoRoot, waitForWorkbench } from './codeServer.mjs';
import { startDemo } from './demo.mjs';
import { findDiagramFrame } from '../test/editor/diagram.mjs';

const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };
const argValue = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const file = argValue('--file', 'nginx/nginx.conf');
const locale = argValue('--locale');
const prefix = argValue('--prefix', locale ? `${locale}-` : '');
const themes = argValue('--theme') ? [argValue('--theme')] : Object.keys(THEMES);
const outDir = join(repoRoot, 'docs', 'images');
mkdirSync(outDir, { recursive: true });

const say = (msg) => process.stdout.write(`[screenshots] ${msg}\n`);

// Command titles as the palette shows them in the chosen display language.
const nls = JSON.parse(readFileSync(join(repoRoot, locale ? `package.nls.${locale}.json` : 'package.nls.json'), 'utf8'));
const titleOf = (key) => `${nls.category}: ${nls[key]}`;

async function command(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
}

async function openFile(page, path) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(path);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[data-resource-name="${path.split('/').pop()}"]`).waitFor();
}

async function clearNotifications(page) {
  await command(page, 'Notifications: Clear All Notifications');
}

async function shot(page, name, theme) {
  const path = join(outDir, `${prefix}${name}-${theme}.png`);
  await page.mouse.move(0, 0);
  await page.screenshot({ path });
  say(`wrote ${path}`);
}

async function takeAll(theme) {
  const server = await startDemo({ locale, settings: { 'workbench.colorTheme': THEMES[theme], 'editor.minimap.enabled': false } });
  const browser = await launchBrowser({ viewport: { width: 1400, height: 900 }, colorScheme: theme });
  const { page } = browser;
  try {
    await page.goto(server.workbenchUrl());
    await waitForWorkbench(page);
    await page.waitForTimeout(3000);
    await clearNotifications(page);

    // The tree view: open it from the activity bar, expand regions and hosts, reveal a host.
    await page.locator('.part.activitybar .action-item a[aria-label^="Dubbo "]').click();
    const view = page.locator('.part.sidebar');
    await view.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    // Widen the side bar by dragging its edge, so host descriptions (IPs) are not cut off.
    const side = await view.boundingBox();
    if (side) {
      await page.mouse.move(side.x + side.width + 1, 450);
      await page.mouse.down();
      await page.mouse.move(side.x + 430, 450, { steps: 8 });
      await page.mouse.up();
    }
    for (let depth = 1; depth <= 2; depth++) {
      const collapsed = view.locator(`.monaco-list-row[aria-level="${depth}"][aria-expanded="false"]`);
      while ((await collapsed.count()) > 0) {
        await collapsed.first().click();
        await page.waitForTimeout(150);
      }
    }
    await view.locator('.monaco-list-row[aria-level="2"]').first().click();
    await page.locator('.tabs-container .tab[data-resource-name="dubbo-topology.yaml"]').waitFor();
    await page.waitForTimeout(1000);
    await shot(page, 'tree', theme);

    // The diagnostics in the chosen file.
    await openFile(page, file);
    const overlays = page.locator('.editor-instance .view-overlays');
    const anySquiggle = overlays.locator('.cdr[class*="squiggly-"]').first();
    try {
      await anySquiggle.waitFor({ state: 'attached', timeout: 20_000 });
    } catch {
      throw new Error(`no diagnostic is shown in ${file}: nothing to take a picture of`);
    }
    await page.waitForTimeout(1000);
    await shot(page, 'diagnostics', theme);
    // Errors first: the hover shows the most serious finding.
    const errors = overlays.locator('.cdr.squiggly-error');
    const squiggle = (await errors.count()) > 0 ? errors.first() : anySquiggle;

    // The hover on the first diagnostic.
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the squiggle has no box on screen');
    await page.mouse.move(box.x + Math.min(box.width / 2, 12), box.y + box.height / 2);
    await page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .hover-row').first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, `${prefix}hover-${theme}.png`) });
    say(`wrote ${join(outDir, `${prefix}hover-${theme}.png`)}`);
    await page.mouse.move(0, 0);

    // The Problems panel.
    await command(page, 'Problems: Focus on Problems View');
    await page.locator('.part.panel .markers-panel .monaco-list-row').first().waitFor({ state: 'visible' });
    await page.waitForTimeout(800);
    await shot(page, 'problems', theme);

    // The diagram alone, with the side bar and the panel out of the way.
    await command(page, 'View: Close Panel');
    await command(page, 'View: Close All Editors');
    await command(page, titleOf('command.openDiagram'));
    await findDiagramFrame(page);
    await command(page, 'View: Toggle Primary Side Bar Visibility');
    await page.waitForTimeout(1500);
    await shot(page, 'diagram', theme);
  } finally {
    await browser.close();
    await server.stop();
  }
}

try {
  for (const theme of themes) await takeAll(theme);
} catch (err) {
  process.stderr.write(`[screenshots] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
