// Example UI test: drives a real VS Code (code-server) in headless Chromium like a user.
// Run: node --import tsx --test test/ui/*.test.ts      (screenshots land in screenshots/)
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  openVSCode,
  openView,
  readTreeItems,
  runCommand,
  screenshot,
  startDebugging,
  treeRow,
  waitForDebugStatus,
  type VSCode,
} from './codeServer';

let vs: VSCode;

before(async () => {
  // The test bed only: the debugpy fixture extension, no Leak Hunter.
  vs = await openVSCode({ workspace: 'test/vscode/workspace', leakHunter: 'none' });
});

after(async () => {
  await vs?.stop();
});

test(
  'start a debugpy session from the UI, pause it from the palette, see the call stack',
  { timeout: 120_000 },
  async () => {
    const { page } = vs;
    await openView(page, 'Run and Debug');
    await startDebugging(page, 'Smoke: hello.py');
    await waitForDebugStatus(page, 'running');

    await runCommand(page, 'Debug: Pause');
    await waitForDebugStatus(page, 'paused');

    // The paused program's frames, as VS Code shows them.
    let rows: string[] = [];
    for (let i = 0; i < 50 && !rows.some((r) => /main\b.*hello\.py/.test(r)); i++) {
      rows = await readTreeItems(page, 'Call Stack');
      await page.waitForTimeout(100);
    }
    // One thread: VS Code lists its frames directly, e.g. ["main hello.py 18:1", "<module> hello.py 22:1"].
    assert.match(rows[0] ?? '', /^main hello\.py \d+:\d+$/, `Call Stack rows: ${JSON.stringify(rows)}`);
    assert.ok(rows.includes('<module> hello.py 22:1'), `Call Stack rows: ${JSON.stringify(rows)}`);

    // After a pause VS Code selects no frame here (Variables stays empty, no editor opens):
    // click the top frame as a user would; then the Variables view fills in and hello.py opens.
    await treeRow(page, 'Call Stack', /^main/).click();
    let vars: string[] = [];
    for (let i = 0; i < 50 && !vars.includes('Globals'); i++) {
      vars = await readTreeItems(page, 'Variables');
      await page.waitForTimeout(100);
    }
    assert.ok(vars.includes('Locals') && vars.includes('Globals'), `Variables rows: ${JSON.stringify(vars)}`);

    await runCommand(page, 'View: Toggle Panel Visibility');
    await screenshot(page, 'ui-palette-paused');

    await runCommand(page, 'Debug: Stop');
    await waitForDebugStatus(page, 'inactive');
  },
);
