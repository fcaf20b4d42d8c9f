// Show Biggest Objects inside a real VS Code with a real debugpy adapter and a real CPython
// debuggee (sample/cache_leak.py, running, 20,000 objects leaked): the list that caches them keeps
// exactly its own bytes plus theirs, as the snapshot (a separate computation in the agent) counts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../../common/format';
import type { LeakHunterApi } from '../../../extension/extension';
import type { DominatorItem } from '../../../extension/views/biggestObjectsView';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const SAMPLE = path.join(REPO, 'sample');
/** Objects leaked per batch: enough for the cache to be among the biggest objects. */
const BATCH = 20_000;

async function api(): Promise<LeakHunterApi> {
  const ext = vscode.extensions.getExtension<LeakHunterApi>('leak-hunter.leak-hunter');
  assert.ok(ext, 'Leak Hunter is installed');
  return ext.isActive ? ext.exports : ext.activate();
}

/** An object row of the view (the suite is bundled apart from the extension: no instanceof). */
function isObjectRow(item: unknown): item is DominatorItem {
  return typeof item === 'object' && item !== null && 'entry' in item;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Show Biggest Objects in VS Code', function () {
  this.timeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leak-hunter-biggest-'));
  const trigger = path.join(dir, 'trigger');
  let session: vscode.DebugSession;
  let lh: LeakHunterApi;
  let batches = 0;

  before(async () => {
    lh = await api();
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => {
        sub.dispose();
        resolve(s);
      });
    });
    assert.ok(
      await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
        name: 'Leak Hunter test: biggest objects',
        type: 'debugpy',
        request: 'launch',
        program: path.join(SAMPLE, 'cache_leak.py'),
        cwd: SAMPLE,
        python: process.env.LEAK_HUNTER_PYTHON || '/usr/bin/python3',
        console: 'internalConsole',
        justMyCode: true,
        env: { LEAK_TRIGGER: trigger, LEAK_BATCH: String(BATCH) },
      }),
    );
    session = await started;
    await waitFor('the program to reach its loop', () => fs.existsSync(`${trigger}.ready`));
    fs.writeFileSync(trigger, '1');
    await waitFor('the leak', () => fs.existsSync(`${trigger}.done`));
    // Writing the file may change its time twice (one batch or two): the program says how many.
    await new Promise((r) => setTimeout(r, 500));
    batches = Number(fs.readFileSync(`${trigger}.done`, 'utf8'));
  });

  after(async () => {
    if (vscode.debug.activeDebugSession)
      await vscode.debug.stopDebugging(session).then(undefined, () => undefined);
  });

  it('lists the cache under what keeps it, keeping exactly its own bytes and its objects', async () => {
    await vscode.commands.executeCommand('leakHunter.takeSnapshot');
    const obj = lh.sessions.shown?.model.latest?.types.find((t) => t.key === '__main__.OBJ');
    assert.ok(obj, 'the snapshot counts OBJ');
    assert.equal(obj.count, BATCH * batches);

    await vscode.commands.executeCommand('leakHunter.showBiggestObjects');
    const result = await waitFor('the result', () => lh.biggestObjects.result);
    assert.match(String(lh.biggestObjects.view.message), /C extension keeps privately/);
    const top = await lh.biggestObjects.getChildren();
    const objects = top.filter(isObjectRow);
    assert.ok(objects.length > 10, 'the roots are listed');
    for (let i = 1; i < objects.length; i++) {
      assert.ok(objects[i - 1].entry.retainedBytes >= objects[i].entry.retainedBytes, 'biggest first');
    }
    // The cache: a list that dominates exactly the leaked objects, found under the modules and dicts.
    let cache: DominatorItem | undefined;
    let level = objects;
    for (let depth = 0; depth < 3 && !cache; depth++) {
      cache = level.find((i) => i.entry.typeKey === 'list' && i.entry.childCount === obj.count);
      const next: DominatorItem[] = [];
      for (const item of level.filter((i) => /^(module|dict)$/.test(i.entry.typeKey)).slice(0, 30)) {
        next.push(...(await lh.biggestObjects.getChildren(item)).filter(isObjectRow));
      }
      level = next;
    }
    assert.ok(cache, 'the cache list is in the tree');
    const members = (await lh.biggestObjects.getChildren(cache)).filter(isObjectRow);
    assert.equal(members.length, Math.min(100, obj.count)); // the view lists the biggest 100
    for (const m of members) {
      assert.equal(m.entry.typeKey, '__main__.OBJ');
      assert.equal(m.entry.retainedBytes, m.entry.shallowBytes);
    }
    assert.equal(cache.entry.retainedBytes, cache.entry.shallowBytes + obj.shallowBytes);
    assert.ok(result.summary.reachableBytes > cache.entry.retainedBytes);

    // The Types view shows each type's retained bytes and sorts by them.
    await vscode.commands.executeCommand('leakHunter.sortTypes', 'retainedBytes');
    const rows = await lh.typesTree.getChildren();
    const objRow = rows.find((i) => i.label === 'OBJ');
    assert.ok(objRow, 'OBJ is listed');
    assert.equal(
      objRow.description,
      `${obj.count.toLocaleString()}  · ${formatBytes(obj.shallowBytes)}  · keeps ≥${formatBytes(obj.shallowBytes)}`,
    );
    const retained = lh.sessions.shown?.model.typeRows('', 1000).map((r) => r.retainedBytes ?? -1) ?? [];
    assert.deepEqual(
      retained,
      [...retained].sort((a, b) => b - a),
      'sorted by retained bytes',
    );

    // Each object opens the graph commands.
    await vscode.commands.executeCommand('leakHunter.whyIsThisAlive', members[0]);
    const shown = await waitFor('the chain', () =>
      lh.panels.lastGraph?.mode === 'chain' && lh.panels.lastGraph.graph.targetId
        ? lh.panels.lastGraph
        : undefined,
    );
    const target = shown.graph.nodes.find((n) => n.id === shown.graph.targetId);
    assert.equal(target?.address, members[0].entry.address);

    // The graph's nodes carry the computed retained sizes: the cache's chain shows, on the list's
    // node, exactly what the view shows for it; no snapshot was taken since, so no note.
    const chainTo = (address: number) =>
      waitFor('the chain', () => {
        const g = lh.panels.lastGraph;
        const t = g?.mode === 'chain' ? g.graph.nodes.find((n) => n.id === g.graph.targetId) : undefined;
        return t?.address === address ? g : undefined;
      });
    await vscode.commands.executeCommand('leakHunter.whyIsThisAlive', cache);
    const cacheChain = await chainTo(cache.entry.address);
    const listNode = cacheChain.graph.nodes.find((n) => n.address === cache.entry.address);
    assert.equal(listNode?.retainedBytes, cache.entry.retainedBytes);
    assert.equal(cacheChain.hint, undefined);
    const memberNode = shown.graph.nodes.find((n) => n.address === members[0].entry.address);
    assert.equal(memberNode?.retainedBytes, members[0].entry.retainedBytes);
    assert.equal(
      shown.graph.nodes.find((n) => n.address === cache.entry.address)?.retainedBytes,
      cache.entry.retainedBytes,
    );

    // A snapshot after the computation: the sizes are said to be from then.
    await vscode.commands.executeCommand('leakHunter.takeSnapshot');
    await vscode.commands.executeCommand('leakHunter.whyIsThisAlive', members[1]);
    const later = await chainTo(members[1].entry.address);
    assert.match(String(later.hint), /Run Show Biggest Objects again for current sizes/);
  });

  it('forgets the result when the session ends', async () => {
    await vscode.debug.stopDebugging(session);
    await waitFor('the view to clear', () => lh.biggestObjects.result === undefined);
    assert.deepEqual(await lh.biggestObjects.getChildren(), []);
  });
});
