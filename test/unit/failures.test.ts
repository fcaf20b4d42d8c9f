import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentCallError, type AgentFailureKind } from '../../extension/backend/python/agentClient';
import { pythonBackendProvider, toLeakHunterError } from '../../extension/backend/python/pythonBackend';
import {
  describeFailure,
  LeakHunterError,
  type Failure,
  type FailureContext,
} from '../../extension/core/failures';

const context: FailureContext = {
  title: 'Taking a heap snapshot',
  runtime: pythonBackendProvider('/nowhere').words,
};

const describe_ = (failure: Failure) => describeFailure(new LeakHunterError(failure), context);

describe('describeFailure', () => {
  it('says nothing for a cancellation', () => {
    assert.equal(describe_({ kind: 'cancelled' }), undefined);
  });

  it('no session: what to do, with a button to Run and Debug', () => {
    assert.deepEqual(describe_({ kind: 'noSession' }), {
      level: 'warning',
      text: 'No Python debug session. Start your program under the debugger (Run and Debug, a "debugpy" launch configuration), then run this command again.',
      action: { label: 'Open Run and Debug', command: 'workbench.view.debug' },
    });
  });

  it('a session of another type: names it and says which configuration to use', () => {
    assert.deepEqual(
      describe_({ kind: 'wrongSessionType', sessionName: 'Node app', sessionType: 'pwa-node' }),
      {
        level: 'warning',
        text: 'Leak Hunter reads Python programs debugged with debugpy, but the active debug session "Node app" is of type "pwa-node". Start your Python program with a "debugpy" (Python Debugger) launch configuration and try again.',
      },
    );
  });

  it('a session that had ended, and one that ends during the request', () => {
    assert.deepEqual(describe_({ kind: 'sessionAlreadyEnded', sessionName: 'app' }), {
      level: 'warning',
      text: 'The debug session "app" has ended. Start your program again under the debugger to take new snapshots.',
    });
    assert.deepEqual(describe_({ kind: 'sessionEnded' }), {
      level: 'warning',
      text: 'Leak Hunter: the program ended before the command finished. The last snapshot is kept in the Leak Hunter view.',
    });
  });

  it('a runtime that cannot run the helper: what it needs, and the output', () => {
    assert.deepEqual(describe_({ kind: 'unsupportedRuntime' }), {
      level: 'error',
      text: 'Leak Hunter could not run its helper in this debug session: is it a CPython program under debugpy? See the "Leak Hunter" output for details.',
      action: { label: 'Show Output', command: 'leakHunter.showOutput' },
    });
  });

  it('object_not_found offers a new snapshot', () => {
    assert.deepEqual(describe_({ kind: 'backend', code: 'object_not_found' }), {
      level: 'warning',
      text: 'That object no longer exists: it was freed, or its address now holds another object. Take a new snapshot.',
      action: { label: 'Take Snapshot', command: 'leakHunter.takeSnapshot' },
    });
  });

  it('no baseline, from the host or from the agent, offers to set one', () => {
    const expected = {
      level: 'warning',
      text: 'There is no baseline yet. Run "Leak Hunter: Set Baseline", exercise your program, then run "Show Growth Since Baseline".',
      action: { label: 'Set Baseline', command: 'leakHunter.setBaseline' },
    };
    assert.deepEqual(describe_({ kind: 'noBaseline' }), expected);
    assert.deepEqual(describe_({ kind: 'backend', code: 'no_baseline' }), expected);
  });

  it('a helper of another version that could not be replaced: restart', () => {
    assert.deepEqual(describe_({ kind: 'backend', code: 'version_mismatch' }), {
      level: 'error',
      text: 'Leak Hunter could not replace the older helper running in this debug session. Restart the debug session, then try again.',
      action: { label: 'Show Output', command: 'leakHunter.showOutput' },
    });
  });

  it('transport failures, other agent codes and unexpected errors: what failed, its first line, the output', () => {
    const generic = (error: unknown, firstLine: string) =>
      assert.deepEqual(describeFailure(error, context), {
        level: 'error',
        text: `Leak Hunter: Taking a heap snapshot failed: ${firstLine}`,
        action: { label: 'Show Output', command: 'leakHunter.showOutput' },
      });
    generic(
      new LeakHunterError({ kind: 'transport' }, 'The agent call failed: EIO\nmore'),
      'The agent call failed: EIO',
    );
    for (const code of ['internal', 'bad_params', 'unknown_method'] as const) {
      generic(new LeakHunterError({ kind: 'backend', code }, `agent said ${code}`), `agent said ${code}`);
    }
    generic(new TypeError('x is undefined\n  at y'), 'x is undefined');
    generic('a string', 'a string');
  });

  it('user-facing errors keep their words and their action', () => {
    const action = { label: 'Open Settings', command: 'workbench.action.openSettings' };
    assert.deepEqual(describe_({ kind: 'user', message: 'Do this.', action }), {
      level: 'warning',
      text: 'Do this.',
      action,
    });
  });
});

describe('the Python backend maps agent client failures to the seam', () => {
  it('every AgentCallError kind becomes the failure of the same meaning', () => {
    const cases: [AgentFailureKind, string | undefined, Failure][] = [
      ['cancelled', undefined, { kind: 'cancelled' }],
      ['sessionEnded', undefined, { kind: 'sessionEnded' }],
      ['transport', undefined, { kind: 'transport' }],
      ['notPython', undefined, { kind: 'unsupportedRuntime' }],
      ['agent', 'object_not_found', { kind: 'backend', code: 'object_not_found' }],
      ['agent', 'version_mismatch', { kind: 'backend', code: 'version_mismatch' }],
    ];
    for (const [kind, code, failure] of cases) {
      const mapped = toLeakHunterError(
        new AgentCallError(kind, `m ${kind}`, code as AgentCallError['agentCode'], 'raw'),
      );
      assert.ok(mapped instanceof LeakHunterError, kind);
      assert.deepEqual(mapped.failure, failure);
      assert.equal(mapped.message, `m ${kind}`);
      assert.equal(mapped.detail, 'raw');
    }
    const other = new Error('not ours');
    assert.equal(toLeakHunterError(other), other);
  });
});
