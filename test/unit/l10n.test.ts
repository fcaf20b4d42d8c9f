import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLE_PATH, englishBundle } from '../../scripts/l10n.mjs';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('l10n', () => {
  it('l10n/bundle.l10n.json holds exactly the messages the host shows (run `npm run l10n` after changing one)', () => {
    assert.equal(readFileSync(BUNDLE_PATH, 'utf8'), englishBundle());
  });

  it('the bundle holds the messages of the core, the commands and the panel table', () => {
    const bundle: Record<string, string> = JSON.parse(englishBundle());
    for (const message of [
      'There is no baseline yet. Run "Leak Hunter: Set Baseline", exercise your program, then run "Show Growth Since Baseline".',
      'Leak Hunter: {0} failed: {1}',
      "includes libraries' own cycles",
      'Taking a heap snapshot',
      'Laying out {0} nodes…',
    ]) {
      assert.equal(bundle[message], message);
    }
  });

  it('package.json points VS Code at the bundles', () => {
    assert.equal(manifest.l10n, './l10n');
  });
});
