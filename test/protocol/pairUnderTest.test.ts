/**
 * The test matrix runs this suite once per interpreter + debugpy pair (scripts/test-matrix.mjs):
 * the debuggee must really be the interpreter and the debugpy asked for, or every other result of
 * the run would be credited to the wrong pair.
 */
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Control, DEBUGPY_SRC, DebugpySession, PROGRAMS, PYTHON, pythonUnderTest } from './harness';

interface Debuggee {
  executable: string;
  version: string;
  debugpyVersion: string;
  debugpyDir: string;
  usingCython: boolean;
  monitoringTool: string | null;
}

// Read on pydevd's command thread while the program runs; one JSON text (paths hold no quotes).
const DEBUGGEE = `__import__('json').dumps(dict(
  executable=__import__('sys').executable,
  version=__import__('platform').python_version(),
  debugpyVersion=__import__('debugpy').__version__,
  debugpyDir=__import__('os').path.dirname(__import__('debugpy').__file__),
  usingCython=__import__('_pydevd_bundle.pydevd_trace_dispatch', fromlist=['x']).USING_CYTHON
    or '_pydevd_sys_monitoring._pydevd_sys_monitoring_cython' in __import__('sys').modules,
  monitoringTool=__import__('sys').monitoring.get_tool(0) if hasattr(__import__('sys'), 'monitoring') else None))`;

describe('the interpreter and debugpy under test', () => {
  let control: Control;
  let session: DebugpySession;
  let debuggee: Debuggee;

  before(async () => {
    control = new Control();
    session = await DebugpySession.launch({
      program: join(PROGRAMS, 'leaky_service.py'),
      args: [control.dir],
    });
    await control.waitFor('ready');
    const text = await session.probe(DEBUGGEE.replace(/\n\s*/g, ' '));
    debuggee = JSON.parse(text.slice(1, -1)) as Debuggee;
  });
  after(async () => {
    await session.close();
    control.dispose();
  });

  it('the debuggee runs the interpreter under test', (t) => {
    t.diagnostic(`${PYTHON}: CPython ${debuggee.version}, debugpy ${debuggee.debugpyVersion}`);
    assert.equal(realpathSync(debuggee.executable), realpathSync(PYTHON));
    assert.equal(debuggee.version, pythonUnderTest().version);
  });

  it('the adapter and the debuggee run the same debugpy, the one under test', () => {
    assert.equal(realpathSync(debuggee.debugpyDir), realpathSync(pythonUnderTest().debugpyDir));
    assert.equal(debuggee.debugpyVersion, pythonUnderTest().debugpyVersion);
    if (DEBUGPY_SRC) {
      assert.ok(realpathSync(debuggee.debugpyDir).startsWith(realpathSync(DEBUGPY_SRC)), debuggee.debugpyDir);
    }
  });

  it('pydevd traces with sys.monitoring on 3.12+ with debugpy 1.8, with settrace before', (t) => {
    const [major, minor] = debuggee.version.split('.').map(Number);
    const monitoring = major === 3 && minor >= 12 && !debuggee.debugpyVersion.startsWith('1.6.');
    t.diagnostic(
      `pydevd: ${debuggee.usingCython ? 'compiled (cython) speed-ups' : 'pure Python'}, ${monitoring ? 'sys.monitoring' : 'sys.settrace'}`,
    );
    assert.equal(debuggee.monitoringTool, monitoring ? 'pydevd' : null);
  });

  it(
    'the vendored debugpy runs pure Python (its tarball has no compiled speed-ups)',
    { skip: !DEBUGPY_SRC },
    () => {
      assert.equal(debuggee.usingCython, false);
    },
  );
});
