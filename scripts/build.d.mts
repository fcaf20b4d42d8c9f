/** Builds the webview app and copies its runtime assets into dist/webview. */
export function buildWebview(): Promise<void>;
