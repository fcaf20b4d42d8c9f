// Builds the extension host bundle and the webview app (two esbuild entries), copies the
// webview's runtime assets (elkjs worker, vscode-elements, codicons) into dist/webview, and joins
// the Python agent's parts into the one module the host sends to the debuggee.
// Run as a script (`node scripts/build.mjs [--watch] [--production]`); the webview tests import
// `buildWebview` to build the panel app the same way, the unit tests `joinAgentParts`.
import * as esbuild from 'esbuild';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  watch as watchDir,
  writeFileSync,
} from 'node:fs';
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

/** Where the agent's parts live, and the one module they are joined into. */
export const AGENT_PARTS_DIR = join(root, 'extension/backend/python/agent');
export const AGENT_OUT = join(root, 'dist/agent/leak_hunter_agent.py');
const AGENT_PART_NAME = /^[0-9]{2}_[a-z0-9_]+\.py$/;

/**
 * The agent module's text: its parts (`NN_name.py`) in file-name order, each without its
 * trailing newlines, joined by two blank lines, ending with one newline. The parts are fragments
 * of one module (one globals namespace), never imported on their own. The Python tests join them
 * with the same rule (`test/agent/agent_tests/helpers.py`); a unit test checks both agree.
 */
export function joinAgentParts(dir = AGENT_PARTS_DIR) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.py'));
  const stray = files.filter((f) => !AGENT_PART_NAME.test(f));
  if (stray.length > 0) throw new Error(`agent parts must be named NN_name.py: ${stray.join(', ')}`);
  const texts = files.sort().map((f) => readFileSync(join(dir, f), 'utf8').replace(/\n+$/, ''));
  return texts.join('\n\n\n') + '\n';
}

/** Writes the joined agent to dist/agent/leak_hunter_agent.py. */
export function buildAgent() {
  mkdirSync(dirname(AGENT_OUT), { recursive: true });
  writeFileSync(AGENT_OUT, joinAgentParts());
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

/** The retained-size worker (a worker_thread of the host: dominators off its event loop). */
const retainedWorker = {
  ...host,
  entryPoints: [join(root, 'extension/host/retained/retainedWorker.ts')],
  outfile: join(root, 'dist/retainedWorker.js'),
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

/** The script: the agent and both bundles once, or all three in watch mode. */
async function main() {
  copyAssets();
  buildAgent();
  if (watch) {
    watchDir(AGENT_PARTS_DIR, () => {
      try {
        buildAgent();
      } catch (error) {
        console.error(error);
      }
    });
    const contexts = await Promise.all([host, retainedWorker, webview].map((o) => esbuild.context(o)));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all([host, retainedWorker, webview].map((o) => esbuild.build(o)));
  }
}

// No top-level await: the webview tests load this module through a CommonJS transform.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
