/**
 * The Python runtime behind the seam: sessions of the Python Debugger (debug type `debugpy`, or
 * its older name `python`), read by the heap agent that `PythonHeapAgent` installs in the
 * debuggee through DAP `evaluate`. Turns the agent client's failures into the seam's
 * `LeakHunterError`s. No `vscode` import.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import type { AgentMethod, AgentParams, AgentResults } from '../../../common/agentProtocol';
import type { LeakSnapshotResult, LeakStopResult } from '../../../common/leakProtocol';
import { LeakHunterError, type CancellationLike, type Failure, type RuntimeWords } from '../../core/failures';
import type { DebugSessionLike, HeapBackend, HeapBackendProvider } from '../heapBackend';
import { AgentCallError, PythonHeapAgent, type DapEvaluator } from './agentClient';

/** Debug types Leak Hunter can read: the Python Debugger's (`debugpy`) and its older name. */
export const PYTHON_DEBUG_TYPES: readonly string[] = ['debugpy', 'python'];

/** Where the build puts the joined agent (its parts are in ./agent/), relative to the extension's root. */
const AGENT_PATH = ['dist', 'agent', 'leak_hunter_agent.py'];

/** The Python backend provider; the agent's source is read once, on first use. */
export function pythonBackendProvider(extensionRoot: string): HeapBackendProvider {
  let agentSource: string | undefined;
  const loadAgentSource = () => (agentSource ??= readFileSync(join(extensionRoot, ...AGENT_PATH), 'utf8'));
  return {
    get words(): RuntimeWords {
      return {
        runtimeName: l10n.t('Python'),
        programsRead: l10n.t('Python programs debugged with debugpy'),
        launchConfiguration: l10n.t('a "debugpy" launch configuration'),
        launchConfigurationLong: l10n.t('a "debugpy" (Python Debugger) launch configuration'),
        requirementQuestion: l10n.t('is it a CPython program under debugpy?'),
        finalizerMark: '__del__',
        uncollectableList: 'gc.garbage',
        builtinModule: 'builtins',
      };
    },
    serves: (session) => PYTHON_DEBUG_TYPES.includes(session.type),
    create: (session, log) => new PythonHeapBackend(session, loadAgentSource(), log),
  };
}

/** One Python debug session's heap, read by the agent. */
export class PythonHeapBackend implements HeapBackend {
  private readonly agent: PythonHeapAgent;

  constructor(session: DebugSessionLike, agentSource: string, log: (line: string) => void) {
    const evaluator: DapEvaluator = {
      evaluate: async (args) =>
        (await session.customRequest('evaluate', args)) as Awaited<ReturnType<DapEvaluator['evaluate']>>,
    };
    this.agent = new PythonHeapAgent(evaluator, agentSource, log);
  }

  snapshot = this.method('snapshot');
  instances = this.method('instances');
  find = this.method('find');
  chain = this.method('chain');
  retainers = this.method('retainers');
  references = this.method('references');
  expand = this.method('expand');
  cycles = this.method('cycles');
  garbage = this.method('garbage');
  leaking = this.method('leaking');
  heapGraph = this.method('heapGraph');
  typeSource = this.method('typeSource');
  objectSource = this.method('objectSource');
  allocationTracking = this.method('allocationTracking');

  releaseKept(token?: CancellationLike): Promise<{ readonly released: number }> {
    return this.call('releaseKept', {}, token);
  }

  leakStart(token?: CancellationLike): Promise<LeakSnapshotResult> {
    return this.call('leakStart', {}, token);
  }

  leakSample(token?: CancellationLike): Promise<LeakSnapshotResult> {
    return this.call('leakSample', {}, token);
  }

  leakSuspects = this.method('leakSuspects');

  leakStop(token?: CancellationLike): Promise<LeakStopResult> {
    return this.call('leakStop', {}, token);
  }

  dispose(): void {
    this.agent.dispose();
  }

  /** A seam method that calls the agent method of the same name. */
  private method<M extends AgentMethod>(
    method: M,
  ): (params: AgentParams[M], token?: CancellationLike) => Promise<AgentResults[M]> {
    return (params, token) => this.call(method, params, token);
  }

  private async call<M extends AgentMethod>(
    method: M,
    params: AgentParams[M],
    token?: CancellationLike,
  ): Promise<AgentResults[M]> {
    try {
      return await this.agent.call(method, params, token);
    } catch (error) {
      throw toLeakHunterError(error);
    }
  }
}

/** The seam's error for an agent client failure. */
export function toLeakHunterError(error: unknown): unknown {
  if (!(error instanceof AgentCallError)) {
    return error;
  }
  const failure: Failure =
    error.kind === 'agent'
      ? { kind: 'backend', code: error.agentCode ?? 'internal' }
      : error.kind === 'notPython'
        ? { kind: 'unsupportedRuntime' }
        : { kind: error.kind };
  return new LeakHunterError(failure, error.message, error.detail);
}
