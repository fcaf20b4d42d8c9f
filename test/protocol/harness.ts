/**
 * Test plumbing for protocol tests: a real `python -m debugpy.adapter` driven by `DebugClient`,
 * a real debuggee, and the `DapEvaluator` the extension's `PythonHeapAgent` talks through.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { PythonHeapAgent, type DapEvaluator } from '../../extension/backend/python/agentClient';
import { REPLY_MARKER } from '../../common/agentProtocol';

/**
 * The interpreter under test: `LEAK_HUNTER_PYTHON` (the test matrix sets it), else Debian's, the
 * one with debugpy 1.6.6 (the `python3` first on PATH has none).
 */
export const PYTHON = process.env.LEAK_HUNTER_PYTHON || '/usr/bin/python3';
/**
 * The debugpy under test: `LEAK_HUNTER_DEBUGPY`, a folder holding the `debugpy` package (the
 * vendored 1.8.21's `src`), put first on PYTHONPATH of the adapter, which passes it on to the
 * debuggee. Empty: the interpreter's own debugpy.
 */
export const DEBUGPY_SRC = process.env.LEAK_HUNTER_DEBUGPY || '';
export const REPO = join(dirname(__filename), '..', '..');
export const AGENT_PATH = join(REPO, 'dist', 'agent', 'leak_hunter_agent.py');
export const PROGRAMS = join(REPO, 'test', 'protocol', 'programs');

/** The environment of the adapter (and so of the debuggee): the debugpy under test first. */
export function pythonEnv(): NodeJS.ProcessEnv {
  if (!DEBUGPY_SRC) return { ...process.env };
  const rest = (process.env.PYTHONPATH ?? '').split(':').filter((p) => p !== '' && p !== DEBUGPY_SRC);
  return { ...process.env, PYTHONPATH: [DEBUGPY_SRC, ...rest].join(':') };
}

/** What the interpreter under test reports of itself and of the debugpy it imports. */
export interface PythonUnderTest {
  readonly version: string;
  readonly debugpyVersion: string;
  readonly debugpyDir: string;
}

let underTest: PythonUnderTest | undefined;
/**
 * Asks the interpreter under test for its version and its debugpy's, and fails loudly when the
 * debugpy it imports is not the one asked for (a wrong pair must never pass as the right one).
 */
export function pythonUnderTest(): PythonUnderTest {
  if (underTest) return underTest;
  const [version, debugpyVersion, debugpyDir] = execFileSync(
    PYTHON,
    [
      '-c',
      'import os, platform, debugpy; print(platform.python_version()); print(debugpy.__version__); print(os.path.dirname(debugpy.__file__))',
    ],
    { encoding: 'utf8', env: pythonEnv() },
  )
    .trim()
    .split('\n');
  if (DEBUGPY_SRC && !debugpyDir.startsWith(DEBUGPY_SRC)) {
    throw new Error(
      `${PYTHON} imports debugpy from ${debugpyDir}, not from LEAK_HUNTER_DEBUGPY=${DEBUGPY_SRC}`,
    );
  }
  underTest = { version, debugpyVersion, debugpyDir };
  return underTest;
}

/**
 * `DebugClient` spawns `runtime [executable]` with exactly one argument, so `-m debugpy.adapter`
 * cannot be passed; running the `debugpy/adapter` directory is the same thing (its `__main__`
 * fixes `sys.path` for that case).
 */
export function debugpyAdapterDir(): string {
  return join(pythonUnderTest().debugpyDir, 'adapter');
}

export function agentSource(): string {
  return readFileSync(AGENT_PATH, 'utf8');
}

/** Every event the adapter sent, in order, with when it came. */
export interface RecordedEvent {
  readonly event: string;
  readonly body: unknown;
  readonly at: number;
}

/**
 * Whether an event is what the user would see as the program stopping, resuming or printing.
 * pydevd from the vendored source tree (no compiled attach helper) warns once at start-up on
 * CPython < 3.12, on its own schedule: that line is the debugger's, never Leak Hunter's.
 */
export function isVisibleEvent(e: RecordedEvent): boolean {
  if (e.event === 'stopped' || e.event === 'continued') return true;
  if (e.event !== 'output') return false;
  const text = String((e.body as { output?: string } | undefined)?.output ?? '');
  return !/Expected: .*attach_linux_amd64\.so to exist/.test(text);
}

export interface LaunchOptions {
  readonly program: string;
  readonly args?: readonly string[];
  readonly env?: Record<string, string>;
  /** Breakpoints to set before configurationDone. */
  readonly breakpoints?: ReadonlyArray<{ readonly path: string; readonly line: number }>;
}

/** One live debug session of a real debuggee under the real debugpy adapter. */
export class DebugpySession {
  readonly dc: DebugClient;
  readonly events: RecordedEvent[] = [];
  private ended = false;
  private readonly endWaiters = new Set<(error: Error) => void>();

  private constructor() {
    this.dc = new DebugClient(PYTHON, debugpyAdapterDir(), 'debugpy', { env: pythonEnv() }, false);
    this.dc.defaultTimeout = 20_000;
  }

  static async launch(options: LaunchOptions): Promise<DebugpySession> {
    const s = new DebugpySession();
    await s.dc.start();
    for (const name of [
      'stopped',
      'continued',
      'output',
      'terminated',
      'exited',
      'thread',
      'process',
      'initialized',
    ]) {
      s.dc.on(name, (e: DebugProtocol.Event) => {
        s.events.push({ event: name, body: e.body, at: Date.now() });
        if (name === 'terminated' || name === 'exited') {
          s.end(new Error(`Debug session ${name}`));
        }
      });
    }
    await s.dc.initializeRequest({
      adapterID: 'debugpy',
      clientID: 'leak-hunter-tests',
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: 'path',
      supportsVariableType: true,
      supportsRunInTerminalRequest: false,
    });
    const launched = s.dc.launchRequest({
      program: options.program,
      args: options.args ?? [],
      python: [PYTHON],
      console: 'internalConsole',
      justMyCode: true,
      redirectOutput: true,
      env: options.env ?? {},
    } as DebugProtocol.LaunchRequestArguments);
    await s.dc.waitForEvent('initialized');
    const byFile = new Map<string, number[]>();
    for (const bp of options.breakpoints ?? []) {
      byFile.set(bp.path, [...(byFile.get(bp.path) ?? []), bp.line]);
    }
    for (const [path, lines] of byFile) {
      await s.dc.setBreakpointsRequest({ source: { path }, breakpoints: lines.map((line) => ({ line })) });
    }
    await s.dc.configurationDoneRequest();
    await launched;
    return s;
  }

  /**
   * The evaluator the extension would build on `session.customRequest('evaluate')`. Like VS Code,
   * it fails a request that is still waiting when the session ends (DebugClient alone would wait
   * forever for a response that never comes).
   */
  readonly evaluator: DapEvaluator = {
    evaluate: (args) => {
      if (this.ended) {
        return Promise.reject(new Error('Debug session not active'));
      }
      return new Promise((resolve, reject) => {
        const onEnd = (error: Error) => reject(error);
        this.endWaiters.add(onEnd);
        this.dc.evaluateRequest(args).then(
          (r) => {
            this.endWaiters.delete(onEnd);
            resolve(r.body);
          },
          (e: unknown) => {
            this.endWaiters.delete(onEnd);
            reject(e instanceof Error ? e : new Error(String(e)));
          },
        );
      });
    },
  };

  newAgent(log?: (line: string) => void): PythonHeapAgent {
    return new PythonHeapAgent(this.evaluator, agentSource(), log);
  }

  /**
   * Reads a Python value without printing it: the expression's `repr` comes back inside an
   * exception (a returned value would become an `output` event). Runs on pydevd's command thread
   * in its own namespace; only for reading global state (gc flags are process-wide).
   */
  async probe(expression: string): Promise<string> {
    const code = `(_ for _ in ()).throw(Exception(${JSON.stringify(REPLY_MARKER)} + repr(${expression}) + ${JSON.stringify(REPLY_MARKER)}))`;
    try {
      await this.evaluator.evaluate({ expression: code, context: 'repl' });
    } catch (e) {
      const text = (e as Error).message;
      const a = text.indexOf(REPLY_MARKER);
      const b = text.indexOf(REPLY_MARKER, a + 1);
      if (a >= 0 && b > a) return text.slice(a + REPLY_MARKER.length, b);
      throw new Error(`probe failed: ${text}`);
    }
    throw new Error('probe: evaluate succeeded unexpectedly');
  }

  /** Runs a statement in a fresh namespace on pydevd's command thread (never the user's frame). */
  async exec(source: string): Promise<void> {
    await this.evaluator.evaluate({ expression: `exec(${JSON.stringify(source)}, {})`, context: 'repl' });
  }

  eventsSince(t: number, name?: string): RecordedEvent[] {
    return this.events.filter((e) => e.at >= t && (name === undefined || e.event === name));
  }

  private end(error: Error): void {
    this.ended = true;
    for (const w of this.endWaiters) w(error);
    this.endWaiters.clear();
  }

  async close(): Promise<void> {
    try {
      await Promise.race([
        this.dc.disconnectRequest({ terminateDebuggee: true }),
        new Promise((r) => setTimeout(r, 3000)),
      ]);
    } catch {
      // already gone
    }
    // `stopAdapter` is private in the typings; it only kills the adapter process we started.
    (this.dc as unknown as { stopAdapter(): void }).stopAdapter();
  }
}

/** A control directory for `programs/leaky_service.py`: trigger files and their acks. */
export class Control {
  readonly dir = mkdtempSync(join(tmpdir(), 'lh-protocol-'));

  async waitFor(name: string, timeoutMs = 20_000): Promise<unknown> {
    const path = join(this.dir, name);
    const until = Date.now() + timeoutMs;
    while (!existsSync(path)) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${name}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const text = readFileSync(path, 'utf8');
    rmSync(path);
    return text ? JSON.parse(text) : undefined;
  }

  /** Creates trigger `name` and waits for the program's `ackName`. */
  async trigger(name: string, ackName = `${name}.ack`): Promise<unknown> {
    writeFileSync(join(this.dir, name), '');
    return this.waitFor(ackName);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
