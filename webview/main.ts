/**
 * Entry point of the retainer graph webview (bundled to dist/webview/main.js). Expects the page
 * built by `buildPanelHtml`: a `<div id="app">` and the ELK worker URI in a `<meta>`.
 */
import type { FromWebviewMessage } from '../common/panelProtocol';
import { FromWebviewType } from '../common/panelProtocol';
import { GraphPanelApp } from './app';
import { ELK_WORKER_META_NAME } from '../common/panelHtml';

/** The API VS Code injects into webviews. */
interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

function start(): void {
  const vscode = acquireVsCodeApi();
  const post = (message: FromWebviewMessage) => vscode.postMessage(message);
  const root = document.getElementById('app') ?? document.body;
  const workerUri =
    document.querySelector<HTMLMetaElement>(`meta[name="${ELK_WORKER_META_NAME}"]`)?.content ?? '';
  const app = new GraphPanelApp(root, workerUri, post);
  if (workerUri) app.warmUpLayout();
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
