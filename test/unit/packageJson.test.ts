import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_COMMANDS, TYPES_VIEW_ID } from '../../extension/constants';
import { ALL_SETTINGS, SETTING_DEFAULTS } from '../../extension/core/settings';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('package.json contributes', () => {
  it('declares exactly the commands the extension registers, all under one category', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, [...ALL_COMMANDS].sort());
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'Leak Hunter', c.command);
    }
  });

  it('declares exactly the settings the extension reads, with the same defaults', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), ALL_SETTINGS.map((s) => `leakHunter.${s}`).sort());
    for (const s of ALL_SETTINGS) {
      assert.deepEqual(props[`leakHunter.${s}`].default, SETTING_DEFAULTS[s], s);
    }
  });

  it('puts the view in Run and Debug and every menu entry names a declared command', () => {
    assert.equal(manifest.contributes.views.debug[0].id, TYPES_VIEW_ID);
    const declared = new Set(ALL_COMMANDS as readonly string[]);
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries as { command: string }[]) {
        assert.ok(declared.has(entry.command), `${menu}: ${entry.command}`);
      }
    }
  });

  it('never registers the debugpy debug type itself (the Python Debugger extension owns it)', () => {
    assert.equal(manifest.contributes.debuggers, undefined);
  });
});
