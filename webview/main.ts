/**
 * Entry point of the retainer graph webview (bundled to dist/webview/main.js). Expects the page
 * built by `buildPanelHtml`: a `<div id="app">`, and the ELK worker URI and the panel's strings
 * in `<meta>`s.
 */
import type { FromWebviewMessage } from '../common/panelProtocol';
import { FromWebviewType } from '../common/panelProtocol';
import { GraphPanelApp } from './app';
import { ELK_WORKER_META_NAME } from '../common/panelHtml';
import { panelColorsCss } from '../common/nodeColors';
import { parsePanelStrings, PANEL_STRINGS_META_NAME } from '../common/panelStrings';

/** The API VS Code injects into webviews. */
interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

function metaContent(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
}

/**
 * Defines the graph's colour variables from the one colour table, as a constructed stylesheet
 * (not an inline style: the CSP allows none).
 */
function adoptPanelColors(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(panelColorsCss());
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

function start(): void {
  adoptPanelColors();
  const vscode = acquireVsCodeApi();
  const post = (message: FromWebviewMessage) => vscode.postMessage(message);
  const root = document.getElementById('app') ?? document.body;
  const workerUri = metaContent(ELK_WORKER_META_NAME) ?? '';
  const strings = parsePanelStrings(metaContent(PANEL_STRINGS_META_NAME));
  const app = new GraphPanelApp(root, workerUri, post, strings, document.documentElement.lang || 'en');
  app.measureText();
  window.addEventListener('message', (event: MessageEvent) => app.handleMessage(event.data));
  window.addEventListener('error', (event) =>
    post({ type: FromWebviewType.Log, level: 'error', text: `webview error: ${event.message}` }),
  );
  window.addEventListener('unhandledrejection', (event) =>
    post({ type: FromWebviewType.Log, level: 'error', text: `webview rejection: ${String(event.reason)}` }),
  );
  if (!workerUri)
    post({ type: FromWebviewType.Log, level: 'error', text: 'the page has no ELK worker URI meta' });
  post({ type: FromWebviewType.Ready });
}

start();
