// Find Leaks inside a real VS Code (code-server) with a real debugpy adapter: the running
// `sample/cache_leak.py` leaks exactly one batch of 100 OBJ per repetition into its module-level
// `_cache` list; the Leak Suspects view must show exactly that suspect, and the leak report name it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../../common/format';
import { api, SAMPLE, SampleProgram, waitFor } from './sampleProgram';

const PYTHON = process.env.LEAK_HUNTER_PYTHON || '/usr/bin/python3';
const BATCH = 100;
const REPETITIONS = 3;

/** The size of one OBJ as this interpreter reports it, measured without the debugger. */
function objSize(): number {
  const code = 'import sys\nclass OBJ(object):\n    pass\nprint(sys.getsizeof(OBJ()))';
  return Number(execFileSync(PYTHON, ['-c', code], { encoding: 'utf8' }).trim());
}

/** The line of cache_leak.py that adds to `_cache`. */
function addingLine(): number {
  const lines = fs.readFileSync(path.join(SAMPLE, 'cache_leak.py'), 'utf8').split('\n');
  return lines.findIndex((l) => l.includes('_cache.append(o)')) + 1;
}

describe('Find Leaks in VS Code', function () {
  this.timeout(180_000);
  const program = new SampleProgram('cache_leak.py', BATCH);

  before(async () => {
    await program.start();
  });
  after(async () => {
    await vscode.commands.executeCommand('leakHunter.stopRecording');
    if (vscode.debug.activeDebugSession) {
      await program.stop().catch(() => undefined);
    }
  });

  it('records 3 repetitions by hand and shows exactly the cache as the suspect, and the report names it', async () => {
    const lh = await api();
    await vscode.commands.executeCommand('leakHunter.findLeaks', 'manual');
    assert.equal(lh.recorder.recording?.session.id, program.session.id, 'recording on the program');
    assert.equal(lh.leakSuspects.view.description, 'recording · 0 repetitions');
    for (let i = 1; i <= REPETITIONS; i++) {
      await program.leak();
      await vscode.commands.executeCommand('leakHunter.recordRepetition');
      assert.equal(lh.leakSuspects.view.description, `recording · ${i} repetitions`);
    }
    const count = BATCH * REPETITIONS;
    const rows = lh.leakSuspects.getChildren();
    assert.deepEqual(
      rows.map((r) => [String(r.label), String(r.description)]),
      [
        [
          'module __main__ -> _cache (list) -> [*] -> OBJ',
          `${count.toLocaleString()} · +${BATCH}/rep · ${formatBytes(count * objSize())}`,
        ],
      ],
    );
    const model = lh.recorder.recording!.model.findLeaks;
    const totals = model.timeline.map((p) => p.totalObjects);
    assert.equal(totals.length, REPETITIONS + 1);
    assert.match(String(lh.leakSuspects.view.message), /^baseline [\d,]+( → [\d,]+){3} objects/);

    const children = lh.leakSuspects.getChildren(rows[0]);
    assert.equal(String(children[0].label), '__main__._cache');
    assert.match(String(children[0].description), /_cache/);
    assert.equal(String(children[1].label), `cache_leak.py:${addingLine()}`);
    const representative = children[children.length - 1];
    assert.equal(representative.contextValue, 'instance');
    assert.match(String(representative.label), /OBJ/);

    // Clicking the suspect draws its chain from the module through `_cache` to the representative.
    await vscode.commands.executeCommand(rows[0].command!.command, ...(rows[0].command!.arguments ?? []));
    const shown = await waitFor('the suspect chain in the panel', () =>
      lh.panels.lastGraph?.title === String(rows[0].label) ? lh.panels.lastGraph : undefined,
    );
    assert.equal(shown.mode, 'chain');
    assert.ok(
      shown.graph.edges.some((e) => e.label.includes('_cache')),
      JSON.stringify(shown.graph.edges),
    );
    assert.match(String(shown.hint), /^Suspect reference: __main__\._cache/);
    // Clicking the source line opens cache_leak.py at the line that appends.
    await vscode.commands.executeCommand(
      children[1].command!.command,
      ...(children[1].command!.arguments ?? []),
    );
    const editor = await waitFor('the adding line in an editor', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.fsPath.endsWith('cache_leak.py') ? e : undefined;
    });
    assert.equal(editor.selection.active.line + 1, addingLine());

    const report = await vscode.commands.executeCommand<string>('leakHunter.copyLeakReport');
    assert.ok(report.includes('__main__._cache'), report);
    assert.ok(report.includes(`cache_leak.py:${addingLine()}`), report);
    assert.equal(await vscode.env.clipboard.readText(), report);

    await vscode.commands.executeCommand('leakHunter.stopRecording');
    assert.equal(lh.recorder.recording, undefined);
    assert.equal(lh.leakSuspects.view.description, `stopped · ${REPETITIONS} repetitions`);
  });
});
