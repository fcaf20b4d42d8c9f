import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

/** What the packaged extension needs at run time; anything else in the .vsix is dead weight. */
const RUNTIME_FILES = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'dist/extension.js',
  'dist/retainedWorker.js',
  'dist/agent/leak_hunter_agent.py',
  'dist/webview/main.js',
  'dist/webview/elk-worker.js',
  'dist/webview/vscode-elements.js',
  'dist/webview/codicon.css',
  'dist/webview/codicon.ttf',
  'media/icon.png',
  'media/leak-hunter.svg',
  'media/graph.css',
];

/** Localisation bundles ship too: package.nls*.json and l10n/bundle.l10n*.json. */
const L10N = /^(package\.nls(\.[\w-]+)?\.json|l10n\/bundle\.l10n(\.[\w-]+)?\.json)$/;

describe('the .vsix', () => {
  it('holds exactly what runs (vsce ls)', () => {
    // The build (npm test's pretest packages first) must have run for dist/ to exist.
    assert.ok(existsSync(join(root, 'dist', 'extension.js')), 'run `npm run build` first');
    const listed = execFileSync(join(root, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const extra = listed.filter((f) => !RUNTIME_FILES.includes(f) && !L10N.test(f));
    assert.deepEqual(extra, [], 'files the extension does not need at run time');
    const missing = RUNTIME_FILES.filter((f) => !listed.includes(f));
    assert.deepEqual(missing, [], 'files the extension needs but the .vsix lacks');
  });
});
