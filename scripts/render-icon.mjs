#!/usr/bin/env node
// Renders media/icon.svg (the extension's icon, its source) to media/icon.png at 128×128 with
// headless Chromium: the Marketplace and VS Code's Extensions view take a PNG, not an SVG.
// Usage: node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, repoRoot } from './codeServer.mjs';

const svg = readFileSync(join(repoRoot, 'media', 'icon.svg'), 'utf8');
const browser = await launchBrowser({ viewport: { width: 128, height: 128 } });
try {
  await browser.page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await browser.page.locator('svg').screenshot({ path: join(repoRoot, 'media', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
process.stdout.write('[render-icon] wrote media/icon.png\n');
