/**
 * Read-only by default, through a real debugpy adapter: on a program that disabled gc and dropped
 * cycles with finalizers and weakref callbacks, no Leak Hunter command runs a `__del__` or a
 * callback, clears a weakref or changes gc's state; the program's own collection, later, runs each
 * finalizer and callback exactly once.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AgentMethod, AgentParams } from '../../common/agentProtocol';
import type { PythonHeapAgent } from '../../extension/backend/python/agentClient';
import { Control, DebugpySession, PROGRAMS } from './harness';

const PROGRAM = join(PROGRAMS, 'read_only_service.py');
const SAFE = { mode: 'safe' as const, maxLength: 80 };
const UNTOUCHED = {
  finalized: 0,
  callbacks: 0,
  alive: 5,
  gc: [false, [700, 10, 10], 0],
  garbage: [1, true],
};

describe('read-only commands under debugpy', () => {
  let control: Control;
  let session: DebugpySession;
  let agent: PythonHeapAgent;

  before(async () => {
    control = new Control();
    session = await DebugpySession.launch({ program: PROGRAM, args: [control.dir] });
    await control.waitFor('ready');
    agent = session.newAgent();
  });
  after(async () => {
    await session.close();
    control.dispose();
  });

  it('no command runs a finalizer or a weakref callback; the program collects them itself, once', async () => {
    const start = (await control.trigger('state', 'state.json')) as typeof UNTOUCHED;
    const expected = { ...UNTOUCHED, gc: [false, start.gc[1], 0] };
    assert.deepEqual(start, expected);

    const snap = await agent.call('snapshot', {
      collect: false,
      setBaseline: true,
      compareToBaseline: false,
    });
    const unreachable = Object.fromEntries((snap.unreachable ?? []).map((t) => [t.key, t.count]));
    assert.deepEqual(
      [unreachable['__main__.Parent'], unreachable['__main__.Child'], unreachable['__main__.Plain']],
      [25, 25, 10],
    );
    assert.equal(snap.types.find((t) => t.key === '__main__.Parent')?.count ?? 0, 0);

    const calls: { [M in AgentMethod]?: AgentParams[M] }[] = [
      { snapshot: { collect: false, setBaseline: false, compareToBaseline: true } },
      { cycles: { scope: 'all', keepAlive: false, maxGroups: 50, labels: SAFE } },
      { cycles: { scope: 'all', keepAlive: true, maxGroups: 50, labels: SAFE } },
      { releaseKept: {} },
      { leaking: { labels: SAFE, maxGroups: 50 } },
      { garbage: { labels: SAFE, maxGroups: 50 } },
    ];
    for (const call of calls) {
      const [method, params] = Object.entries(call)[0] as [AgentMethod, AgentParams[AgentMethod]];
      const res = await agent.call(method, params as never);
      if (method === 'cycles') {
        const groups = Object.fromEntries(
          (res as { groups: { signature: string; count: number }[] }).groups.map((g) => [
            g.signature,
            g.count,
          ]),
        );
        // (3.8-3.10 show the instance dicts in the signature: Child -> dict -> Parent -> ...)
        const countOf = (re: RegExp) =>
          Object.entries(groups).reduce((n, [sig, c]) => (re.test(sig) ? n + c : n), 0);
        assert.equal(countOf(/^Child -> .*Parent -> .*Child$/), 25, JSON.stringify(groups));
        assert.equal(countOf(/^Plain -> .*Plain$/), 5, JSON.stringify(groups));
      }
      assert.deepEqual(await control.trigger('state', 'state.json'), expected, `after ${method}`);
    }

    const collected = (await control.trigger('collect', 'collect.json')) as Record<string, unknown>;
    assert.deepEqual(collected, {
      ...expected,
      finalized: 50,
      callbacks: 5,
      alive: 0,
      order: ['Child', 'Parent'],
    });
  });
});
