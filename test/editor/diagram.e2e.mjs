/* global document -- the functions passed to evaluate() run in the webview */
// The topology diagram as a user sees it, in real VS Code (code-server + Chromium via
// playwright-core): open it from the command palette, find the regions and the red edges in the
// webview's DOM, click a node and check which file and line the editor shows.
//
//   node scripts/build.mjs && node --test test/editor/diagram.e2e.mjs
// EXTENSION_PATH selects the extension folder (default: this repository); DIAGRAM_THEME=dark runs
// it in the dark theme; SCREENSHOT_DIR, when set, receives diagram-<theme>.png.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  findChromium,
  isCodeServerInstalled,
  launchBrowser,
  repoRoot,
  startCodeServer,
  waitForWorkbench,
} from '../../scripts/codeServer.mjs';
import {
  OPEN_DIAGRAM_TITLE,
  diagramSnapshot,
  findDiagramFrame,
  lineOf,
  openFromDiagram,
  runCommand,
} from './diagram.mjs';
import { generateWorkspace, writeWorkspace } from '../../bench/lib/generate.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const extensionPath = process.env.EXTENSION_PATH ?? repoRoot;
const missing = [!isCodeServerInstalled() && 'code-server', !findChromium() && 'Chromium'].filter(Boolean);

// Outside CI a machine without code-server or Chromium skips this with a message; in CI it fails.
const skip = missing.length && process.env.CI !== 'true' ? `missing ${missing.join(', ')}` : false;

test('the topology diagram in real VS Code', { skip, timeout: 300_000 }, async (t) => {
  assert.deepEqual(missing, [], 'code-server and Chromium are installed by .ci/run');
  const wsParent = mkdtempSync(join(tmpdir(), 'dubbo-topology-diagram-'));
  const workspace = join(wsParent, 'two-region');
  cpSync(join(repoRoot, 'examples', 'two-region'), workspace, { recursive: true });
  const runDir = join(repoRoot, '.vscode-test', 'runs', 'diagram');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const theme = process.env.DIAGRAM_THEME === 'dark' ? 'dark' : 'light';
  const server = await startCodeServer({
    workspace,
    dir: runDir,
    settings: { 'workbench.colorTheme': theme === 'dark' ? 'Default Dark Modern' : 'Default Light Modern' },
  });
  const browser = await launchBrowser({ viewport: { width: 1600, height: 1000 } });
  const { page } = browser;
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  try {
    await page.goto(server.workbenchUrl({ payload: server.testPayload(extensionPath) }));
    await waitForWorkbench(page);
    await runCommand(page, OPEN_DIAGRAM_TITLE);
    const frame = await findDiagramFrame(page);
    if (process.env.SCREENSHOT_DIR) {
      // The picture for the README: the diagram alone, side bar hidden.
      mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
      await page.keyboard.press('Control+b');
      await sleep(1500);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `diagram-${theme}.png`) });
      await page.keyboard.press('Control+b');
      await sleep(500);
    }

    await t.test('regions, hosts and red edges are in the DOM', async () => {
      const snap = await diagramSnapshot(frame);
      assert.deepEqual(snap.regions.map((r) => r.id), ['region-east-1', 'region-east-2']);
      assert.match(snap.regions[0].text.join(' '), /华东1.*192\.168\.27\.0\/24/);
      assert.deepEqual(snap.hosts.map((h) => h.id).sort(), ['host-api-1', 'host-api-2', 'host-app-1', 'host-app-2']);
      const red = snap.edges.filter((e) => e.unreachable);
      const byId = new Map(snap.edges.map((e) => [e.id, e]));
      // The seed's outage: the 华东2 consumer reaches the registry by its 华东1 internal address.
      const reg = byId.get('edge-registry-api-2--api-to-api-1--registry');
      assert.ok(reg, `edges: ${[...byId.keys()].join(', ')}`);
      assert.equal(reg.unreachable, true);
      assert.equal(reg.public, true);
      assert.equal(reg.dashed, true, 'a cross-region edge is dashed');
      assert.match(reg.title, /192\.168\.27\.101/);
      assert.ok(red.some((e) => e.id === 'edge-call-api-2--api-to-app-1--order'));
      assert.equal(byId.get('edge-registry-api-1--api-to-api-1--registry').unreachable, false);
      assert.equal(byId.get('edge-registry-api-1--api-to-api-1--registry').dashed, false);
      assert.notEqual(reg.stroke, byId.get('edge-registry-api-1--api-to-api-1--registry').stroke, 'red is another colour');
    });

    await t.test('counts read as English: 1 error, 2 errors', async () => {
      const titles = await frame.locator('g.node > title').allTextContents();
      const wrong = titles.flatMap((t) => t.split('\n')).filter((l) => /(^|\D)1 (errors|warnings|infos)\b/.test(l));
      assert.deepEqual(wrong, []);
      const title = (host) => titles.find((t) => t.startsWith(`${host}\n`)) ?? '';
      assert.match(title('api-2'), /^1 error\n1 warning$/m);
      assert.match(title('api-1'), /^1 info or hint$/m);
    });

    await t.test('no edge is drawn over the text or the badges of a region, host or service', async () => {
      await frame.locator('#fit').click();
      await sleep(500);
      const covered = await frame.evaluate(() => {
        const out = [];
        for (const el of document.querySelectorAll('g.region > text, g.host > text, g.service > text, g.badge')) {
          const node = el.closest('g.node');
          const r = el.getBoundingClientRect();
          for (let i = 1; i <= 7; i++) {
            const x = r.left + (r.width * i) / 8;
            const y = r.top + r.height / 2;
            const top = document.elementFromPoint(x, y);
            const edge = top?.closest('g.edge');
            if (edge) out.push(`${node.id} "${el.textContent}" under ${edge.id}`);
          }
        }
        return [...new Set(out)];
      });
      assert.deepEqual(covered, []);
    });

    await t.test('a click on a host opens its most severe problem; Ctrl+click its definition', async (st) => {
      const apiXml = 'api/src/main/resources/applicationContext.xml';
      await openFromDiagram(page, frame, 'host-api-2', { file: apiXml, line: lineOf(workspace, apiXml, 'address="${zookeeper.host}"'), log: (m) => st.diagnostic(m) });
      const topology = 'dubbo-topology.yaml';
      await openFromDiagram(page, frame, 'host-api-2', { modifiers: ['Control'], file: topology, line: lineOf(workspace, topology, 'api-2:'), log: (m) => st.diagnostic(m) });
    });

    await t.test('zoom and pan survive hiding the panel and reloading the window', async () => {
      let frame = await findDiagramFrame(page);
      await frame.locator('#zoom-in').click();
      await frame.locator('#zoom-in').click();
      const zoomed = await frame.locator('svg#diagram').getAttribute('data-zoom');
      // Hide it behind another editor in its group, then bring it back.
      await page.locator('.tab', { hasText: 'Topology Diagram' }).click();
      await runCommand(page, 'File: New Untitled Text File');
      await page.locator('.tab', { hasText: 'Topology Diagram' }).click();
      frame = await findDiagramFrame(page);
      assert.equal(await frame.locator('svg#diagram').getAttribute('data-zoom'), zoomed);
      // A reload restores the panel through its serializer, with the same view. The command shuts the
      // workbench down in order (a browser reload may cut off the saving of the open editors).
      await runCommand(page, 'Developer: Reload Window');
      await page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 });
      await waitForWorkbench(page);
      frame = await findDiagramFrame(page, 90_000);
      assert.equal(await frame.locator('svg#diagram').getAttribute('data-zoom'), zoomed);
      await frame.locator('#fit').click();
    });

    await t.test('export as SVG and PNG through the save dialog', async () => {
      for (const [format, check] of [
        ['svg', (buf) => /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(buf.toString('utf8')) && buf.toString('utf8').includes('id="region-east-1"')],
        ['png', (buf) => buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && buf.length > 10_000],
      ]) {
        const frame = await findDiagramFrame(page);
        await frame.locator(`#export-${format}`).click();
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 15_000 });
        // The dialog fills in the folder first, then the proposed name.
        const proposed = new RegExp(`topology-diagram\\.${format}$`);
        const until = Date.now() + 10_000;
        while (!proposed.test(await input.inputValue()) && Date.now() < until) await sleep(100);
        assert.match(await input.inputValue(), proposed);
        await page.keyboard.press('Enter');
        const file = join(workspace, `topology-diagram.${format}`);
        const deadline = Date.now() + 15_000;
        while (!existsSync(file) && Date.now() < deadline) await sleep(200);
        assert.ok(existsSync(file), `${file} was not written`);
        await sleep(300);
        assert.ok(check(readFileSync(file)), `${format} content`);
      }
    });

    await t.test('the diagram follows an edit of the topology', async (st) => {
      const apiYaml = 'dubbo-topology.yaml';
      const frame = await findDiagramFrame(page);
      await openFromDiagram(page, frame, 'host-api-2', { modifiers: ['Control'], file: apiYaml, line: lineOf(workspace, apiYaml, 'api-2:'), log: (m) => st.diagnostic(m) });
      const before = (await diagramSnapshot(await findDiagramFrame(page))).revision;
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n# edited\n');
      const deadline = Date.now() + 5_000;
      let after = before;
      while (Date.now() < deadline && after === before) {
        await sleep(100);
        after = (await diagramSnapshot(await findDiagramFrame(page))).revision;
      }
      assert.notEqual(after, before, 'no update after the edit');
    });

    await t.test('the graph the webview draws was made by the lint worker, not on the extension host', () => {
      // The extension's log channel, as VS Code writes it under the user-data folder.
      const logs = join(runDir, 'user-data', 'logs');
      const lines = readdirSync(logs, { recursive: true })
        .filter((f) => String(f).endsWith(join('dubbo-topology.dubbo-topology', 'Dubbo Topology.log')))
        .flatMap((f) => readFileSync(join(logs, String(f)), 'utf8').split('\n'));
      assert.ok(lines.some((l) => l.includes('(lint worker)')), 'the analysis ran in the lint worker');
      assert.ok(lines.some((l) => /diagram graph made by the lint worker: \d+ KiB/.test(l)), 'no diagram graph came from the lint worker');
    });

    const csp = consoleErrors.filter((e) => /Content Security Policy/i.test(e));
    assert.deepEqual(csp, [], 'no Content-Security-Policy violations');
  } finally {
    await page.screenshot({ path: join(runDir, 'diagram.png') }).catch(() => {});
    await browser.close();
    await server.stop();
    rmSync(wsParent, { recursive: true, force: true });
  }
});

test('a diagram with more edges than dubboTopology.diagram.maxEdges draws one per pair of hosts and says so', { skip, timeout: 300_000 }, async () => {
  assert.deepEqual(missing, [], 'code-server and Chromium are installed by .ci/run');
  // A generated workspace (the bench's generator, small): 2 regions of 6 hosts, 40 Dubbo services,
  // 6 nginx configs; its consumers call providers on many hosts, some edges between one pair of hosts.
  const workspace = mkdtempSync(join(tmpdir(), 'dubbo-topology-diagram-big-'));
  writeWorkspace(workspace, generateWorkspace({ regions: 2, hostsPerRegion: 6, dubbo: 40, nginx: 6 }).files);
  const runDir = join(repoRoot, '.vscode-test', 'runs', 'diagram-big');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const server = await startCodeServer({ workspace, dir: runDir, settings: { 'dubboTopology.diagram.maxEdges': 50 } });
  const browser = await launchBrowser({ viewport: { width: 1600, height: 1000 } });
  const { page } = browser;
  const drawn = (frame) =>
    frame.evaluate(() => ({
      edges: document.querySelectorAll('#viewport g.edge').length,
      drawnEdges: Number(document.querySelector('svg#diagram')?.dataset.drawnEdges ?? -1),
      status: document.getElementById('status')?.hidden ? '' : (document.getElementById('status')?.textContent ?? ''),
      titles: [...document.querySelectorAll('#viewport g.edge > title')].map((t) => t.textContent ?? ''),
    }));
  try {
    await page.goto(server.workbenchUrl({ payload: server.testPayload(extensionPath) }));
    await waitForWorkbench(page);
    await runCommand(page, OPEN_DIAGRAM_TITLE);
    const frame = await findDiagramFrame(page);
    let d;
    for (const started = Date.now(); Date.now() - started < 60_000; await sleep(250)) {
      d = await drawn(frame);
      if (d.status) break;
    }
    const m = /^(\d+) of (\d+) connections drawn: one per kind and pair of hosts/.exec(d.status);
    assert.ok(m, `the status line says how many edges are drawn: ${JSON.stringify(d.status)}`);
    const [shown, of] = [Number(m[1]), Number(m[2])];
    assert.ok(shown <= 50 && of > 50, `${shown} of ${of}`);
    assert.equal(d.edges, shown, 'the DOM holds the edges the status line counts');
    assert.equal(d.drawnEdges, shown);
    assert.ok(d.titles.some((t) => /^\d+ connections between these hosts; this one is the most severe\.$/m.test(t)), 'a bundled edge says so in its tooltip');
    // Raised above the number of edges (a workspace setting, read at once): every edge, no status line.
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'dubboTopology.diagram.maxEdges': 10_000 }));
    for (const started = Date.now(); Date.now() - started < 60_000; await sleep(250)) {
      d = await drawn(frame);
      if (d.edges === of) break;
    }
    assert.equal(d.edges, of, 'every edge drawn once the limit is above their number');
    assert.equal(d.status, '');
    assert.ok(!d.titles.some((t) => /connections between these hosts/.test(t)));
  } finally {
    await page.screenshot({ path: join(runDir, 'diagram-big.png') }).catch(() => {});
    await browser.close();
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
});
