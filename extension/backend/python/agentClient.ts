/**
 * The host side of the heap-agent protocol (`common/agentProtocol.ts`): sends one request at a
 * time to the Python agent inside a debuggee through DAP `evaluate`, installs the agent on first
 * use, replaces a stale one, and turns every failure into an `AgentCallError` with a kind the
 * Python backend maps to the seam's failures.
 *
 * Pure TypeScript: no `vscode` import, so the same code runs in the extension host (through
 * `session.customRequest`) and in node tests (through `DebugClient`).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  AGENT_MODULE_NAME,
  AGENT_PROTOCOL_VERSION,
  REPLY_MARKER,
  type AgentError,
  type AgentMethod,
  type AgentParams,
  type AgentReply,
  type AgentRequest,
  type AgentResults,
} from '../../../common/agentProtocol';
import type { CancellationLike } from '../../core/failures';

export type { CancellationLike };

/** Sends DAP evaluate requests; rejects with an Error whose message is the adapter's `message` when success is false. */
export interface DapEvaluator {
  evaluate(args: DebugProtocol.EvaluateArguments): Promise<DebugProtocol.EvaluateResponse['body']>;
}

/**
 * Why a call failed:
 * - `cancelled`: the caller cancelled (silent for the user);
 * - `sessionEnded`: the debug session or the debuggee went away;
 * - `agent`: the agent answered with an error (`agentCode` says which);
 * - `transport`: the debuggee is Python but the call did not reach the agent or its reply was unreadable;
 * - `notPython`: the session cannot run the agent (not CPython, or too old for the agent's source).
 */
export type AgentFailureKind = 'cancelled' | 'sessionEnded' | 'agent' | 'transport' | 'notPython';

/** A failed agent call. `message` is for the log; `detail` holds the adapter's raw text when there is one. */
export class AgentCallError extends Error {
  constructor(
    readonly kind: AgentFailureKind,
    message: string,
    readonly agentCode?: AgentError['code'],
    /** The adapter's own text (a traceback, an adapter error), for the log. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'AgentCallError';
  }
}

/** The traceback's file name the agent's code gets, so its frames are recognisable. */
const AGENT_FILENAME = '<leak-hunter-agent>';

/**
 * A Python string literal holding exactly `text`, ASCII only.
 *
 * `JSON.stringify` of a string is already a valid Python literal (JSON's escapes `\" \\ \/ \b \f
 * \n \r \t \uXXXX` all mean the same in Python), but it leaves non-ASCII characters raw. Raw
 * U+2028 and non-BMP characters did survive debugpy 1.6.6, yet anything on the way that splits
 * lines with Unicode rules (`str.splitlines()` breaks at U+2028/U+2029/U+0085) or mangles
 * encodings would corrupt them, so every character above U+007E is escaped: `\uXXXX` inside the
 * BMP and `\UXXXXXXXX` beyond it (Python does not join a `\uD83D\uDE00` surrogate pair in a
 * literal). Lone surrogates cannot reach here: the inner `JSON.stringify` of the request already
 * wrote them as `\udXXX` escapes.
 */
export function pythonStringLiteral(text: string): string {
  let out = '';
  for (const ch of JSON.stringify(text)) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0x7e) {
      out += ch;
    } else if (cp <= 0xffff) {
      out += '\\u' + cp.toString(16).padStart(4, '0');
    } else {
      out += '\\U' + cp.toString(16).padStart(8, '0');
    }
  }
  return out;
}

/**
 * The expression that calls the agent with `request`. It never returns a value (a value would be
 * echoed into the Debug Console as an `output` event): the agent raises with the reply inside.
 * `__import__('sys')` because a no-frame evaluate runs in a namespace where `sys` may not be bound.
 */
export function buildRequestExpression(request: AgentRequest): string {
  return `__import__('sys').modules[${pythonStringLiteral(AGENT_MODULE_NAME)}].handle(${pythonStringLiteral(JSON.stringify(request))})`;
}

/**
 * The expression that installs (or replaces) the agent and then makes `request` in the same
 * round trip: `exec` returns None, so `or` goes on to the call, whose exception carries the reply.
 * The agent's source registers itself in `sys.modules` when exec'd under its module name.
 */
export function buildInstallExpression(agentSource: string, request: AgentRequest): string {
  return (
    `exec(compile(${pythonStringLiteral(agentSource)}, ${pythonStringLiteral(AGENT_FILENAME)}, 'exec'), ` +
    `{'__name__': ${pythonStringLiteral(AGENT_MODULE_NAME)}}) or ${buildRequestExpression(request)}`
  );
}

/** Finds the reply JSON between the first two markers of an evaluate failure message. */
export function parseReply(message: string): AgentReply | undefined {
  const start = message.indexOf(REPLY_MARKER);
  if (start < 0) {
    return undefined;
  }
  const end = message.indexOf(REPLY_MARKER, start + REPLY_MARKER.length);
  if (end < 0) {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(message.slice(start + REPLY_MARKER.length, end));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const reply = value as { ok?: unknown; result?: unknown; error?: unknown };
  if (reply.ok === true && 'result' in reply) {
    return value as AgentReply;
  }
  if (
    reply.ok === false &&
    typeof reply.error === 'object' &&
    reply.error !== null &&
    typeof (reply.error as { code?: unknown }).code === 'string'
  ) {
    return value as AgentReply;
  }
  return undefined;
}

/** The debuggee has no agent, or one whose `handle` does not fit: (re)install it. */
function isAgentMissing(message: string): boolean {
  return (
    new RegExp(`KeyError: '${AGENT_MODULE_NAME}'`).test(message) ||
    /AttributeError: module '[^']*' has no attribute 'handle'/.test(message) ||
    /AttributeError: .*'handle'/.test(message) ||
    /TypeError: [^\n]*handle\(\)/.test(message)
  );
}

/**
 * Texts that mean the session or the debuggee is gone. debugpy's adapter says "Server[pid=N]
 * disconnected unexpectedly" or "No more messages"; VS Code says "No debugger available" or
 * "Debug session not active" once the adapter is gone; a dead pipe gives EPIPE.
 */
function isSessionEnded(message: string): boolean {
  return /disconnected unexpectedly|No more messages|No debugger available|not active|session (has )?(ended|exited|terminated)|has terminated|has exited|is not connected|connection (was )?(closed|lost)|Unable to find (the )?debug session|EPIPE|ECONNRESET|Debuggee (has )?(exited|terminated)|process exited/i.test(
    message,
  );
}

/** A traceback or a Python exception line: the debuggee runs Python, the failure is elsewhere. */
function looksLikePython(message: string): boolean {
  return (
    (/Traceback \(most recent call last\)/.test(message) ||
      /^(\w+\.)*\w*(Error|Exception|Interrupt|Exit)(: |$)/m.test(message)) &&
    !/ReferenceError|is not a function/.test(message)
  );
}

function tailLines(text: string, n = 3): string {
  const lines = text.trim().split('\n');
  return lines.length <= n ? text.trim() : lines.slice(-n).join('\n');
}

interface QueuedCall {
  readonly request: AgentRequest;
  readonly token?: CancellationLike;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: AgentCallError) => void;
  settled: boolean;
  cancelListener?: { dispose(): void };
}

/** Talks to the heap agent inside one debuggee: installs it on first use, replaces a stale one. */
export class PythonHeapAgent {
  private readonly queue: QueuedCall[] = [];
  /** The call whose evaluate is in flight (its caller may have been answered already). */
  private running: QueuedCall | undefined;
  private disposed = false;

  constructor(
    private readonly evaluator: DapEvaluator,
    private readonly agentSource: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /**
   * Calls `method` in the agent. Calls run one at a time in order, so two commands never
   * interleave inside the debuggee.
   *
   * Cancelling rejects at once with kind `cancelled`. A call that has not started yet is dropped;
   * one whose evaluate is in flight keeps running in the debuggee (a DAP `evaluate` cannot be
   * aborted: pydevd has no cancel for it and the code runs to its end on pydevd's command thread),
   * its late reply is ignored, and the next queued call waits until it has finished so the agent
   * never runs two requests at once.
   */
  call<M extends AgentMethod>(
    method: M,
    params: AgentParams[M],
    token?: CancellationLike,
  ): Promise<AgentResults[M]> {
    return new Promise<AgentResults[M]>((resolve, reject) => {
      if (this.disposed) {
        reject(ended());
        return;
      }
      if (token?.isCancellationRequested) {
        reject(cancelled());
        return;
      }
      const entry: QueuedCall = {
        request: { v: AGENT_PROTOCOL_VERSION, method, params } as AgentRequest,
        token,
        resolve: resolve as (value: unknown) => void,
        reject,
        settled: false,
      };
      entry.cancelListener = token?.onCancellationRequested(() => {
        const waiting = this.queue.indexOf(entry);
        if (waiting >= 0) {
          this.queue.splice(waiting, 1);
        }
        this.settle(entry, undefined, cancelled());
      });
      this.queue.push(entry);
      this.pump();
    });
  }

  /** Rejects every pending and future call with kind `sessionEnded`. */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    for (const entry of this.queue.splice(0)) {
      this.settle(entry, undefined, ended());
    }
    if (this.running) {
      this.settle(this.running, undefined, ended());
    }
  }

  private pump(): void {
    if (this.running || this.disposed) {
      return;
    }
    const next = this.queue.shift();
    if (!next) {
      return;
    }
    this.running = next;
    void this.execute(next)
      .then(
        (result) => this.settle(next, result, undefined),
        (error: unknown) => this.settle(next, undefined, toCallError(error)),
      )
      .finally(() => {
        this.running = undefined;
        this.pump();
      });
  }

  private settle(entry: QueuedCall, result: unknown, error: AgentCallError | undefined): void {
    if (entry.settled) {
      return; // A late reply after cancel or dispose.
    }
    entry.settled = true;
    entry.cancelListener?.dispose();
    if (error) {
      entry.reject(error);
    } else {
      entry.resolve(result);
    }
  }

  /** One call: the request, and on a missing or stale agent one install that repeats it. */
  private async execute(entry: QueuedCall): Promise<unknown> {
    const { method } = entry.request;
    const started = Date.now();
    let installed = false;
    const outcome = (what: string) => `agent ${method}: ${what} in ${Date.now() - started} ms`;
    try {
      let message = await this.send(buildRequestExpression(entry.request));
      let reply = parseReply(message);
      const stale = reply && !reply.ok && reply.error.code === 'version_mismatch';
      if ((!reply && isAgentMissing(message)) || stale) {
        if (entry.settled) {
          throw this.disposed ? ended() : cancelled(); // Do not install for a caller who is gone.
        }
        this.log(
          stale
            ? `agent ${method}: replacing the agent (version ${reply && !reply.ok ? String(reply.error.agentVersion) : '?'}, need ${AGENT_PROTOCOL_VERSION})`
            : `agent ${method}: installing the agent`,
        );
        installed = true;
        message = await this.send(buildInstallExpression(this.agentSource, entry.request));
        reply = parseReply(message);
      }
      if (!reply) {
        throw unreadable(message, installed);
      }
      if (!reply.ok) {
        throw new AgentCallError(
          'agent',
          `The heap agent could not run ${method}: ${reply.error.code}: ${reply.error.message}`,
          reply.error.code,
        );
      }
      this.log(outcome(installed ? 'ok (installed)' : 'ok'));
      return reply.result;
    } catch (error) {
      const failure = toCallError(error);
      this.log(
        outcome(
          `${failure.kind}${failure.agentCode ? ` (${failure.agentCode})` : ''}: ${tailLines(failure.detail ?? failure.message)}`,
        ),
      );
      throw failure;
    }
  }

  /**
   * Sends one evaluate and returns the text the agent's exception produced. No `frameId`: pydevd
   * runs the code on its own command thread, so the user's threads and frames stay as they are.
   */
  private async send(expression: string): Promise<string> {
    if (this.disposed) {
      throw ended();
    }
    try {
      await this.evaluator.evaluate({ expression, context: 'repl' });
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    // The agent always raises; success means something other than the agent answered.
    throw new AgentCallError(
      'transport',
      'The debug adapter evaluated the agent call without the agent answering.',
      undefined,
      'evaluate succeeded without a reply',
    );
  }
}

function cancelled(): AgentCallError {
  return new AgentCallError('cancelled', 'Cancelled.');
}

function ended(): AgentCallError {
  return new AgentCallError('sessionEnded', 'The debug session has ended.');
}

/** An evaluate failure without a reply: classify the adapter's text. */
function unreadable(message: string, installed: boolean): AgentCallError {
  if (isSessionEnded(message)) {
    return new AgentCallError('sessionEnded', 'The debug session ended during the call.', undefined, message);
  }
  if (!looksLikePython(message)) {
    return new AgentCallError(
      'notPython',
      'The debug session did not run Python code: Leak Hunter needs a CPython program under debugpy.',
      undefined,
      message,
    );
  }
  if (installed && /SyntaxError/.test(message)) {
    return new AgentCallError(
      'notPython',
      'The debuggee could not compile the heap agent (Leak Hunter needs CPython 3.8 or newer).',
      undefined,
      message,
    );
  }
  return new AgentCallError(
    'transport',
    installed
      ? 'The heap agent was installed but did not answer.'
      : 'The heap agent call failed without a reply.',
    undefined,
    message,
  );
}

function toCallError(error: unknown): AgentCallError {
  if (error instanceof AgentCallError) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isSessionEnded(message)) {
    return new AgentCallError('sessionEnded', 'The debug session ended during the call.', undefined, message);
  }
  return new AgentCallError('transport', `The agent call failed: ${message}`, undefined, message);
}
