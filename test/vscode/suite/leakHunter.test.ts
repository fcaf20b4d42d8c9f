// Leak Hunter inside a real VS Code (code-server) with a real debugpy adapter and a real CPython
// debuggee: the sample programs of `sample/`, driven by a trigger file so that each test leaks an
// exact number of objects when it chooses. Assertions read what the user sees: the tree's labels
// and descriptions, the messages shown, the editor opened, the graph sent to the panel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LeakHunterApi } from '../../../extension/extension';
import { api, SAMPLE, SampleProgram, waitFor } from './sampleProgram';

/** Debug adapter messages seen per session (events by name), to prove what Leak Hunter did not do. */
const seenEvents = new Map<string, string[]>();
vscode.debug.registerDebugAdapterTrackerFactory('debugpy', {
  createDebugAdapterTracker(session) {
    const events: string[] = [];
    seenEvents.set(session.id, events);
    return {
      onDidSendMessage(m: { type?: string; event?: string; command?: string }) {
        if (m.type === 'event' && m.event) {
          events.push(m.event);
        } else if (m.type === 'response' && m.command === 'setBreakpoints') {
          events.push('response:setBreakpoints');
        }
      },
    };
  },
});

/** The types view as the user reads it: [label, description] of each top-level row. */
async function typeRows(lh: LeakHunterApi): Promise<[string, string][]> {
  const items = await lh.typesTree.getChildren();
  return items.map((i) => [String(i.label), String(i.description ?? '')]);
}

function lastNotice(lh: LeakHunterApi) {
  return lh.notifier.history[lh.notifier.history.length - 1];
}

describe('Leak Hunter in VS Code', function () {
  this.timeout(120_000);

  it('says what to do when no debug session is running', async () => {
    const lh = await api();
    await vscode.commands.executeCommand('leakHunter.takeSnapshot');
    const notice = lastNotice(lh);
    assert.equal(notice.level, 'warning');
    assert.match(notice.text, /^No Python debug session\. Start your program under the debugger/);
    assert.deepEqual(notice.actions, ['Open Run and Debug']);
  });

  describe('the cache leak (running program)', () => {
    const program = new SampleProgram('cache_leak.py');
    let lh: LeakHunterApi;

    before(async () => {
      lh = await api();
      await program.start();
    });
    after(async () => {
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
      if (vscode.debug.activeDebugSession) {
        await program.stop().catch(() => undefined);
      }
    });

    it('Show Growth lists exactly the leaked type with its exact count, and nothing of the debugger', async () => {
      await vscode.commands.executeCommand('leakHunter.takeSnapshot');
      const first = await typeRows(lh);
      assert.ok(first.length > 5, 'the most common types are listed');
      assert.ok(!first.some(([label]) => /pydev|debugpy|leak_hunter/i.test(label)), first.join('\n'));
      await program.leak();
      await vscode.commands.executeCommand('leakHunter.showGrowth');
      assert.deepEqual(await typeRows(lh), [['OBJ', '100  +100']]);
      assert.match(String(lh.typesTree.view.description), /^growth since #\d+ · [\d,]+ objects$/);
    });

    it('two snapshots with no activity in between show no growth at all', async () => {
      await vscode.commands.executeCommand('leakHunter.showGrowth');
      const items = await lh.typesTree.getChildren();
      assert.deepEqual(
        items.map((i) => String(i.label)),
        ['No type grew since the snapshot before.'],
      );
    });

    it('a type expands to its instances with safe labels and addresses', async () => {
      await vscode.commands.executeCommand('leakHunter.takeSnapshot');
      const obj = (await lh.typesTree.getChildren()).find((i) => i.label === 'OBJ');
      assert.ok(obj, 'OBJ is listed');
      assert.equal(obj.description, '100  ±0');
      const instances = await lh.typesTree.getChildren(obj);
      assert.equal(instances.length, 51);
      assert.equal(String(instances[50].label), 'Showing 50 of 100 instances');
      for (const item of instances.slice(0, 50)) {
        assert.equal(item.contextValue, 'instance');
        assert.match(String(item.description), /^0x[0-9a-f]+ · \d+ B$/);
        assert.match(String(item.label), /OBJ/);
      }
    });

    it('Go to Definition opens the class at its line', async () => {
      const obj = (await lh.typesTree.getChildren()).find((i) => i.label === 'OBJ');
      assert.ok(obj, 'OBJ is listed');
      await vscode.commands.executeCommand('leakHunter.goToTypeDefinition', obj);
      const editor = await waitFor('an editor', () => vscode.window.activeTextEditor);
      assert.equal(editor.document.uri.fsPath, path.join(SAMPLE, 'cache_leak.py'));
      const classLine = fs
        .readFileSync(path.join(SAMPLE, 'cache_leak.py'), 'utf8')
        .split('\n')
        .indexOf('class OBJ(object):');
      assert.equal(editor.selection.active.line, classLine);
    });

    it('Why Is This Alive? draws the chain from the module through _cache to the instance', async () => {
      // Builds on the tests above: the leaked OBJ instances are listed.
      const obj = (await lh.typesTree.getChildren()).find((i) => i.label === 'OBJ');
      assert.ok(obj, 'OBJ is listed');
      const instance = (await lh.typesTree.getChildren(obj))[0];
      assert.equal(instance.contextValue, 'instance');
      await vscode.commands.executeCommand('leakHunter.whyIsThisAlive', instance);
      const shown = await waitFor('the graph', () =>
        lh.panels.lastGraph?.mode === 'chain' ? lh.panels.lastGraph : undefined,
      );
      assert.equal(shown.mode, 'chain');
      const byId = new Map(shown.graph.nodes.map((n) => [n.id, n]));
      const target = byId.get(shown.graph.targetId);
      assert.equal(target?.typeName, 'OBJ');
      const labels = shown.graph.edges.map((e) => e.label);
      assert.ok(labels.includes('_cache'), labels.join(', '));
      assert.ok(
        labels.some((l) => /^\[\d+\]$/.test(l)),
        labels.join(', '),
      );
      const root = shown.graph.nodes.find((n) => n.isRoot);
      assert.equal(root?.kind, 'module');
    });

    it('paused at a breakpoint: a snapshot leaves the stop state as it was', async () => {
      const file = path.join(SAMPLE, 'cache_leak.py');
      const line = fs.readFileSync(file, 'utf8').split('\n').indexOf('    _cache.append(o)');
      await program.leak();
      await vscode.commands.executeCommand('leakHunter.takeSnapshot');
      const leaked = Number(
        String((await lh.typesTree.getChildren()).find((i) => i.label === 'OBJ')?.description)
          .split(' ')[0]
          .replace(/,/g, ''),
      );
      assert.ok(leaked >= 100 && leaked % 100 === 0, `OBJ count before the pause: ${leaked}`);
      const events0 = seenEvents.get(program.session.id)!;
      const setBefore0 = events0.filter((e) => e === 'response:setBreakpoints').length;
      vscode.debug.addBreakpoints([
        new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(line, 0))),
      ]);
      const events = events0;
      await waitFor(
        'the adapter to take the breakpoint',
        () => events.filter((e) => e === 'response:setBreakpoints').length > setBefore0,
      );
      const stopsBefore = events.filter((e) => e === 'stopped').length;
      fs.writeFileSync(program.trigger, 'pause');
      const t = new Date(Date.now() + 100_000);
      fs.utimesSync(program.trigger, t, t);
      await waitFor('the breakpoint', () => events.filter((e) => e === 'stopped').length > stopsBefore).catch(
        (e) => {
          throw new Error(
            `${e.message}; events: ${events.slice(-20).join(',')}; trigger done: ${fs.existsSync(program.trigger + '.done') ? fs.readFileSync(program.trigger + '.done', 'utf8') : 'none'}; bps: ${JSON.stringify(vscode.debug.breakpoints)}`,
          );
        },
      );
      const threadId: number = (await program.session.customRequest('threads')).threads[0].id;
      const stack = async () =>
        (
          (await program.session.customRequest('stackTrace', { threadId })).stackFrames as {
            id: number;
            name: string;
            line: number;
          }[]
        ).map((f) => `${f.id} ${f.name}:${f.line}`);
      const framesBefore = await stack();
      assert.match(framesBefore[0], new RegExp(` func_to_leak:${line + 1}$`));
      const focusBefore = vscode.debug.activeStackItem;
      const eventsBefore = events.length;
      await vscode.commands.executeCommand('leakHunter.takeSnapshot');
      const obj = (await lh.typesTree.getChildren()).find((i) => i.label === 'OBJ');
      // The leaked ones, plus the one `func_to_leak` just made and is about to append.
      assert.equal(obj?.description, `${leaked + 1}  +1`);
      assert.deepEqual(await stack(), framesBefore);
      assert.equal(vscode.debug.activeStackItem, focusBefore);
      const since = events.slice(eventsBefore);
      assert.deepEqual(
        since.filter((e) => e === 'continued' || e === 'stopped' || e === 'output'),
        [],
      );
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
      await program.session.customRequest('continue', { threadId });
    });

    it('when the session ends, the view says so and keeps the last snapshot', async () => {
      const rowsBefore = await typeRows(lh);
      await program.stop();
      await waitFor('the ended note', () => (lh.typesTree.view.message ?? '').includes('ended') || undefined);
      assert.match(String(lh.typesTree.view.message), /ended; this is its last snapshot\.$/);
      assert.deepEqual(await typeRows(lh), rowsBefore);
      await vscode.commands.executeCommand('leakHunter.takeSnapshot');
      assert.match(lastNotice(lh).text, /^No Python debug session/);
    });
  });

  describe('reference cycles (gc disabled in the program)', () => {
    const program = new SampleProgram('cycles.py');
    let lh: LeakHunterApi;

    before(async () => {
      lh = await api();
      await program.start();
      // The interpreter and the debugger leave cycles of their own while gc is off (datetime's
      // classes, parse exceptions): the baseline keeps them out, as a user would.
      await vscode.commands.executeCommand('leakHunter.setBaseline');
      await program.leak();
    });
    after(async () => {
      await program.stop().catch(() => undefined);
    });

    it('Find Reference Cycles lists the groups with exact counts and draws one with its finalizer marks', async () => {
      await vscode.commands.executeCommand('leakHunter.findReferenceCycles', 'sinceBaseline');
      const top = await lh.typesTree.getChildren();
      assert.equal(String(top[0].label), 'Reference cycles');
      const groups = await lh.typesTree.getChildren(top[0]);
      assert.equal(
        top[0].description,
        '200 cycles in 2 groups',
        JSON.stringify(groups.map((g) => [g.label, g.description])),
      );
      assert.deepEqual(groups.map((g) => [String(g.label), String(g.description)]).sort(), [
        ['OBJ -> OBJ -> OBJ', 'x100'],
        ['OBJWithDel -> OBJWithDel -> OBJWithDel', 'x100 · __del__'],
      ]);
      const withDel = groups.find((g) => String(g.label).startsWith('OBJWithDel'))!;
      await vscode.commands.executeCommand('leakHunter.showCycleGroup', withDel);
      const shown = await waitFor('the cycle graph', () =>
        lh.panels.lastGraph?.mode === 'cycle' && lh.panels.lastGraph.title.includes('OBJWithDel')
          ? lh.panels.lastGraph
          : undefined,
      );
      assert.deepEqual(
        shown.graph.nodes.map((n) => [n.typeName, n.hasFinalizer]),
        [
          ['OBJWithDel', true],
          ['OBJWithDel', true],
        ],
      );
      assert.deepEqual(shown.graph.edges.map((e) => e.label).sort(), ['.attr_c', '.attr_d']);
      const members = await lh.typesTree.getChildren(withDel);
      assert.deepEqual(
        members.map((m) => String(m.description).replace(/0x[0-9a-f]+/, 'ADDR')),
        ['OBJWithDel · ADDR · __del__', 'OBJWithDel · ADDR · __del__'],
      );
    });

    it('the graph panel holds the same two listeners however often it is closed and reopened', async () => {
      const top = await lh.typesTree.getChildren();
      const group = (await lh.typesTree.getChildren(top[0]))[0];
      const graphTab = () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find(
            (t) =>
              t.input instanceof vscode.TabInputWebview &&
              t.input.viewType.endsWith('leakHunter.retainerGraph'),
          );
      for (let round = 0; round < 3; round++) {
        await vscode.commands.executeCommand('leakHunter.showCycleGroup', group);
        const tab = await waitFor('the graph panel', graphTab);
        assert.equal(lh.panels.listenerCount, 2, `open, round ${round}`);
        await vscode.window.tabGroups.close(tab);
        await waitFor('the panel to close', () => (graphTab() ? undefined : true));
        assert.equal(lh.panels.listenerCount, 0, `closed, round ${round}`);
      }
    });

    it('Show Uncollectable Objects says gc.garbage is empty and why (PEP 442)', async () => {
      await vscode.commands.executeCommand('leakHunter.showUncollectable');
      const notice = lastNotice(lh);
      assert.equal(notice.level, 'info');
      assert.match(
        notice.text,
        /^Leak Hunter: Uncollectable objects \(gc\.garbage\): none\. Since Python 3\.4 \(PEP 442\)/,
      );
    });

    it('Release Kept Cycles lets the collector free the examples and clears the section', async () => {
      await vscode.commands.executeCommand('leakHunter.releaseCycles');
      assert.equal(
        lastNotice(lh).text,
        'Leak Hunter: released 4 kept objects. Nothing was collected: your program frees them at its next garbage collection, and runs their finalizers then.',
      );
      const top = await lh.typesTree.getChildren();
      assert.ok(!top.some((i) => i.label === 'Reference cycles'));
    });

    it('with the garbage toggle on, a snapshot lists the cycles as garbage a collection would free, not among the types, and frees nothing', async () => {
      const config = vscode.workspace.getConfiguration('leakHunter');
      await config.update('view.showUnreachable', true, vscode.ConfigurationTarget.Global);
      after(() => config.update('view.showUnreachable', undefined, vscode.ConfigurationTarget.Global));
      await vscode.commands.executeCommand('leakHunter.takeSnapshot');
      const top = await lh.typesTree.getChildren();
      const garbage = top.find((i) => i.label === 'Garbage a collection would free');
      assert.ok(garbage, JSON.stringify(top.map((i) => i.label)));
      const objRows = async (group: (typeof top)[number]) =>
        (await lh.typesTree.getChildren(group))
          .map((i) => [String(i.label), String(i.description).split(' · ')[0]])
          .filter(([name]) => name.startsWith('OBJ'));
      assert.deepEqual(await objRows(garbage), [
        ['OBJ', '200'],
        ['OBJWithDel', '200'],
      ]);
      // Not counted among the types: every OBJ is garbage.
      assert.ok(!top.some((i) => i.label === 'OBJ' || i.label === 'OBJWithDel'));
      // Nothing was collected: a second snapshot finds the same garbage again.
      await vscode.commands.executeCommand('leakHunter.takeSnapshot');
      const again = (await lh.typesTree.getChildren()).find(
        (i) => i.label === 'Garbage a collection would free',
      );
      assert.ok(again);
      assert.deepEqual(await objRows(again), [
        ['OBJ', '200'],
        ['OBJWithDel', '200'],
      ]);
    });
  });

  describe('two Python sessions', () => {
    const first = new SampleProgram('cache_leak.py');
    const second = new SampleProgram('connection_registry.py');

    before(async () => {
      await first.start();
      await second.start();
    });
    after(async () => {
      await second.stop().catch(() => undefined);
      await first.stop().catch(() => undefined);
    });

    it('asks which one, offering the active session first', async () => {
      const lh = await api();
      let done = false;
      const command = Promise.resolve(vscode.commands.executeCommand('leakHunter.takeSnapshot')).then(() => {
        done = true;
      });
      // The command waits for the user's choice.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(done, false, 'Take Snapshot must wait for a choice between two sessions');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await command;
      assert.equal(lh.sessions.shown?.session.id, vscode.debug.activeDebugSession?.id);
      assert.ok((await lh.typesTree.getChildren()).length > 5);
    });
  });

  describe('a session Leak Hunter cannot read', () => {
    it('says which session type it is and what to do', async () => {
      const lh = await api();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leak-hunter-node-'));
      const script = path.join(dir, 'wait.js');
      fs.writeFileSync(script, 'setInterval(() => {}, 1000);\n');
      const ok = await vscode.debug.startDebugging(undefined, {
        name: 'A Node program',
        type: 'pwa-node',
        request: 'launch',
        program: script,
      });
      assert.ok(ok);
      await waitFor('the node session', () => vscode.debug.activeDebugSession);
      try {
        await vscode.commands.executeCommand('leakHunter.takeSnapshot');
        const notice = lastNotice(lh);
        assert.equal(notice.level, 'warning');
        assert.match(notice.text, /is of type "pwa-node"\. Start your Python program with a "debugpy"/);
      } finally {
        await vscode.debug.stopDebugging();
      }
    });
  });
});
