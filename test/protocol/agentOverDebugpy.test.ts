/**
 * The host side (`PythonHeapAgent`) and the Python agent together, through a real
 * `python -m debugpy.adapter` and a real debuggee (`programs/leaky_service.py`), running and paused.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SnapshotParams, SnapshotResult } from '../../common/agentProtocol';
import { AgentCallError, type PythonHeapAgent } from '../../extension/backend/python/agentClient';
import { Control, DebugpySession, isVisibleEvent, PROGRAMS, pythonUnderTest } from './harness';

const PROGRAM = join(PROGRAMS, 'leaky_service.py');
const BREAKPOINT_LINE =
  readFileSync(PROGRAM, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('# a breakpoint goes on this line')) + 1;
const PLAIN: SnapshotParams = { collect: true, setBaseline: false, compareToBaseline: false };
const LABELS = { mode: 'safe', maxLength: 120 } as const;
/** Type keys that belong to the debugger or to Leak Hunter itself. */
const NOISE_KEY = /(^|\.)(_?pydevd?\w*|_pydev_\w*|debugpy|leak_hunter_agent)(\.|$)/;

function count(snapshot: SnapshotResult, key: string): number {
  return snapshot.types.find((t) => t.key === key)?.count ?? 0;
}

/** Non-zero per-type differences between two snapshots, for assertion messages. */
function differences(a: SnapshotResult, b: SnapshotResult): Record<string, number> {
  const out: Record<string, number> = {};
  const keys = new Set([...a.types.map((t) => t.key), ...b.types.map((t) => t.key)]);
  for (const k of keys) {
    const d = count(b, k) - count(a, k);
    if (d !== 0) out[k] = d;
  }
  return out;
}

async function rejection(p: Promise<unknown>): Promise<AgentCallError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AgentCallError, `AgentCallError expected, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

const noOwnEvents = (s: DebugpySession, since: number) => s.eventsSince(since).filter(isVisibleEvent);

describe('running program under debugpy', () => {
  let control: Control;
  let session: DebugpySession;
  let agent: PythonHeapAgent;
  const log: string[] = [];

  before(async () => {
    control = new Control();
    session = await DebugpySession.launch({ program: PROGRAM, args: [control.dir] });
    await control.waitFor('ready');
    agent = session.newAgent((l) => log.push(l));
  });
  after(async () => {
    await session.close();
    control.dispose();
  });

  it('installs the agent on first use and says hello', async () => {
    const hello = await agent.call('hello', {});
    assert.equal(hello.agentVersion, 1);
    assert.equal(hello.implementation, 'cpython');
    assert.equal(hello.pythonVersion.split(' ')[0], pythonUnderTest().version);
    assert.ok(
      log.some((l) => /agent hello: installing the agent/.test(l)),
      log.join('\n'),
    );
    assert.ok(
      log.some((l) => /^agent hello: ok \(installed\) in \d+ ms$/.test(l)),
      log.join('\n'),
    );
  });

  it('counts the leaked OBJ and Connection exactly, without debugger or agent types', async () => {
    const snap = await agent.call('snapshot', PLAIN);
    assert.equal(count(snap, '__main__.OBJ'), 50);
    assert.equal(count(snap, '__main__.Connection'), 50);
    assert.equal(count(snap, '__main__.ConnectionManager'), 1);
    const noise = snap.types
      .filter((t) => NOISE_KEY.test(t.key) || NOISE_KEY.test(t.module))
      .map((t) => `${t.key}=${t.count}`);
    assert.deepEqual(noise, [], 'types of pydevd/debugpy/the agent in the snapshot');
  });

  it('growth after the program leaks once more is exactly +100 OBJ, +100 Connection', async () => {
    const before = await agent.call('snapshot', PLAIN);
    const ack = (await control.trigger('leak')) as { leaked: number };
    assert.equal(ack.leaked, 150);
    const after = await agent.call('snapshot', PLAIN);
    assert.equal(count(after, '__main__.OBJ'), 150);
    assert.equal(count(after, '__main__.Connection'), 150);
    const d = differences(before, after);
    assert.equal(d['__main__.OBJ'], 100);
    assert.equal(d['__main__.Connection'], 100);
  });

  it('two back-to-back snapshots with no activity differ in no type (noise-free)', async () => {
    await agent.call('snapshot', PLAIN); // warm-up: first-call caches inside the agent
    const a = await agent.call('snapshot', PLAIN);
    const b = await agent.call('snapshot', PLAIN);
    assert.deepEqual(differences(a, b), {});
    assert.equal(b.totalObjects, a.totalObjects);
  });

  it('baseline: new / freed per type against the pinned snapshot', async () => {
    await agent.call('snapshot', { collect: true, setBaseline: true, compareToBaseline: false });
    await control.trigger('leak');
    const cmp = await agent.call('snapshot', { collect: true, setBaseline: false, compareToBaseline: true });
    const obj = cmp.types.find((t) => t.key === '__main__.OBJ');
    assert.equal(obj?.newSinceBaseline, 100);
    assert.equal(obj?.freedSinceBaseline, 0);
    assert.equal(cmp.types.find((t) => t.key === '__main__.Connection')?.newSinceBaseline, 100);
  });

  it('commands on a running program emit no stopped, continued or output event', async () => {
    const since = Date.now();
    await agent.call('hello', {});
    await agent.call('snapshot', PLAIN);
    await agent.call('instances', { typeKey: '__main__.Connection', offset: 0, limit: 5, labels: LABELS });
    await agent.call('typeSource', { typeKey: '__main__.Connection' });
    await new Promise((r) => setTimeout(r, 200)); // let any late event arrive
    assert.deepEqual(noOwnEvents(session, since), []);
  });

  it('instances and typeSource of a leaked type', async () => {
    const page = await agent.call('instances', {
      typeKey: '__main__.Connection',
      offset: 0,
      limit: 5,
      labels: LABELS,
    });
    assert.equal(page.total, 250);
    assert.equal(page.instances.length, 5);
    for (const i of page.instances) {
      assert.equal(i.typeName, 'Connection');
      assert.ok(i.address > 0);
      assert.ok(i.label.length > 0 && i.label.length <= 120, i.label);
    }
    const src = await agent.call('typeSource', { typeKey: '__main__.Connection' });
    assert.equal(src.location?.path, PROGRAM);
    assert.equal(
      src.location?.line,
      readFileSync(PROGRAM, 'utf8').split('\n').indexOf('class Connection(object):') + 1,
    );
  });

  it('hostile __repr__ in repr mode gives a clear, bounded label; safe mode never calls it', async () => {
    const callsBefore = await session.probe("__import__('sys').modules['__main__'].Hostile.repr_calls");
    for (const typeKey of ['__main__.Hostile', '__main__.HugeRepr']) {
      const safe = await agent.call('instances', { typeKey, offset: 0, limit: 1, labels: LABELS });
      assert.equal(safe.total, 1);
      assert.match(safe.instances[0].label, typeKey.endsWith('Hostile') ? /Hostile/ : /HugeRepr/);
    }
    assert.equal(
      await session.probe("__import__('sys').modules['__main__'].Hostile.repr_calls"),
      callsBefore,
    );
    const raising = await agent.call('instances', {
      typeKey: '__main__.Hostile',
      offset: 0,
      limit: 1,
      labels: { mode: 'repr', maxLength: 80 },
    });
    const label = raising.instances[0].label;
    assert.ok(label.length > 0 && label.length <= 80, label);
    assert.match(label, /Hostile/);
    assert.match(label, /RuntimeError|repr|error|fail/i, `label says the repr failed: ${label}`);
    const huge = await agent.call('instances', {
      typeKey: '__main__.HugeRepr',
      offset: 0,
      limit: 1,
      labels: { mode: 'repr', maxLength: 80 },
    });
    assert.ok(huge.instances[0].label.length <= 80, `${huge.instances[0].label.length} chars`);
    assert.ok(huge.instances[0].label.startsWith('<b>xxx'), huge.instances[0].label);
  });

  it('Why Is This Alive? finds module __main__ -> _cache list -> OBJ (the seed leak)', async () => {
    const page = await agent.call('instances', {
      typeKey: '__main__.OBJ',
      offset: 0,
      limit: 1,
      labels: LABELS,
    });
    const { address, typeKey } = page.instances[0];
    const r = await agent.call('chain', {
      target: { address, typeKey },
      root: { kind: 'module' },
      maxDepth: 20,
      labels: LABELS,
    });
    assert.ok(r.found, `no chain: ${JSON.stringify(r.graph.nodes.map((n) => n.label))}`);
    assert.deepEqual(
      r.graph.nodes.map((n) => n.typeName),
      ['module', 'dict', 'list', 'OBJ'],
    );
  });

  it('serializes concurrent calls: three at once all answer correctly', async () => {
    const [h, s, i] = await Promise.all([
      agent.call('hello', {}),
      agent.call('snapshot', PLAIN),
      agent.call('instances', { typeKey: '__main__.OBJ', offset: 0, limit: 3, labels: LABELS }),
    ]);
    assert.equal(h.agentVersion, 1);
    assert.equal(count(s, '__main__.OBJ'), 250);
    assert.equal(i.total, 250);
  });

  it('cancellation rejects at once and the next call still works', async () => {
    let listener: (() => void) | undefined;
    const token = {
      isCancellationRequested: false,
      onCancellationRequested(l: () => void) {
        listener = l;
        return { dispose: () => (listener = undefined) };
      },
    };
    const pending = agent.call('snapshot', PLAIN, token);
    token.isCancellationRequested = true;
    listener?.();
    assert.equal((await rejection(pending)).kind, 'cancelled');
    const next = await agent.call('snapshot', PLAIN);
    assert.equal(count(next, '__main__.OBJ'), 250);
  });
});

describe('program paused at a breakpoint', () => {
  let control: Control;
  let session: DebugpySession;
  let agent: PythonHeapAgent;

  before(async () => {
    control = new Control();
    session = await DebugpySession.launch({
      program: PROGRAM,
      args: [control.dir],
      breakpoints: [{ path: PROGRAM, line: BREAKPOINT_LINE }],
    });
    await control.waitFor('ready');
    agent = session.newAgent();
  });
  after(async () => {
    await session.close();
    control.dispose();
  });

  /** Everything the user sees of the stop: threads, the stack, every scope's variables. */
  async function stopState(threadId: number) {
    const threads = (await session.dc.threadsRequest()).body.threads;
    const stack = (await session.dc.stackTraceRequest({ threadId, startFrame: 0, levels: 20 })).body
      .stackFrames;
    const scopes = (await session.dc.scopesRequest({ frameId: stack[0].id })).body.scopes;
    const variables: Record<string, DebugProtocol.Variable[]> = {};
    for (const scope of scopes) {
      const vars = (await session.dc.variablesRequest({ variablesReference: scope.variablesReference })).body
        .variables;
      // variablesReference handles are per request; compare what the user reads.
      variables[scope.name] = vars.map(({ variablesReference: _ref, ...v }) => v as DebugProtocol.Variable);
    }
    return {
      threads,
      stack: stack.map((f) => ({ name: f.name, line: f.line, column: f.column, path: f.source?.path })),
      scopes: scopes.map((s) => s.name),
      variables,
    };
  }

  it('snapshot while paused leaves threads, top frame and variables as they were, with no resume', async () => {
    const stopped = session.dc.waitForEvent('stopped', 20_000);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(control.dir, 'pause'), '');
    const ev = (await stopped) as DebugProtocol.StoppedEvent;
    assert.equal(ev.body.reason, 'breakpoint');
    const threadId = ev.body.threadId!;
    const before = await stopState(threadId);
    assert.equal(before.stack[0].name, 'checkpoint');
    assert.equal(before.stack[0].line, BREAKPOINT_LINE);
    assert.ok(
      before.variables['Locals']?.some((v) => v.name === 'marker'),
      JSON.stringify(before.variables),
    );

    const since = Date.now();
    const snap = await agent.call('snapshot', PLAIN);
    assert.equal(count(snap, '__main__.OBJ'), 50);
    assert.equal(count(snap, '__main__.Connection'), 50);
    const page = await agent.call('instances', {
      typeKey: '__main__.OBJ',
      offset: 0,
      limit: 3,
      labels: LABELS,
    });
    assert.equal(page.total, 50);
    await new Promise((r) => setTimeout(r, 200));

    const afterState = await stopState(threadId);
    assert.deepEqual(afterState, before);
    assert.deepEqual(noOwnEvents(session, since), [], 'no stopped/continued/output events');

    await session.dc.continueRequest({ threadId });
    await control.waitFor('pause.ack');
  });
});

describe('state of the user program and agent replacement', () => {
  let control: Control;
  let session: DebugpySession;
  let agent: PythonHeapAgent;
  const log: string[] = [];

  before(async () => {
    control = new Control();
    session = await DebugpySession.launch({
      program: PROGRAM,
      args: [control.dir],
      env: { LH_CUSTOM_STATE: '1' },
    });
    await control.waitFor('ready');
    agent = session.newAgent((l) => log.push(l));
  });
  after(async () => {
    await session.close();
    control.dispose();
  });

  it('gc flags, thresholds, gc.garbage, tracemalloc and the main thread trace function are unchanged', async () => {
    const stateBefore = await control.trigger('state', 'state.json');
    assert.deepEqual(
      { ...(stateBefore as object), trace: undefined },
      {
        gcEnabled: false,
        threshold: [555, 7, 3],
        debug: 4,
        tracing: false,
        trace: undefined,
        garbage: [1, true],
        callbacks: 0,
      },
      'the program set its own gc state',
    );
    // Read again with no agent call in between: the trace function's repr is stable.
    assert.deepEqual(await control.trigger('state', 'state.json'), stateBefore);

    await agent.call('snapshot', PLAIN);
    await agent.call('snapshot', { collect: true, setBaseline: true, compareToBaseline: false });
    await agent.call('snapshot', { collect: false, setBaseline: false, compareToBaseline: true });
    await agent.call('instances', { typeKey: '__main__.OBJ', offset: 0, limit: 3, labels: LABELS });

    assert.deepEqual(await control.trigger('state', 'state.json'), stateBefore);
    // The same, read from pydevd's command thread (gc and tracemalloc state are process-wide).
    assert.equal(
      await session.probe(
        "(__import__('gc').isenabled(), __import__('gc').get_threshold(), __import__('gc').get_debug(), __import__('tracemalloc').is_tracing())",
      ),
      '(False, (555, 7, 3), 4, False)',
    );
  });

  it('replaces a stale agent that has no handle()', async () => {
    await session.exec(
      "import sys, types\nm = types.ModuleType('leak_hunter_agent')\nm.AGENT_VERSION = 0\nsys.modules['leak_hunter_agent'] = m\n",
    );
    assert.equal(await session.probe("__import__('sys').modules['leak_hunter_agent'].AGENT_VERSION"), '0');
    log.length = 0;
    const hello = await agent.call('hello', {});
    assert.equal(hello.agentVersion, 1);
    assert.equal(await session.probe("__import__('sys').modules['leak_hunter_agent'].AGENT_VERSION"), '1');
    assert.ok(
      log.some((l) => /installing the agent/.test(l)),
      log.join('\n'),
    );
  });

  it('replaces a stale agent that answers version_mismatch', async () => {
    await session.exec(
      [
        'import sys, types, json',
        "m = types.ModuleType('leak_hunter_agent')",
        'm.AGENT_VERSION = 0',
        "MARK = '\\x01LEAK-HUNTER-REPLY\\x01'",
        "def handle(request_json, reply_mode='raise'):",
        "    raise Exception(MARK + json.dumps({'ok': False, 'error': {'code': 'version_mismatch', 'message': 'agent 0', 'agentVersion': 0}}) + MARK)",
        'm.handle = handle',
        "sys.modules['leak_hunter_agent'] = m",
        '',
      ].join('\n'),
    );
    log.length = 0;
    const snap = await agent.call('snapshot', PLAIN);
    assert.equal(count(snap, '__main__.OBJ'), 50);
    assert.equal(await session.probe("__import__('sys').modules['leak_hunter_agent'].AGENT_VERSION"), '1');
    assert.ok(
      log.some((l) => /replacing the agent \(version 0, need 1\)/.test(l)),
      log.join('\n'),
    );
  });

  it('replaces a module slot that holds None', async () => {
    await session.exec("import sys\nsys.modules['leak_hunter_agent'] = None\n");
    // `None.handle` is an AttributeError: the client reinstalls, and the call works.
    assert.equal((await agent.call('hello', {})).agentVersion, 1);
  });
});

describe('the program ends while a call is in flight', () => {
  it('the call rejects with sessionEnded and later calls do too; nothing hangs', async () => {
    const control = new Control();
    const session = await DebugpySession.launch({ program: PROGRAM, args: [control.dir] });
    try {
      await control.waitFor('ready');
      const agent = session.newAgent();
      await agent.call('hello', {});
      // The program blocks the next gc.collect() (the snapshot's) in a gc callback and then
      // calls os._exit(3) while that collect is still running.
      await control.trigger('exit-during-gc');
      const err = await rejection(agent.call('snapshot', PLAIN));
      assert.equal(err.kind, 'sessionEnded', `${err.kind}: ${err.message} ${err.detail ?? ''}`);
      const later = await rejection(agent.call('hello', {}));
      assert.equal(later.kind, 'sessionEnded', `${later.kind}: ${later.message} ${later.detail ?? ''}`);
      agent.dispose();
      assert.equal((await rejection(agent.call('hello', {}))).kind, 'sessionEnded');
    } finally {
      await session.close();
      control.dispose();
    }
  });
});
