/**
 * The retainer graph panel's HTML. Pure (no `vscode`), so tests render the same page in
 * Chromium. Strict CSP: only nonce'd scripts, styles from the extension, layout worker from a blob.
 */

/** Resource URIs and the nonce the page needs. */
export interface PanelHtmlInput {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly elementsUri: string;
  readonly workerUri: string;
  readonly codiconsUri: string;
  readonly styleUri: string;
}

/** The Content-Security-Policy of the panel. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    'worker-src blob:',
    `connect-src ${cspSource}`,
  ].join('; ');
}

/** Renders the page; every interpolated value is an attribute-escaped URI or nonce. */
export function renderPanelHtml(input: PanelHtmlInput): string {
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(panelCsp(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="leak-hunter-worker" content="${a(input.workerUri)}">
<link rel="stylesheet" href="${a(input.codiconsUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${a(input.styleUri)}">
<title>Leak Hunter: Retainers</title>
</head>
<body>
<div id="app"></div>
<script type="module" nonce="${a(input.nonce)}" src="${a(input.elementsUri)}"></script>
<script nonce="${a(input.nonce)}" src="${a(input.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
