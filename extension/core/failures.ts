/**
 * Every way a request can fail, and the one function that puts a failure into the user's words
 * (with an action where one helps). Commands, the graph panel and the types view all show what
 * `describeFailure` says, so a failure reads the same wherever it happens. Pure (no `vscode`):
 * strings go through `@vscode/l10n`, which the host configures at activation with VS Code's
 * bundle, so this file is unit-tested in Node with the English text.
 */
import * as l10n from '@vscode/l10n';
import type { AgentError } from '../../common/agentProtocol';
import { firstLine } from '../../common/format';
import { Command } from '../constants';

/** The part of a cancellation token a request needs (`vscode.CancellationToken` fits). */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** Error codes a runtime's heap helper answers with (the agent protocol's codes). */
export type BackendErrorCode = AgentError['code'];

/** A button on a message: its label and the command it runs. */
export interface FailureAction {
  readonly label: string;
  readonly command: string;
}

/** Why a request did not give a result. */
export type Failure =
  /** The user cancelled: silent. */
  | { readonly kind: 'cancelled' }
  /** The session ended while the request ran. */
  | { readonly kind: 'sessionEnded' }
  /** The session had already ended when the request was made. */
  | { readonly kind: 'sessionAlreadyEnded'; readonly sessionName: string }
  /** The runtime's heap helper answered with an error. */
  | { readonly kind: 'backend'; readonly code: BackendErrorCode }
  /** The request did not reach the helper, or its reply was unreadable. */
  | { readonly kind: 'transport' }
  /** The session cannot run the helper (not the runtime it looked like, or too old). */
  | { readonly kind: 'unsupportedRuntime' }
  /** No debug session Leak Hunter can read. */
  | { readonly kind: 'noSession' }
  /** The active debug session is of a type no backend reads. */
  | { readonly kind: 'wrongSessionType'; readonly sessionName: string; readonly sessionType: string }
  /** Growth since the baseline was asked before any baseline was set. */
  | { readonly kind: 'noBaseline' }
  /** A failure already worded for the user. */
  | { readonly kind: 'user'; readonly message: string; readonly action?: FailureAction };

/** A failed request; `message` (and `detail`, the raw text of the runtime) are for the log. */
export class LeakHunterError extends Error {
  constructor(
    readonly failure: Failure,
    message?: string,
    readonly detail?: string,
  ) {
    super(message ?? failure.kind);
    this.name = 'LeakHunterError';
  }
}

/** How a runtime's backend names itself in messages (already localised by the backend). */
export interface RuntimeWords {
  /** e.g. `Python`. */
  readonly runtimeName: string;
  /** e.g. `Python programs debugged with debugpy`. */
  readonly programsRead: string;
  /** e.g. `a "debugpy" launch configuration`. */
  readonly launchConfiguration: string;
  /** e.g. `a "debugpy" (Python Debugger) launch configuration`. */
  readonly launchConfigurationLong: string;
  /** A question that names what the helper needs, e.g. `is it a CPython program under debugpy?`. */
  readonly requirementQuestion: string;
  /** How the runtime marks an object with a finalizer, e.g. `__del__`. */
  readonly finalizerMark: string;
  /** The runtime's list of objects the collector could not free, e.g. `gc.garbage`. */
  readonly uncollectableList: string;
  /** The module built-in types belong to (they have no source), e.g. `builtins`. */
  readonly builtinModule: string;
}

/** What the user is told. */
export interface UserMessage {
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
  readonly action?: FailureAction;
}

/** What was being done when the failure happened, for the message. */
export interface FailureContext {
  /** What was being done, as its progress says it: `Taking a heap snapshot`. */
  readonly title: string;
  /** The runtime's words (for the session failures). */
  readonly runtime: RuntimeWords;
}

/** The failure an error stands for; anything unknown is `undefined` (an unexpected error). */
export function failureOf(error: unknown): Failure | undefined {
  return error instanceof LeakHunterError ? error.failure : undefined;
}

/** Whether `error` is a cancellation (silent). */
export function isCancellation(error: unknown): boolean {
  return failureOf(error)?.kind === 'cancelled';
}

/** The message for `error`, or undefined when the user is told nothing (a cancellation). */
export function describeFailure(error: unknown, context: FailureContext): UserMessage | undefined {
  const failure = failureOf(error);
  const words = context.runtime;
  const showOutput: FailureAction = { label: l10n.t('Show Output'), command: Command.ShowOutput };
  const unexpected: UserMessage = {
    level: 'error',
    text: l10n.t('Leak Hunter: {0} failed: {1}', context.title, firstLine(error)),
    action: showOutput,
  };
  if (!failure) {
    return unexpected;
  }
  switch (failure.kind) {
    case 'cancelled':
      return undefined;
    case 'sessionEnded':
      return {
        level: 'warning',
        text: l10n.t(
          'Leak Hunter: the program ended before the command finished. The last snapshot is kept in the Leak Hunter view.',
        ),
      };
    case 'sessionAlreadyEnded':
      return {
        level: 'warning',
        text: l10n.t(
          'The debug session "{0}" has ended. Start your program again under the debugger to take new snapshots.',
          failure.sessionName,
        ),
      };
    case 'noSession':
      return {
        level: 'warning',
        text: l10n.t(
          'No {0} debug session. Start your program under the debugger (Run and Debug, {1}), then run this command again.',
          words.runtimeName,
          words.launchConfiguration,
        ),
        action: { label: l10n.t('Open Run and Debug'), command: 'workbench.view.debug' },
      };
    case 'wrongSessionType':
      return {
        level: 'warning',
        text: l10n.t(
          'Leak Hunter reads {0}, but the active debug session "{1}" is of type "{2}". Start your {3} program with {4} and try again.',
          words.programsRead,
          failure.sessionName,
          failure.sessionType,
          words.runtimeName,
          words.launchConfigurationLong,
        ),
      };
    case 'unsupportedRuntime':
      return {
        level: 'error',
        text: l10n.t(
          'Leak Hunter could not run its helper in this debug session: {0} See the "Leak Hunter" output for details.',
          words.requirementQuestion,
        ),
        action: showOutput,
      };
    case 'noBaseline':
      return noBaseline();
    case 'user':
      return {
        level: 'warning',
        text: failure.message,
        ...(failure.action ? { action: failure.action } : {}),
      };
    case 'transport':
      return unexpected;
    case 'backend':
      switch (failure.code) {
        case 'object_not_found':
          return {
            level: 'warning',
            text: l10n.t(
              'That object no longer exists: it was freed, or its address now holds another object. Take a new snapshot.',
            ),
            action: { label: l10n.t('Take Snapshot'), command: Command.TakeSnapshot },
          };
        case 'no_baseline':
          return noBaseline();
        case 'version_mismatch':
          return {
            level: 'error',
            text: l10n.t(
              'Leak Hunter could not replace the older helper running in this debug session. Restart the debug session, then try again.',
            ),
            action: showOutput,
          };
        default:
          return unexpected;
      }
  }
}

function noBaseline(): UserMessage {
  return {
    level: 'warning',
    text: l10n.t(
      'There is no baseline yet. Run "Leak Hunter: Set Baseline", exercise your program, then run "Show Growth Since Baseline".',
    ),
    action: { label: l10n.t('Set Baseline'), command: Command.SetBaseline },
  };
}

/** A token for work nobody can cancel (a tree expanding). */
export const NEVER_CANCELLED: CancellationLike = {
  isCancellationRequested: false,
  onCancellationRequested: () => ({ dispose: () => undefined }),
};
