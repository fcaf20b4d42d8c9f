// UI-driving helpers: a real VS Code (code-server) in headless Debian Chromium, driven by
// playwright-core. For UI tests run with `node --import tsx --test test/ui/*.test.ts`.
//
//   const vs = await openVSCode({ workspace: 'test/vscode/workspace', leakHunter: 'dev' });
//   await startDebugging(vs.page, 'Smoke: hello.py');
//   await waitForDebugStatus(vs.page, 'running');
//   await runCommand(vs.page, 'Leak Hunter: Take Snapshot');
//   const rows = await readTreeItems(vs.page, 'Leak Hunter');
//   await screenshot(vs.page, 'after-snapshot');   // -> screenshots/after-snapshot.png
//   await vs.stop();
//
// The selectors are VS Code 1.100's DOM (quick input, panes, lists, debug toolbar).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  launchChromium,
  repoRoot,
  screenshotsDir,
  smokeTestDriverInitScript,
  startCodeServer,
  workbenchUrl,
} from '../vscode/runner/codeServer.mjs';

export { repoRoot, screenshotsDir };

export interface OpenVSCodeOptions {
  /** Folder to open: absolute, or relative to the repo root. */
  workspace: string;
  /**
   * How Leak Hunter is loaded:
   *  - 'vsix': installed from a .vsix (default dist/leak-hunter.vsix, `npm run package`), as a user would;
   *  - 'dev': the repo root as extensionDevelopmentPath (needs `node scripts/build.mjs`);
   *  - 'none': not loaded.
   * Default 'dev'.
   */
  leakHunter?: 'vsix' | 'dev' | 'none';
  vsix?: string;
  /** Install the test-only `debugpy` fixture extension (default true). */
  fixture?: boolean;
  /** User settings for the throw-away profile. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server (and so the extension host). */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** Turn on the workbench's smoke-test driver (confirmation dialogs auto-accept). Default false. */
  smokeTestDriver?: boolean;
  /** Where code-server.log and browser-console.log go (default .test-work/ui/). */
  logDir?: string;
}

export interface VSCode {
  page: Page;
  browser: Browser;
  context: BrowserContext;
  url: string;
  port: number;
  logDir: string;
  /** Close Chromium and kill code-server with everything it started (debug adapters, debuggees). */
  stop(): Promise<void>;
}

const QUICK_INPUT = '.quick-input-widget';

function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** Starts code-server + Chromium, opens the workspace and waits for the workbench. */
export async function openVSCode(options: OpenVSCodeOptions): Promise<VSCode> {
  const workspace = path.resolve(repoRoot, options.workspace);
  const mode = options.leakHunter ?? 'dev';
  const logDir = options.logDir ?? path.join(repoRoot, '.test-work/ui');
  fs.mkdirSync(logDir, { recursive: true });
  let vsix: string | undefined;
  if (mode === 'vsix') {
    vsix = path.resolve(repoRoot, options.vsix ?? 'dist/leak-hunter.vsix');
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} missing: run \`npm run package\` first`);
  }
  if (mode === 'dev' && !fs.existsSync(path.join(repoRoot, 'dist/extension.js'))) {
    throw new Error('dist/extension.js missing: run `node scripts/build.mjs` first');
  }
  const server = await startCodeServer({
    workspace,
    fixture: options.fixture,
    vsix,
    env: options.env,
    logDir,
    settings: { 'debug.toolBarLocation': 'floating', ...options.settings },
  });
  let browser: Browser | undefined;
  try {
    browser = (await launchChromium()) as Browser;
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    // tsx compiles this file with esbuild's keepNames, so functions passed to page.evaluate()
    // may call `__name(fn, "name")`, which does not exist in the page: define it in every frame.
    await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
    if (options.smokeTestDriver) await context.addInitScript(smokeTestDriverInitScript);
    const page = await context.newPage();
    const consoleLog = fs.createWriteStream(path.join(logDir, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack ?? e}\n`));
    await page.goto(
      workbenchUrl(server, {
        workspace,
        extensionDevelopmentPath: mode === 'dev' ? repoRoot : undefined,
      }),
    );
    await waitForWorkbench(page);
    const b = browser;
    return {
      page,
      browser: b,
      context,
      url: server.url,
      port: server.port,
      logDir,
      async stop() {
        await b.close().catch(() => {});
        consoleLog.end();
        await server.stop();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw err;
  }
}

/** Waits until the workbench is rendered and connected to the server with the folder open. */
export async function waitForWorkbench(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout });
  // The Problems item appears once the remote connection and workbench contributions are up;
  // before that, quick access lists (launch configurations, views) may still be empty.
  await page.locator('.monaco-workbench [id="status.problems"]').waitFor({ state: 'visible', timeout });
}

async function openQuickInput(page: Page, value: string): Promise<Locator> {
  const widget = page.locator(QUICK_INPUT);
  const input = widget.locator('.quick-input-box input');
  if (!(await widget.isVisible())) await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(value);
  return widget;
}

/**
 * Types value into the quick input (F1) and clicks the row whose label is exactly `label`.
 * Retries until timeout: right after start-up the lists (commands contributed by extensions,
 * launch configurations) may not be complete yet.
 */
export async function pickFromQuickInput(
  page: Page,
  value: string,
  label: string | RegExp,
  { timeout = 10_000 } = {},
): Promise<void> {
  const widget = page.locator(QUICK_INPUT);
  const text = typeof label === 'string' ? exactText(label) : label;
  const deadline = Date.now() + timeout;
  for (;;) {
    await openQuickInput(page, value);
    const row = widget
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: text }) })
      .first();
    try {
      await row.waitFor({ state: 'visible', timeout: Math.max(100, Math.min(2_000, deadline - Date.now())) });
    } catch (err) {
      if (Date.now() >= deadline) {
        const shown = await widget.locator('.quick-input-list .monaco-list-row').allInnerTexts();
        await page.keyboard.press('Escape');
        throw new Error(`no quick input row ${text} for '${value}'; rows: ${JSON.stringify(shown)}`, {
          cause: err,
        });
      }
      await page.keyboard.press('Escape');
      continue;
    }
    await row.click();
    await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    return;
  }
}

/**
 * Runs a command from the palette (F1): types its title ("Category: Title", as the palette
 * shows it) and clicks the row whose label is exactly that title.
 */
export async function runCommand(page: Page, title: string, { timeout = 10_000 } = {}): Promise<void> {
  await pickFromQuickInput(page, `>${title}`, title, { timeout });
}

/** Commands the palette offers for a search text, e.g. 'Leak Hunter:' (labels as shown). */
export async function listCommands(page: Page, search: string): Promise<string[]> {
  const widget = await openQuickInput(page, `>${search}`);
  await page.waitForTimeout(300);
  const labels = await widget.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
  await page.keyboard.press('Escape');
  return labels.map((l) => l.trim());
}

/** Opens a view or view container by its name ('Run and Debug', 'Explorer', 'Leak Hunter', 'Debug Console'). */
export async function openView(page: Page, name: string, { timeout = 10_000 } = {}): Promise<void> {
  await pickFromQuickInput(page, `view ${name}`, name, { timeout });
}

/** Starts a launch configuration by name, as "Debug: Select and Start Debugging" does. */
export async function startDebugging(
  page: Page,
  configName: string,
  { timeout = 15_000 } = {},
): Promise<void> {
  await pickFromQuickInput(page, `debug ${configName}`, configName, { timeout });
}

export type DebugStatus = 'running' | 'paused' | 'inactive';

/** The debug toolbar's state: 'running' (Pause offered), 'paused' (Continue offered) or 'inactive'. */
export async function debugStatus(page: Page): Promise<DebugStatus> {
  const toolbar = page.locator('.debug-toolbar');
  if (!(await toolbar.isVisible())) return 'inactive';
  if (await toolbar.locator('.action-label[aria-label^="Continue"]').isVisible()) return 'paused';
  if (await toolbar.locator('.action-label[aria-label^="Pause"]').isVisible()) return 'running';
  return 'inactive';
}

export async function waitForDebugStatus(
  page: Page,
  status: DebugStatus,
  { timeout = 20_000 } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: DebugStatus = 'inactive';
  while (Date.now() < deadline) {
    last = await debugStatus(page);
    if (last === status) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`debug status stayed '${last}', wanted '${status}'`);
}

/** The pane (a view inside a side-bar container) whose header title is viewTitle. */
export function viewPane(page: Page, viewTitle: string): Locator {
  return page
    .locator('.monaco-workbench .pane')
    .filter({
      has: page.locator('.pane-header .title', {
        hasText: new RegExp(`^\\s*${escape(viewTitle)}\\s*$`, 'i'),
      }),
    })
    .first();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Expands the view's pane when it is collapsed. */
export async function expandView(page: Page, viewTitle: string): Promise<Locator> {
  const pane = viewPane(page, viewTitle);
  await pane.waitFor({ state: 'visible', timeout: 10_000 });
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane;
}

export interface TreeRow {
  text: string;
  label: string;
  description: string;
  level: number;
  expanded: boolean | undefined;
}

/** The visible rows of a tree/list view, with label, description and depth. */
export async function readTreeRows(page: Page, viewTitle: string): Promise<TreeRow[]> {
  const pane = await expandView(page, viewTitle);
  const rows = pane.locator('.pane-body .monaco-list-row');
  return rows.evaluateAll((els) =>
    els
      .map((el) => {
        const h = el as HTMLElement;
        const exp = h.getAttribute('aria-expanded');
        // The row's text parts (label, description, file, line, badge...) joined by one space:
        // innerText/textContent run inline parts together ("function6,437").
        const parts: string[] = [];
        const walk = (e: Element) => {
          if (e.matches('.actions, .monaco-action-bar, .monaco-tl-twistie')) return;
          const unit = e.children.length === 0 || e.matches('.monaco-highlighted-label');
          if (unit) {
            const t = (e.textContent ?? '').trim();
            if (t) parts.push(t);
          } else for (const c of Array.from(e.children)) walk(c);
        };
        walk(h);
        return {
          top: parseFloat(h.style.top || '0'),
          text: parts.join(' ').replace(/\s+/g, ' ').trim(),
          label: (h.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (h.querySelector('.label-description')?.textContent ?? '').trim(),
          level: Number(h.getAttribute('aria-level') ?? '1'),
          expanded: exp === null ? undefined : exp === 'true',
        };
      })
      .sort((a, b) => a.top - b.top)
      .map(({ top: _top, ...r }) => r),
  );
}

/** The visible rows' text of a tree/list view (in display order). */
export async function readTreeItems(page: Page, viewTitle: string): Promise<string[]> {
  return (await readTreeRows(page, viewTitle)).map((r) => r.text);
}

/** A row of a view's tree whose text matches, for clicking or right-clicking. */
export function treeRow(page: Page, viewTitle: string, text: string | RegExp): Locator {
  return viewPane(page, viewTitle).locator('.pane-body .monaco-list-row').filter({ hasText: text }).first();
}

/** Texts of the notification toasts now visible. */
export async function notifications(page: Page): Promise<string[]> {
  const items = page.locator('.notifications-toasts .notification-toast .notification-list-item-message');
  return (await items.allInnerTexts()).map((t) => t.trim());
}

/** Saves screenshots/<name>.png (gitignored) and returns its path. Look at it. */
export async function screenshot(page: Page, name: string, { parkMouse = true } = {}): Promise<string> {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  // Move the pointer off toolbars so no hover tooltip covers the picture.
  if (parkMouse) {
    await page.mouse.move((page.viewportSize()?.width ?? 1400) - 40, 300);
    await page.waitForTimeout(500);
  }
  const file = path.join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
