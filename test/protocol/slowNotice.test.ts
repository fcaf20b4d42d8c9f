/**
 * pydevd's slow-evaluation notice ("Evaluating: ... did not finish after N seconds") never quotes a
 * Leak Hunter call, while the user's own slow evaluations still get it, before and after Leak
 * Hunter's calls. The threshold is set small (PYDEVD_WARN_EVALUATION_TIMEOUT) and the heap big, so
 * Find Objects by Type outlasts it; a control call that runs the same snapshot through an expression pydevd
 * cannot tell from the user's shows the notice, so the heap is proven slow enough (no timings).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PythonHeapAgent } from '../../extension/backend/python/agentClient';
import { Control, DebugpySession, PROGRAMS } from './harness';

const PROGRAM = join(PROGRAMS, 'slow_notice_service.py');
const THRESHOLD_SECONDS = '0.1';
// Find Objects by Type: a command that lets pydevd's threads run meanwhile (the snapshot holds
// the GIL for its whole count, so pydevd's timer cannot fire during it anyway)
const INSTANCES = {
  typeKey: '__main__.Node',
  offset: 0,
  limit: 10,
  labels: { mode: 'safe', maxLength: 80 },
} as const;
/** A user's expression doing the agent's work, with no agent name pydevd's notice could match. */
const CONTROL_CALL =
  "__import__('sys').modules['leak_hunter' + '_agent'].handle(" +
  JSON.stringify(JSON.stringify({ v: 1, method: 'instances', params: INSTANCES })) +
  ", reply_mode='return') and None";
const USER_SLOW = "__import__('time').sleep(0.5)";

describe("pydevd's slow-evaluation notice", () => {
  let control: Control;
  let session: DebugpySession;
  let agent: PythonHeapAgent;

  before(async () => {
    control = new Control();
    session = await DebugpySession.launch({
      program: PROGRAM,
      args: [control.dir],
      env: { PYDEVD_WARN_EVALUATION_TIMEOUT: THRESHOLD_SECONDS },
    });
    await control.waitFor('ready', 60_000);
    agent = session.newAgent();
    // installing compiles the agent's source before any of its code runs (well under pydevd's
    // default 3 s, maybe not under this test's threshold): install before the notices are read
    await agent.call('hello', {});
  });
  after(async () => {
    await session.close();
    control.dispose();
  });

  /** The slow-evaluation notices printed since time `since`, each by what it quotes. */
  function notices(since: number): string[] {
    return session
      .eventsSince(since)
      .filter((e) => e.event === 'output')
      .map((e) => String((e.body as { output?: string }).output ?? ''))
      .filter((text) => text.includes('did not finish after'))
      .map((text) => (text.includes('leak_hunter') ? 'agent' : text.includes('sleep') ? 'user' : text));
  }

  /** Evaluates a user expression the way the Debug Console does (no frame while running). */
  async function userEvaluate(expression: string): Promise<void> {
    await session.dc.evaluateRequest({ expression, context: 'repl' });
  }

  /** Waits until the notices since `since` stop changing (pydevd sends them from its own thread). */
  async function settledNotices(since: number): Promise<string[]> {
    await agent.call('hello', {});
    return notices(since);
  }

  it('the user gets it for a slow evaluation, before any Leak Hunter call', async () => {
    const since = Date.now();
    await userEvaluate(USER_SLOW);
    assert.deepEqual(await settledNotices(since), ['user']);
  });

  it('the same Find Objects by Type, asked as a user expression, outlasts the threshold (the control)', async () => {
    const since = Date.now();
    await userEvaluate(CONTROL_CALL);
    assert.deepEqual(await settledNotices(since), ['agent']);
  });

  it('Leak Hunter calls that outlast the threshold show no notice', async () => {
    const since = Date.now();
    for (let i = 0; i < 3; i++) {
      const found = await agent.call('instances', INSTANCES);
      assert.equal(found.total, 600_000);
    }
    assert.deepEqual(await settledNotices(since), []);
  });

  it('the user still gets it after Leak Hunter calls (the threshold is as the user set it)', async () => {
    const since = Date.now();
    await userEvaluate(USER_SLOW);
    assert.deepEqual(await settledNotices(since), ['user']);
  });
});
