/**
 * Exactness: under the real debugger, paused at a breakpoint and while running, the growth of
 * EVERY type between two Leak Hunter snapshots equals objgraph's growth between the same points
 * of the same program run standalone (no debugger, objgraph's `typestats` after collections).
 * Programs: the seed's samples and the tests' leak programs, each driven by
 * `programs/exact_driver.py` one workload call per step.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SnapshotResult } from '../../common/agentProtocol';
import type { PythonHeapAgent } from '../../extension/backend/python/agentClient';
import { DebugpySession, PROGRAMS, PYTHON } from './harness';

const DRIVER = join(PROGRAMS, 'exact_driver.py');
const MARK_LINE =
  readFileSync(DRIVER, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('# LH-MARK')) + 1;
/** Debian's objgraph (one pure-Python file), loaded by path in the reference run only. */
const OBJGRAPH = '/usr/lib/python3/dist-packages/objgraph.py';
/** Where each snapshot is taken: R while running, P paused at the mark's breakpoint. Every
 * transition (R->R, R->P, P->P, P->R) is compared. */
const WHERE = ['R', 'R', 'P', 'P', 'R', 'P'] as const;

type Counts = Record<string, number>;
type Where = (typeof WHERE)[number];

interface Workload {
  readonly name: string;
  /** DIR:MODULE:FUNCTION[:ARG] for exact_driver.py. */
  readonly spec: string;
  readonly env?: Record<string, string>;
}

const WORKLOADS: readonly Workload[] = [
  { name: 'sample cache_leak', spec: 'sample:cache_leak:leak_one_batch', env: { LEAK_BATCH: '100' } },
  {
    name: 'sample connection_registry',
    spec: 'sample:connection_registry:leak_one_batch',
    env: { LEAK_BATCH: '100' },
  },
  { name: 'sample cycles', spec: 'sample:cycles:make_cycles', env: { LEAK_BATCH: '50' } },
  { name: 'agent cache_leak', spec: 'test/agent/agent_tests/programs:cache_leak:main:25' },
  { name: 'agent connections', spec: 'test/agent/agent_tests/programs:connections:serve:10' },
  { name: 'agent cycles', spec: 'test/agent/agent_tests/programs:cycles:make_trees:7' },
  { name: 'agent hostile objects', spec: 'test/agent/agent_tests/programs:hostile:make_all' },
];

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits for CONTROL/name, returns its text and removes it. */
async function take(dir: string, name: string, timeoutMs = 30_000): Promise<string> {
  const path = join(dir, name);
  const until = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${name}`);
    await sleep(20);
  }
  await sleep(10);
  const text = readFileSync(path, 'utf8');
  rmSync(path);
  return text;
}

/** Non-zero per-type differences b - a. */
function growth(a: Counts, b: Counts): Counts {
  const out: Counts = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (b[k] ?? 0) - (a[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}

/** A snapshot's counts under objgraph's long type names (`module.__name__`). */
function asObjgraphNames(snap: SnapshotResult): Counts {
  const out: Counts = {};
  for (const t of snap.types) {
    const name = `${t.module}.${t.name}`;
    out[name] = (out[name] ?? 0) + t.count;
  }
  return out;
}

/** objgraph's counts at every mark and idle point of a standalone run: { 'P0': ..., 'R0': ... }. */
async function reference(workload: Workload): Promise<Record<string, Counts>> {
  const dir = mkdtempSync(join(tmpdir(), 'lh-exact-ref-'));
  const child = spawn(PYTHON, [DRIVER, dir, workload.spec], {
    env: { ...process.env, ...workload.env, LH_OBJGRAPH: OBJGRAPH, LH_OBJGRAPH_OUT: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await take(dir, 'ready');
    const stats: Record<string, Counts> = {};
    for (let k = 0; k < WHERE.length; k++) {
      writeFileSync(join(dir, 'step'), '');
      stats[`P${k}`] = JSON.parse(await take(dir, `stats-mark-${k}.json`)) as Counts;
      stats[`R${k}`] = JSON.parse(await take(dir, `stats-idle-${k}.json`)) as Counts;
      await take(dir, 'step.ack');
    }
    return stats;
  } catch (e) {
    throw new Error(`reference run failed: ${String(e)}\n${stderr}`);
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Leak Hunter's counts at the same points, under debugpy, running (R) or paused (P). */
async function underDebugger(workload: Workload): Promise<Counts[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lh-exact-dbg-'));
  const session = await DebugpySession.launch({
    program: DRIVER,
    args: [dir, workload.spec],
    env: workload.env,
  });
  const setMark = (on: boolean) =>
    session.dc.setBreakpointsRequest({
      source: { path: DRIVER },
      breakpoints: on ? [{ line: MARK_LINE }] : [],
    });
  try {
    await take(dir, 'ready');
    const agent: PythonHeapAgent = session.newAgent();
    await agent.call('hello', {});
    const counts: Counts[] = [];
    for (let k = 0; k < WHERE.length; k++) {
      const where: Where = WHERE[k];
      if (where === 'R') {
        writeFileSync(join(dir, 'step'), '');
        await take(dir, 'step.ack');
        counts.push(
          asObjgraphNames(
            await agent.call('snapshot', { collect: true, setBaseline: false, compareToBaseline: false }),
          ),
        );
        continue;
      }
      await setMark(true);
      const stopped = session.dc.waitForEvent('stopped', 20_000);
      writeFileSync(join(dir, 'step'), '');
      const threadId = ((await stopped) as DebugProtocol.StoppedEvent).body.threadId!;
      // what VS Code shows on a stop: threads, the stack, the top frame's variables
      await session.dc.threadsRequest();
      const frames = (await session.dc.stackTraceRequest({ threadId, startFrame: 0, levels: 20 })).body
        .stackFrames;
      assert.equal(frames[0].line, MARK_LINE);
      for (const scope of (await session.dc.scopesRequest({ frameId: frames[0].id })).body.scopes) {
        await session.dc.variablesRequest({ variablesReference: scope.variablesReference });
      }
      counts.push(
        asObjgraphNames(
          await agent.call('snapshot', { collect: true, setBaseline: false, compareToBaseline: false }),
        ),
      );
      await setMark(false);
      await session.dc.continueRequest({ threadId });
      await take(dir, 'step.ack');
    }
    writeFileSync(join(dir, 'exit'), '');
    return counts;
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(
  'growth of every type equals objgraph without a debugger',
  { skip: !existsSync(OBJGRAPH) && `no ${OBJGRAPH}` },
  () => {
    for (const workload of WORKLOADS) {
      describe(workload.name, () => {
        let expected: Record<string, Counts>;
        let actual: Counts[];
        before(async () => {
          expected = await reference(workload);
          actual = await underDebugger(workload);
        });
        after(() => undefined);
        for (let k = 1; k < WHERE.length; k++) {
          const from = `${WHERE[k - 1]}${k - 1}`;
          const to = `${WHERE[k]}${k}`;
          it(`${from} -> ${to}`, () => {
            assert.deepEqual(growth(actual[k - 1], actual[k]), growth(expected[from], expected[to]));
          });
        }
      });
    }
  },
);
