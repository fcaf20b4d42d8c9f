import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_COMMANDS, TYPES_VIEW_ID } from '../../extension/constants';
import { ALL_SETTINGS, SETTING_DEFAULTS } from '../../extension/core/settings';

const read = (file: string) => readFileSync(join(__dirname, '..', '..', file), 'utf8');
const rawManifest = read('package.json');
const nls: Record<string, string> = JSON.parse(read('package.nls.json'));
/** The manifest as VS Code reads it: every `%key%` replaced by its package.nls.json string. */
const manifest = JSON.parse(rawManifest, (_key, value: unknown) =>
  typeof value === 'string' && /^%[\w.]+%$/.test(value) ? nls[value.slice(1, -1)] : value,
);

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

  it('takes every user-facing string from package.nls.json, and package.nls.json holds no unused string', () => {
    const used = [...rawManifest.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]);
    assert.deepEqual(
      used.filter((k) => !(k in nls)),
      [],
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.includes(k)),
      [],
    );
    const literal = (entry: Record<string, unknown>, fields: string[]) =>
      fields.filter((f) => typeof entry[f] === 'string' && !/^%[\w.]+%$/.test(entry[f] as string));
    const raw = JSON.parse(rawManifest);
    for (const c of raw.contributes.commands) {
      assert.deepEqual(literal(c, ['title', 'category']), [], c.command);
    }
    for (const [name, p] of Object.entries(raw.contributes.configuration.properties)) {
      assert.deepEqual(
        literal(p as Record<string, unknown>, ['description', 'markdownDescription']),
        [],
        name,
      );
    }
    assert.deepEqual(literal(raw.contributes.views.debug[0], ['name', 'contextualTitle']), []);
    assert.deepEqual(literal(raw.contributes.viewsWelcome[0], ['contents']), []);
    assert.deepEqual(literal(raw, ['displayName', 'description']), []);
  });
});
