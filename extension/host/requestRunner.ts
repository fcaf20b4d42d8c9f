/**
 * The one way a request reaches a backend: it refuses a session that has ended, runs the work
 * inside a cancellable progress notification (or silently, for a tree that is expanding), logs
 * what happened and how long it took to the "Leak Hunter" Output channel, and tells the user
 * about a failure in the words of `describeFailure`. Cancellation is silent.
 */
import * as vscode from 'vscode';
import type { HeapBackend } from '../backend/heapBackend';
import {
  describeFailure,
  failureOf,
  LeakHunterError,
  NEVER_CANCELLED,
  type CancellationLike,
  type RuntimeWords,
  type UserMessage,
} from '../core/failures';
import type { Notifier } from './notifier';
import type { SessionRegistry, TrackedSession } from './sessionRegistry';

/** How one request runs. */
export interface RequestOptions {
  /** What is being done, as the progress notification says it: `Taking a heap snapshot`. */
  readonly title: string;
  /** `notification` (default): a cancellable progress notification; `none`: no progress shown. */
  readonly progress?: 'notification' | 'none';
  /** Where a failure is told; the default is a notification. */
  readonly report?: (message: UserMessage) => void;
}

/** Runs requests against backends, with progress, cancel, logging, timing and one wording of failures. */
export class RequestRunner {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly notifier: Notifier,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** Appends a time-stamped line to the Output channel. */
  log(line: string): void {
    this.output.appendLine(`[${new Date().toISOString()}] ${line}`);
  }

  /** The session a command works on, or undefined (the user was told why, or dismissed the pick). */
  async pickSession(title: string): Promise<TrackedSession | undefined> {
    try {
      return await this.registry.pick();
    } catch (error) {
      this.report(error, title, this.registry.words);
      return undefined;
    }
  }

  /** Picks a session, then runs `work` on it as `run` does. */
  async withSession<T>(
    options: RequestOptions,
    work: (tracked: TrackedSession, token: CancellationLike) => Promise<T>,
  ): Promise<T | undefined> {
    const tracked = await this.pickSession(options.title);
    return tracked ? this.run(tracked, options, (_backend, token) => work(tracked, token)) : undefined;
  }

  /** Runs one request on `tracked`'s backend; returns undefined when it failed or was cancelled. */
  async run<T>(
    tracked: TrackedSession,
    options: RequestOptions,
    work: (backend: HeapBackend, token: CancellationLike) => Promise<T>,
  ): Promise<T | undefined> {
    const started = Date.now();
    try {
      if (tracked.model.ended) {
        throw new LeakHunterError({ kind: 'sessionAlreadyEnded', sessionName: tracked.session.name });
      }
      const result =
        options.progress === 'none'
          ? await work(tracked.backend, NEVER_CANCELLED)
          : await vscode.window.withProgress(
              {
                location: vscode.ProgressLocation.Notification,
                title: vscode.l10n.t('Leak Hunter: {0}…', options.title),
                cancellable: true,
              },
              (_progress, token) => work(tracked.backend, token),
            );
      this.log(`${options.title}: done in ${Date.now() - started} ms.`);
      return result;
    } catch (error) {
      this.report(error, options.title, tracked.words, options.report, Date.now() - started);
      return undefined;
    }
  }

  /** Logs a failure and tells the user about it (nothing for a cancellation). */
  report(
    error: unknown,
    title: string,
    words: RuntimeWords,
    report: (message: UserMessage) => void = (m) => void this.notifier.showMessage(m),
    millis?: number,
  ): void {
    const kind = failureOf(error)?.kind ?? 'unexpected';
    const after = millis === undefined ? '' : ` after ${millis} ms`;
    if (kind === 'cancelled') {
      this.log(`${title}: cancelled${after}.`);
    } else {
      const detail = error instanceof LeakHunterError && error.detail ? `\n${error.detail}` : '';
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.log(`${title}: failed (${kind})${after}: ${text}${detail}`);
    }
    const message = describeFailure(error, { title, runtime: words });
    if (message) {
      report(message);
    }
  }
}
