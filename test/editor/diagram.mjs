/* global document, getComputedStyle, HTMLElement -- the functions passed to evaluate() run in the page */
// Driving the topology diagram in real VS Code (code-server + Chromium via playwright-core) as a
// user does: the command palette, the webview's DOM (regions, hosts, edges with their tooltips), clicks
// on nodes, and what the editor then shows. Used by test/editor/diagram.e2e.mjs and the screenshots.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPEN_DIAGRAM_TITLE = 'Dubbo Topology: Open Diagram';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a command from the command palette, as a user does (F1, type the title, Enter). Retries
 * until the command is listed: contributions appear once the extension host has started.
 */
export async function runCommand(page, title, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const input = page.locator('.quick-input-widget input');
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
    } catch {
      // Keyboard focus inside the webview's frames may keep F1 from the workbench: give focus back
      // to the workbench document and press it again.
      await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
      await page.locator('.monaco-workbench').focus().catch(() => undefined);
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
    }
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    try {
      // The palette can close again between showing and typing (focus taken back by a webview's
      // frame): then it is opened anew, as when the command's row does not show.
      await input.fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw err;
      await sleep(1000);
    }
  }
}

/** The webview frame that holds the diagram, once it has drawn (`svg#diagram[data-ready]`). */
export async function findDiagramFrame(page, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if ((await frame.locator('svg#diagram[data-ready="true"]').count()) > 0) return frame;
      } catch {
        // frames come and go while the webview loads
      }
    }
    await sleep(250);
  }
  throw new Error(`no diagram webview drew within ${timeoutMs / 1000} s`);
}

/** What the diagram shows: region, host and service groups and every edge with its tooltip. */
export async function diagramSnapshot(frame) {
  return frame.evaluate(() => {
    const read = (sel) => [...document.querySelectorAll(sel)];
    const titleOf = (g) => g.querySelector(':scope > title')?.textContent ?? '';
    return {
      revision: document.querySelector('svg#diagram')?.getAttribute('data-revision'),
      regions: read('g.region').map((g) => ({ id: g.id, text: [...g.querySelectorAll(':scope > text')].map((t) => t.textContent) })),
      hosts: read('g.host').map((g) => ({ id: g.id, errors: Number(g.getAttribute('data-errors')), openFile: g.getAttribute('data-open-file'), openLine: Number(g.getAttribute('data-open-line')) })),
      services: read('g.service').map((g) => g.id),
      edges: read('g.edge').map((g) => ({
        id: g.id,
        unreachable: g.getAttribute('data-unreachable') === 'true',
        public: g.getAttribute('data-public') === 'true',
        dashed: getComputedStyle(g.querySelector('path.line')).strokeDasharray !== 'none',
        stroke: getComputedStyle(g.querySelector('path.line')).stroke,
        title: titleOf(g),
      })),
    };
  });
}

/** Clicks a node's name (a filled shape, so the SVG does not swallow the click). */
export async function clickDiagramNode(frame, id, modifiers = []) {
  const target = frame.locator(`g#${id} > text`).first();
  await target.click({ modifiers });
}

/**
 * Clicks a node and waits until the editor shows `file` at `line`. The webview counts the locations
 * it asks for (`data-opened` on the SVG): a failure says whether the click reached the diagram. A
 * click the diagram did not see within 5 s is reported on the test's output and made once more; a
 * second miss, or a request the editor does not follow, fails.
 */
export async function openFromDiagram(page, frame, id, { modifiers = [], file, line, log }) {
  const count = () => frame.evaluate(() => Number(document.querySelector('svg#diagram')?.getAttribute('data-opened') ?? 0));
  const before = await count();
  let asked = false;
  for (let attempt = 1; attempt <= 2 && !asked; attempt++) {
    await clickDiagramNode(frame, id, modifiers);
    const deadline = Date.now() + 5_000;
    while (!(asked = (await count()) > before) && Date.now() < deadline) await sleep(100);
    if (!asked) log?.(`the diagram saw no click on ${id}${attempt === 1 ? '; clicking again' : ''}`);
  }
  if (!asked) throw new Error(`the diagram saw no click on ${id}, twice`);
  const target = await frame.evaluate(() => document.querySelector('svg#diagram')?.getAttribute('data-opened-target'));
  try {
    return await waitForEditor(page, file, line);
  } catch (err) {
    // VS Code learns that a webview has focus by polling it (every 250 ms): when that news comes in
    // after the file has opened beside, the diagram's group becomes the active one again, with the
    // file shown in the other group. The location must then be there.
    if ((await activeEditor(page)).crumbs.length === 0) {
      // The file may be in any other group (one an earlier click opened beside): the group whose
      // breadcrumbs show it is brought to the front by a click on its active tab, which keeps its cursor.
      log?.(`the diagram's group took the focus back after ${target} opened; looking for ${file} in the other groups`);
      const until = Date.now() + 10_000;
      let group = await groupShowing(page, file);
      while (group < 0 && Date.now() < until) {
        await sleep(200);
        group = await groupShowing(page, file);
      }
      if (group < 0) throw new Error(`the diagram asked for ${target}; no editor group shows ${file}: ${JSON.stringify(await groupCrumbs(page))}`, { cause: err });
      await page.locator('.editor-group-container').nth(group).locator('.tab.active').click();
      try {
        return await waitForEditor(page, file, line, 5_000);
      } catch (again) {
        throw new Error(`the diagram asked for ${target}; ${again instanceof Error ? again.message : String(again)}`, { cause: again });
      }
    }
    throw new Error(`the diagram asked for ${target}; ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Each editor group's breadcrumbs (the workspace path of the editor it shows), in document order. */
function groupCrumbs(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.editor-group-container')].map((g) =>
      [...g.querySelectorAll('.breadcrumbs-control .monaco-breadcrumb-item')].map((e) => e.textContent.trim()).filter(Boolean),
    ),
  );
}

/** The index of the first editor group showing `file` (workspace-relative), or -1. */
async function groupShowing(page, file) {
  const parts = file.split('/');
  return (await groupCrumbs(page)).findIndex((crumbs) => crumbs.slice(0, parts.length).join('/') === file);
}

/** The active editor's workspace path (from the breadcrumbs) and cursor line (from the status bar). */
export async function activeEditor(page) {
  return page.evaluate(() => {
    const crumbs = [...document.querySelectorAll('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item')]
      .map((e) => e.textContent.trim())
      .filter(Boolean);
    const status = document.querySelector('[id="status.editor.selection"]')?.textContent ?? '';
    const m = /Ln (\d+), Col (\d+)/.exec(status);
    return { crumbs, line: m ? Number(m[1]) : undefined, column: m ? Number(m[2]) : undefined };
  });
}

/** Waits until the active editor shows `file` (workspace-relative) with the cursor on `line` (1-based). */
export async function waitForEditor(page, file, line, timeoutMs = 20_000) {
  const parts = file.split('/');
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await activeEditor(page);
    const tail = last.crumbs.slice(0, parts.length);
    if (tail.join('/') === file && last.line === line) return last;
    await sleep(200);
  }
  throw new Error(`expected ${file}:${line} in the active editor, saw ${JSON.stringify(last)}`);
}

/** 1-based line of the first occurrence of `needle` in a workspace file. */
export function lineOf(workspace, file, needle) {
  const text = readFileSync(join(workspace, file), 'utf8');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in ${file}`);
  return text.slice(0, at).split('\n').length;
}

