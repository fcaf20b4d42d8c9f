/**
 * Runs the webview app in real Chromium the way VS Code hosts it: the page from
 * `buildPanelHtml` (same CSP, nonce, worker meta) served from a localhost server that stands in
 * for the webview resource origin, a stub `acquireVsCodeApi` that records posted messages, and
 * host messages delivered as `MessageEvent`s on window.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildWebview } from '../../scripts/build.mjs';
import { chromiumArgs, chromiumPath } from '../vscode/runner/codeServer.mjs';
import type { FromWebviewMessage, ToWebviewMessage } from '../../common/panelProtocol';
import { buildPanelHtml } from '../../common/panelHtml';
import { ENGLISH_PANEL_STRINGS, translatePanelStrings, type PanelStrings } from '../../common/panelStrings';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where screenshots go (gitignored). */
export const SCREENSHOT_DIR = join(ROOT, 'screenshots');

/** Theme variable sets served as stylesheets (VS Code Dark Modern / Light Modern values). */
export type ThemeName = 'dark' | 'light';

/**
 * The strings a page is served with: English, or a pseudo-translation that wraps every string in
 * `⟦…⟧` and carries characters that must survive the trip through HTML (`"<&'`), so a test can
 * tell text from the table apart from text the webview made up.
 */
export type StringsName = 'english' | 'pseudo';

/** The pseudo-translation of an English string. */
export function pseudoTranslate(english: string): string {
  return `⟦"<&'${english}⟧`;
}

const SERVED_STRINGS: Record<StringsName, PanelStrings> = {
  english: ENGLISH_PANEL_STRINGS,
  pseudo: translatePanelStrings(pseudoTranslate),
};

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** Builds the webview bundle and copies its runtime assets, with `scripts/build.mjs` itself. */
export { buildWebview };

/** Builds the panel's page (`buildPanelHtml` of the checkout being served). */
type PageBuilder = typeof buildPanelHtml;

/**
 * Serves dist/webview, media and the test themes, plus the panel page at `/?theme=...`, of this
 * checkout or of another one (`root`, for the bench's before/after comparison).
 */
export class WebviewServer {
  private server?: Server;
  /** `http://127.0.0.1:PORT`: plays the role of `webview.cspSource`. */
  origin = '';

  constructor(
    private readonly root = ROOT,
    private readonly buildPage: PageBuilder = buildPanelHtml,
  ) {}

  async start(): Promise<void> {
    const mounts: Record<string, string> = {
      '/dist/webview/': join(this.root, 'dist/webview'),
      '/media/': join(this.root, 'media'),
      '/themes/': join(ROOT, 'test/webview/themes'),
    };
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(
          this.page(
            url.searchParams.get('theme') === 'light' ? 'light' : 'dark',
            url.searchParams.get('strings') === 'pseudo' ? 'pseudo' : 'english',
          ),
        );
        return;
      }
      if (url.pathname === '/favicon.ico') {
        response.writeHead(204); // a webview has none; keeps the console free of 404s
        response.end();
        return;
      }
      for (const [prefix, dir] of Object.entries(mounts)) {
        if (!url.pathname.startsWith(prefix)) continue;
        const file = resolve(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
        if (!file.startsWith(dir + sep)) break;
        try {
          if (!statSync(file).isFile()) break;
          response.writeHead(200, {
            'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
            'cache-control': 'no-store',
          });
          response.end(readFileSync(file));
          return;
        } catch {
          break;
        }
      }
      response.writeHead(404);
      response.end();
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no port');
    this.origin = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  private page(theme: ThemeName, strings: StringsName): string {
    const o = this.origin;
    return this.buildPage({
      strings: SERVED_STRINGS[strings],
      language: strings === 'pseudo' ? 'de' : 'en',
      cspSource: o,
      nonce: randomBytes(16).toString('base64'),
      mainScriptUri: `${o}/dist/webview/main.js`,
      elementsScriptUri: `${o}/dist/webview/vscode-elements.js`,
      elkWorkerUri: `${o}/dist/webview/elk-worker.js`,
      graphCssUri: `${o}/media/graph.css`,
      codiconCssUri: `${o}/dist/webview/codicon.css`,
      extraCssUris: [`${o}/themes/${theme}-modern.css`],
    });
  }
}

/** What the stub VS Code API and the page's listeners recorded. */
declare global {
  interface Window {
    __posted: FromWebviewMessage[];
    __cspViolations: string[];
    __xssFired: boolean;
  }
}

/**
 * Installed before any page script: the stub API and the CSP violation and XSS recorders. Plain
 * JavaScript text, because functions compiled by tsx carry helpers that do not exist in the page.
 */
const PAGE_INIT_SCRIPT = `
  window.__posted = [];
  window.__cspViolations = [];
  window.__xssFired = false;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => undefined,
      setState: () => undefined,
    };
  };
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
`;

/** A browser with a fresh profile and the server that feeds it. */
export class WebviewHarness {
  server = new WebviewServer();
  private context?: BrowserContext;
  private profileDir?: string;

  /**
   * @param otherRoot serve another checkout instead of this one (already built with
   *   `npm run build`; its own page builder is used), for before/after comparisons.
   */
  constructor(private readonly otherRoot?: string) {}

  /** Builds the app, starts the server and Chromium. */
  async start(): Promise<void> {
    if (this.otherRoot) {
      const other = (await import(join(this.otherRoot, 'common/panelHtml.ts'))) as {
        buildPanelHtml: PageBuilder;
      };
      this.server = new WebviewServer(this.otherRoot, other.buildPanelHtml);
    } else {
      await buildWebview();
    }
    await this.server.start();
    this.profileDir = mkdtempSync(join(tmpdir(), 'leak-hunter-chromium-'));
    this.context = await chromium.launchPersistentContext(this.profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1200, height: 800 },
      deviceScaleFactor: 1,
    });
  }

  async stop(): Promise<void> {
    await this.context?.close();
    await this.server.stop();
    if (this.profileDir) rmSync(this.profileDir, { recursive: true, force: true });
  }

  /** Opens the panel page and waits for the app's Ready message. */
  async openPanel(
    theme: ThemeName = 'dark',
    viewport?: { width: number; height: number },
    strings: StringsName = 'english',
  ): Promise<PanelPage> {
    if (!this.context) throw new Error('harness not started');
    const page = await this.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    const panel = new PanelPage(page, this.server.origin);
    await page.addInitScript({ content: PAGE_INIT_SCRIPT });
    await page.goto(`${this.server.origin}/?theme=${theme}&strings=${strings}`);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    // The toolbar's web components load as a module script; wait so screenshots show them.
    await page.waitForFunction(() => customElements.get('vscode-button') !== undefined);
    return panel;
  }
}

/** One open panel page with recorders for requests, dialogs and console errors. */
export class PanelPage {
  readonly requests: string[] = [];
  readonly dialogs: string[] = [];
  readonly consoleErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly origin: string,
  ) {
    page.on('request', (request) => this.requests.push(request.url()));
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(String(error)));
  }

  /** Delivers a host message the way VS Code does: a MessageEvent on window (synchronously). */
  async send(message: ToWebviewMessage): Promise<void> {
    await this.page.evaluate(
      (data) => window.dispatchEvent(new MessageEvent('message', { data })),
      message as unknown,
    );
  }

  /** Sends a message and waits until the graph is laid out and drawn. */
  async sendAndWaitForGraph(message: ToWebviewMessage, timeoutMs = 60_000): Promise<void> {
    await this.send(message);
    await this.waitForGraph(timeoutMs);
  }

  /** Waits until the app says the graph is drawn. */
  async waitForGraph(timeoutMs = 60_000): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.graphState === 'ready', undefined, {
      timeout: timeoutMs,
    });
  }

  /** Messages the app posted to the host, in order. */
  async posted(): Promise<FromWebviewMessage[]> {
    return this.page.evaluate(() => window.__posted);
  }

  /** Forgets the messages posted so far. */
  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => (window.__posted.length = 0));
  }

  /** Saves a screenshot under screenshots/. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
