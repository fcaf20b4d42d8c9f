// Smoke test of the test bed itself: the fixture extension's `debugpy` type, Debian's real
// debugpy adapter and a real Python debuggee work inside this real VS Code, and a failing
// `evaluate` comes back through `customRequest` as a rejection carrying pydevd's traceback
// (the transport Leak Hunter uses).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const CONFIG_NAME = 'Smoke: hello.py';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

async function stopAll(): Promise<void> {
  if (!vscode.debug.activeDebugSession) return;
  const ended = new Promise<void>((resolve) => {
    const sub = vscode.debug.onDidTerminateDebugSession(() => {
      if (!vscode.debug.activeDebugSession) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.debug.stopDebugging();
  await Promise.race([ended, new Promise((r) => setTimeout(r, 5_000))]);
}

describe('test bed: debugpy inside VS Code', () => {
  afterEach(stopAll);

  it('the fixture extension provides the debugpy debug type', async () => {
    const fixture = vscode.extensions.getExtension('leak-hunter-test.debugpy-adapter');
    assert.ok(fixture, 'fixture extension leak-hunter-test.debugpy-adapter is not installed');
    const types = (fixture.packageJSON.contributes.debuggers as { type: string }[]).map((d) => d.type);
    assert.deepEqual(types, ['debugpy', 'python']);
  });

  it('launches a Python program and reads a failing evaluate through customRequest', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');

    const started = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => {
        sub.dispose();
        resolve(s);
      });
    });
    assert.equal(
      await vscode.debug.startDebugging(folder, CONFIG_NAME),
      true,
      'startDebugging returned false',
    );
    const session = await started;
    assert.equal(session.type, 'debugpy');

    // Running: the debuggee's main thread is visible to the adapter.
    await waitFor('the debuggee to run', async () => {
      const r = await session.customRequest('threads');
      return r.threads?.some((t: { name: string }) => t.name === 'MainThread') ? true : undefined;
    });

    // The marker is computed in the debuggee, so it can only come back if the code ran.
    const expression = "(_ for _ in ()).throw(RuntimeError('LH_SMOKE_' + str(6 * 7) + '_END'))";
    const t0 = Date.now();
    await assert.rejects(
      Promise.resolve(session.customRequest('evaluate', { expression, context: 'repl' })),
      (err: Error) => {
        assert.match(err.message, /LH_SMOKE_42_END/);
        assert.match(err.message, /RuntimeError/);
        return true;
      },
    );
    const ms = Date.now() - t0;
    assert.ok(ms < 5_000, `evaluate took ${ms} ms`);

    // And the program kept running (it was never paused).
    const r = await session.customRequest('threads');
    assert.ok(r.threads.length >= 1);
  });
});
