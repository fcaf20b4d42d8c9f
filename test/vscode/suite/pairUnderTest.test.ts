// The test matrix runs this suite on more than one interpreter + debugpy pair (scripts/
// run-tests.mjs): the debuggee VS Code starts must really run the pair asked for
// (LEAK_HUNTER_PYTHON / LEAK_HUNTER_DEBUGPY / LEAK_HUNTER_PYTHON_VERSION, passed by code-server to
// the extension host and so to the fixture extension), or the run would be credited to another.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

const CONFIG_NAME = 'Smoke: hello.py';
const MARK = 'LH_PAIR_';

/** Reads a debuggee value through a failing evaluate (a returned value would be printed). */
async function debuggeeValue(session: vscode.DebugSession, expression: string): Promise<string> {
  const raise = `(_ for _ in ()).throw(RuntimeError(${JSON.stringify(MARK)} + str(${expression}) + ${JSON.stringify(MARK)}))`;
  for (let attempt = 0; ; attempt++) {
    try {
      await session.customRequest('evaluate', { expression: raise, context: 'repl' });
      throw new Error('evaluate succeeded');
    } catch (err) {
      const text = (err as Error).message;
      const a = text.indexOf(MARK);
      const b = text.indexOf(MARK, a + MARK.length);
      if (a >= 0 && b > a) return text.slice(a + MARK.length, b);
      // The debuggee may not be connected yet right after start.
      if (attempt >= 100) throw new Error(`no value for ${expression}: ${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('test bed: the interpreter and debugpy under test', () => {
  let session: vscode.DebugSession | undefined;
  after(async () => {
    if (session) await vscode.debug.stopDebugging(session);
  });

  it('the debuggee runs LEAK_HUNTER_PYTHON with the debugpy of LEAK_HUNTER_DEBUGPY', async () => {
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
    session = await started;
    const python = process.env.LEAK_HUNTER_PYTHON || '/usr/bin/python3';
    assert.equal(
      session.configuration.python,
      python,
      'the launch configuration names the interpreter under test',
    );
    const executable = await debuggeeValue(session, "__import__('sys').executable");
    assert.equal(fs.realpathSync(executable), fs.realpathSync(python));
    if (process.env.LEAK_HUNTER_PYTHON_VERSION) {
      const version = await debuggeeValue(session, "__import__('platform').python_version()");
      assert.equal(version, process.env.LEAK_HUNTER_PYTHON_VERSION.replace(/t$/, ''));
    }
    const debugpyFile = await debuggeeValue(session, "__import__('debugpy').__file__");
    const debugpyDir = process.env.LEAK_HUNTER_DEBUGPY;
    if (debugpyDir)
      assert.ok(fs.realpathSync(debugpyFile).startsWith(fs.realpathSync(debugpyDir)), debugpyFile);
    else assert.ok(!debugpyFile.includes('.tools/debugpy-'), debugpyFile);
  });
});
