/**
 * Find Leaks through a real debugpy adapter: the corpus programs (leaks and non-leaks) run in one
 * debuggee that keeps running; a recording is a baseline and one sample per repetition, all
 * through DAP evaluate, with the agent's and the debugger's own traffic in between. What the
 * programs leak comes from the debuggee itself (by construction, never from the agent).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { after, before, describe, it } from 'node:test';
import type { LeakSuspect } from '../../common/leakProtocol';
import type { PythonHeapAgent } from '../../extension/backend/python/agentClient';
import { Control, DebugpySession, isVisibleEvent, PROGRAMS } from './harness';

const PROGRAM = join(PROGRAMS, 'leak_corpus_service.py');
const CORPUS = [
  'registry',
  'listeners',
  'lru_method',
  'two_leaks',
  'bounded_lru',
  'warm_cache',
  'late_free',
  'churn',
];
const REPETITIONS = 6;
const SAFE = { mode: 'safe' as const, maxLength: 80 };

interface Expected {
  readonly name: string;
  readonly typeName: string;
  readonly count: number;
  readonly path: string;
  readonly line: number;
}

/** The line of `checkpoint()` where line-triggered sampling stops. */
const CHECKPOINT_LINE =
  readFileSync(PROGRAM, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('done = repetition')) + 1;

/** Suspects and expectations as comparable keys. */
function keys(
  suspects: readonly LeakSuspect[],
  expected: readonly Expected[],
): { found: string[]; wanted: string[] } {
  const key = (e: Expected) => JSON.stringify([e.name, e.typeName, e.count, e.path, e.line]);
  return { found: suspects.map((s) => key(asExpected(s))).sort(), wanted: expected.map(key).sort() };
}

/** What a suspect says, in the shape the debuggee's expectations use. */
function asExpected(s: LeakSuspect): Expected {
  const first = s.sources[0];
  return {
    name: s.reference.name,
    typeName: s.typeName,
    count: s.count,
    path: first?.path ?? '',
    line: first?.line ?? 0,
  };
}

describe('Find Leaks on a running program under debugpy', () => {
  let control: Control;
  let session: DebugpySession;
  let agent: PythonHeapAgent;

  before(async () => {
    control = new Control();
    session = await DebugpySession.launch({ program: PROGRAM, args: [control.dir, CORPUS.join(',')] });
    await control.waitFor('ready');
    agent = session.newAgent();
  });
  after(async () => {
    await session.close();
    control.dispose();
  });

  it('finds every leak with its reference and line, and no non-leak (precision and recall 1)', async () => {
    const startedAt = Date.now();
    const baseline = await agent.call('leakStart', {});
    assert.equal(baseline.repetition, 0);
    const totals = [baseline.totalObjects];
    for (let i = 1; i <= REPETITIONS; i++) {
      const ack = (await control.trigger('repeat')) as { repetition: number };
      assert.equal(ack.repetition, i);
      // the agent's and the debugger's own work between samples is never a suspect
      await agent.call('snapshot', { collect: false, setBaseline: false, compareToBaseline: false });
      const sample = await agent.call('leakSample', {});
      assert.equal(sample.repetition, i);
      totals.push(sample.totalObjects);
    }
    const result = await agent.call('leakSuspects', { labels: SAFE, maxSuspects: 50, chains: true });
    const expected = (await control.trigger('expected')) as Expected[];
    await agent.call('leakStop', {});

    const { found, wanted } = keys(result.suspects, expected);
    const truePositives = found.filter((f) => wanted.includes(f)).length;
    const precision = found.length === 0 ? 1 : truePositives / found.length;
    const recall = truePositives / expected.length;
    console.log(
      `Find Leaks under debugpy: ${expected.length} leaks, ${found.length} suspects, ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; objects per snapshot ${totals.join(', ')}`,
    );
    assert.equal(expected.length, 5);
    assert.deepEqual(found, wanted);
    for (const s of result.suspects) {
      assert.doesNotMatch(s.path, /pydev|debugpy|leak_hunter_agent/);
      assert.ok(s.chain, `a chain for ${s.path}`);
      assert.ok(s.suspectEdge, `the suspect edge for ${s.path}`);
      assert.equal(s.suspectEdge.from, String(s.reference.address));
    }
    // the running program never looked paused, and nothing was printed
    assert.deepEqual(session.eventsSince(startedAt).filter(isVisibleEvent), []);
  });
});

describe('Find Leaks sampling at a breakpoint (line-triggered), under debugpy', () => {
  let control: Control;
  let session: DebugpySession;
  let agent: PythonHeapAgent;

  before(async () => {
    control = new Control();
    session = await DebugpySession.launch({
      program: PROGRAM,
      args: [control.dir, CORPUS.join(',')],
      breakpoints: [{ path: PROGRAM, line: CHECKPOINT_LINE }],
    });
    await control.waitFor('ready');
    agent = session.newAgent();
  });
  after(async () => {
    await session.close();
    control.dispose();
  });

  it('samples while paused at each repetition, continues, and finds the same suspects', async () => {
    assert.ok(CHECKPOINT_LINE > 0);
    await agent.call('leakStart', {});
    for (let i = 1; i <= REPETITIONS; i++) {
      const stopped = session.dc.waitForEvent('stopped', 20_000);
      writeFileSync(join(control.dir, 'repeat'), '');
      const ev = (await stopped) as DebugProtocol.StoppedEvent;
      assert.equal(ev.body.reason, 'breakpoint');
      const sample = await agent.call('leakSample', {});
      assert.equal(sample.repetition, i);
      await session.dc.continueRequest({ threadId: ev.body.threadId! });
      assert.deepEqual(await control.waitFor('repeat.ack'), { repetition: i });
    }
    const result = await agent.call('leakSuspects', { labels: SAFE, maxSuspects: 50, chains: false });
    const expected = (await control.trigger('expected')) as Expected[];
    await agent.call('leakStop', {});
    const { found, wanted } = keys(result.suspects, expected);
    assert.equal(wanted.length, 5);
    assert.deepEqual(found, wanted);
  });
});
