// Builds the extension host bundle and the webview app (two esbuild entries), and copies the
// webview's runtime assets (elkjs worker, vscode-elements, codicons) into dist/webview.
// Run as a script (`node scripts/build.mjs [--watch] [--production]`); the webview tests import
// `buildWebview` to build the panel app the same way.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const assets = [
  ['node_modules/elkjs/lib/elk-worker.min.js', 'dist/webview/elk-worker.js'],
  ['node_modules/@vscode-elements/elements/dist/bundled.js', 'dist/webview/vscode-elements.js'],
  ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicon.css'],
  ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicon.ttf'],
];

function copyAssets() {
  for (const [from, to] of assets) {
    mkdirSync(dirname(join(root, to)), { recursive: true });
    copyFileSync(join(root, from), join(root, to));
  }
}

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info' };

const host = {
  ...common,
  entryPoints: [join(root, 'extension/extension.ts')],
  outfile: join(root, 'dist/extension.js'),
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};

const webview = {
  ...common,
  entryPoints: [join(root, 'webview/main.ts')],
  outfile: join(root, 'dist/webview/main.js'),
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
};

/** Builds the webview app and copies its runtime assets into dist/webview. */
export async function buildWebview() {
  copyAssets();
  await esbuild.build({ ...webview, logLevel: 'warning' });
}

/** The script: both bundles once, or both in watch mode. */
async function main() {
  copyAssets();
  if (watch) {
    const contexts = await Promise.all([esbuild.context(host), esbuild.context(webview)]);
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all([esbuild.build(host), esbuild.build(webview)]);
  }
}

// No top-level await: the webview tests load this module through a CommonJS transform.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
