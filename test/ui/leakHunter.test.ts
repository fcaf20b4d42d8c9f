// Leak Hunter as a user sees it: a real VS Code (code-server) in headless Chromium, the extension
// installed from its .vsix (or the built repo), the sample cache leak under the real debugpy adapter.
// The palette runs Show Growth and the tree shows the leaked type with its exact count; an
// instance's "Why Is This Alive?" opens the graph panel with the chain; clicking the list node
// opens the file at the `_cache` line. Screenshots land in screenshots/ (gitignored): look at them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import {
  debugStatus,
  notifications,
  openVSCode,
  openView,
  readTreeRows,
  repoRoot,
  runCommand,
  screenshot,
  startDebugging,
  treeRow,
  waitForDebugStatus,
  type VSCode,
} from './codeServer';

const CONFIG_NAME = 'UI test: cache leak on trigger';
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'leak-hunter-ui-'));
const trigger = path.join(workspace, 'trigger');
const CYCLES_CONFIG = 'UI test: cycles on trigger';
const cyclesTrigger = path.join(workspace, 'cycles-trigger');
let vs: VSCode;

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function leakOnce(batch: number, file = trigger): Promise<void> {
  fs.writeFileSync(file, String(batch));
  const t = new Date(Date.now() + batch * 1000);
  fs.utimesSync(file, t, t);
  await until(`batch ${batch}`, async () => {
    try {
      return fs.readFileSync(`${file}.done`, 'utf8') === String(batch);
    } catch {
      return false;
    }
  });
}

/** The frame of the graph webview (webviews are nested iframes in the workbench). */
async function graphFrame(page: Page): Promise<Frame> {
  try {
    return await until('the graph webview', async () => {
      for (const f of page.frames()) {
        if (
          (await f
            .locator('svg g[data-id]')
            .count()
            .catch(() => 0)) > 0
        )
          return f;
      }
      return undefined;
    });
  } catch (error) {
    await screenshot(page, 'ui-why-alive-failed');
    throw error;
  }
}

before(async () => {
  for (const f of ['cache_leak.py', 'leak_driver.py', 'cycles.py']) {
    fs.copyFileSync(path.join(repoRoot, 'sample', f), path.join(workspace, f));
  }
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'launch.json'),
    JSON.stringify({
      version: '0.2.0',
      configurations: [
        {
          name: CONFIG_NAME,
          type: 'debugpy',
          request: 'launch',
          program: '${workspaceFolder}/cache_leak.py',
          console: 'internalConsole',
          python: '/usr/bin/python3',
          env: { LEAK_TRIGGER: trigger, LEAK_BATCH: '100' },
        },
        {
          name: CYCLES_CONFIG,
          type: 'debugpy',
          request: 'launch',
          program: '${workspaceFolder}/cycles.py',
          console: 'internalConsole',
          python: '/usr/bin/python3',
          env: { LEAK_TRIGGER: cyclesTrigger, LEAK_BATCH: '100' },
        },
      ],
    }),
  );
  const vsix = path.join(repoRoot, 'dist/leak-hunter.vsix');
  vs = await openVSCode({ workspace, leakHunter: fs.existsSync(vsix) ? 'vsix' : 'dev' });
});

after(async () => {
  await vs?.stop();
});

test(
  'Show Growth from the palette lists the leaked type with its exact count',
  { timeout: 180_000 },
  async () => {
    const { page } = vs;
    await openView(page, 'Run and Debug');
    await startDebugging(page, CONFIG_NAME);
    await waitForDebugStatus(page, 'running');
    await until('the program loop', async () => fs.existsSync(`${trigger}.ready`));

    await runCommand(page, 'Leak Hunter: Take Snapshot');
    const first = await until('the first snapshot in the tree', async () => {
      const rows = await readTreeRows(page, 'Leak Hunter');
      return rows.length > 3 ? rows : undefined;
    });
    assert.ok(
      first.every((r) => !/pydevd|debugpy|leak_hunter/.test(r.label)),
      JSON.stringify(first),
    );

    await leakOnce(1);
    await runCommand(page, 'Leak Hunter: Show Growth');
    const rows = await until('OBJ in the tree', async () => {
      const r = await readTreeRows(page, 'Leak Hunter');
      return r.some((x) => x.label === 'OBJ') ? r : undefined;
    });
    assert.deepEqual(
      { label: rows[0].label, description: rows[0].description },
      { label: 'OBJ', description: '100  +100' },
    );
    await screenshot(page, 'ui-show-growth');
  },
);

test(
  'Why Is This Alive? on an instance draws the chain; the list node opens the _cache line',
  { timeout: 180_000 },
  async () => {
    const { page } = vs;
    await treeRow(page, 'Leak Hunter', /^OBJ/).click();
    const instance = treeRow(page, 'Leak Hunter', /0x[0-9a-f]+/);
    await instance.waitFor({ timeout: 15_000 });
    await instance.click({ button: 'right' });
    // The context menu: its first entry is "Why Is This Alive?" (VS Code menus take the keyboard).
    const item = page.getByRole('menuitem', { name: 'Why Is This Alive?' });
    await item.waitFor({ timeout: 10_000 });
    await item.hover(); // focuses the entry under the mouse
    await page.keyboard.press('Enter');

    const frame = await graphFrame(page);
    let texts: string[] = [];
    try {
      texts = await until('the chain drawn', async () => {
        const t = await frame.locator('svg text').allTextContents();
        return t.some((x) => x.includes('_cache')) ? t : undefined;
      });
    } finally {
      if (texts.length === 0) {
        console.log('graph texts:', JSON.stringify(await frame.locator('svg text').allTextContents()));
        await screenshot(page, 'ui-why-alive-failed');
      }
    }
    assert.ok(
      texts.some((t) => /^\[\d+\]$/.test(t.trim())),
      texts.join(' | '),
    );
    assert.ok(
      texts.some((t) => t.includes('__main__')),
      texts.join(' | '),
    );
    await screenshot(page, 'ui-why-alive');

    const listNode = frame.locator('svg g[data-id]', { hasText: 'list' }).first();
    await listNode.click();
    const tab = page.locator('.tabs-container .tab.active', { hasText: 'cache_leak.py' });
    await tab.waitFor({ timeout: 15_000 });
    const line =
      fs.readFileSync(path.join(workspace, 'cache_leak.py'), 'utf8').split('\n').indexOf('_cache = []') + 1;
    await until('the cursor on the _cache line', async () =>
      (
        (await page
          .locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ })
          .first()
          .textContent()) ?? ''
      ).startsWith(`Ln ${line},`),
    );
    await screenshot(page, 'ui-jump-to-source');
  },
);

test(
  'Find Reference Cycles lists the cycle groups in the view and draws one with __del__ marks',
  { timeout: 180_000 },
  async () => {
    const { page } = vs;
    if ((await debugStatus(page)) !== 'inactive') {
      await runCommand(page, 'Debug: Stop');
      await waitForDebugStatus(page, 'inactive');
    }
    await openView(page, 'Run and Debug');
    await startDebugging(page, CYCLES_CONFIG);
    await waitForDebugStatus(page, 'running');
    await until('the cycles program loop', async () => fs.existsSync(`${cyclesTrigger}.ready`));
    await runCommand(page, 'Leak Hunter: Set Baseline');
    await until('the baseline', async () =>
      (await notifications(page)).some((t) => t.startsWith('Leak Hunter: baseline set')),
    );
    await leakOnce(1, cyclesTrigger);
    await runCommand(page, 'Leak Hunter: Find Reference Cycles');
    // With a baseline, Leak Hunter asks for the scope: only what was made since the baseline.
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'Cycles created since the baseline' })
      .click();
    const rows = await until('the cycle groups', async () => {
      const r = await readTreeRows(page, 'Leak Hunter');
      return r.some((x) => x.label.startsWith('OBJWithDel')) ? r : undefined;
    }).catch(async (e) => {
      await screenshot(page, 'ui-cycles-failed');
      throw e;
    });
    const view = rows.map((r) => [r.label, r.description]);
    assert.deepEqual(view.slice(0, 3), [
      ['Reference cycles', '200 cycles in 2 groups'],
      ...[
        ['OBJ -> OBJ -> OBJ', 'x100'],
        ['OBJWithDel -> OBJWithDel -> OBJWithDel', 'x100 · __del__'],
      ].sort((a, b) =>
        view.findIndex((v) => v[0] === a[0]) < view.findIndex((v) => v[0] === b[0]) ? -1 : 1,
      ),
    ]);
    await treeRow(page, 'Leak Hunter', /^OBJWithDel -> /).click();
    const frame = await graphFrame(page);
    const texts = await until('the OBJWithDel cycle', async () => {
      const t = await frame.locator('svg text').allTextContents();
      return t.some((x) => x.includes('attr_c')) ? t : undefined;
    });
    assert.ok(texts.includes('.attr_d'), texts.join(' | '));
    assert.equal(texts.filter((t) => t.trim() === '__del__').length, 2, texts.join(' | '));
    await screenshot(page, 'ui-cycles');
  },
);
