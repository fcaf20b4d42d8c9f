/**
 * The HTML page of the retainer graph webview, as a pure function so that the extension host
 * (`RetainerGraphPanel`) and the browser test harness serve exactly the same page: strict CSP
 * with a nonce, the ELK worker script's URI in a `<meta>` (the app fetches it and starts the
 * worker from a blob: URL, since a worker from the webview resource origin is refused; a
 * `preload` starts that fetch while the page is still being parsed), the
 * panel's strings in the user's language as JSON in a `<meta>` (no inline script: the CSP stays
 * nonce-only), and the scripts and stylesheets. No DOM, no `vscode`.
 */
import { ENGLISH_PANEL_STRINGS, PANEL_STRINGS_META_NAME, type PanelStrings } from './panelStrings';

/** The URIs and secrets the page needs; all URIs are webview URIs (`asWebviewUri`). */
export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce per page load (base64 or hex, no quotes). */
  readonly nonce: string;
  /** dist/webview/main.js */
  readonly mainScriptUri: string;
  /** dist/webview/vscode-elements.js */
  readonly elementsScriptUri: string;
  /** dist/webview/elk-worker.js */
  readonly elkWorkerUri: string;
  /** media/graph.css */
  readonly graphCssUri: string;
  /** dist/webview/codicon.css (vscode-elements finds it by its id). */
  readonly codiconCssUri: string;
  /** Extra stylesheets (the test harness adds a theme); each must be under `cspSource`. */
  readonly extraCssUris?: readonly string[];
  /** The panel's strings in the user's language (`vscode.l10n.t`); English where left out. */
  readonly strings?: Partial<PanelStrings>;
  /** The user's language as a BCP 47 tag (`vscode.env.language`); numbers are formatted in it. */
  readonly language?: string;
}

/** Name of the `<meta>` whose content is the ELK worker script URI. */
export const ELK_WORKER_META_NAME = 'leak-hunter-elk-worker';

/** The Content-Security-Policy of the panel. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    'worker-src blob:',
    `connect-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/** Escapes text for an HTML attribute value or element text. */
function attr(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The complete HTML document of the panel. */
export function buildPanelHtml(o: PanelHtmlOptions): string {
  const strings = { ...ENGLISH_PANEL_STRINGS, ...o.strings };
  const extraCss = (o.extraCssUris ?? [])
    .map((uri) => `  <link rel="stylesheet" href="${attr(uri)}">\n`)
    .join('');
  return `<!DOCTYPE html>
<html lang="${attr(o.language || 'en')}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(o.cspSource, o.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <meta name="${ELK_WORKER_META_NAME}" content="${attr(o.elkWorkerUri)}">
  <link rel="preload" href="${attr(o.elkWorkerUri)}" as="fetch" crossorigin="anonymous">
  <meta name="${PANEL_STRINGS_META_NAME}" content="${attr(JSON.stringify(strings))}">
  <link rel="stylesheet" href="${attr(o.codiconCssUri)}" id="vscode-codicon-stylesheet">
${extraCss}  <link rel="stylesheet" href="${attr(o.graphCssUri)}">
  <title>${attr(strings.pageTitle)}</title>
</head>
<body>
  <div id="app"></div>
  <script type="module" nonce="${attr(o.nonce)}" src="${attr(o.elementsScriptUri)}"></script>
  <script nonce="${attr(o.nonce)}" src="${attr(o.mainScriptUri)}"></script>
</body>
</html>
`;
}
