/**
 * The running Find Leaks recording: a baseline, then one sample per repetition, triggered by the
 * user (Record Repetition), by a timer while the program runs, or by a breakpoint Leak Hunter
 * sets and continues from by itself. Every call goes through the request runner; the session's
 * `FindLeaksModel` is updated only through its methods. One recording at a time.
 */
import * as vscode from 'vscode';
import { labelOptions, readSetting, Setting } from './config';
import { Command, ContextKey } from '../constants';
import type { RequestRunner } from './requestRunner';
import type { TrackedSession } from './sessionRegistry';

/** How repetitions are recorded. */
export type RecordingMode = 'manual' | 'interval' | 'line';

/** Suspects asked for after each repetition (biggest first). */
const MAX_SUSPECTS = 20;

/** One recording in progress. */
interface Recording {
  readonly tracked: TrackedSession;
  readonly mode: RecordingMode;
  timer?: ReturnType<typeof setInterval>;
  breakpoint?: vscode.SourceBreakpoint;
  /** Samples run one after another: the next waits for this one. */
  busy: Promise<void>;
}

/** Starts, samples and stops Find Leaks recordings; shows the status-bar items while one runs. */
export class LeakRecorder implements vscode.Disposable {
  private current: Recording | undefined;
  private readonly recordItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
  private readonly stopItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 99);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runner: RequestRunner) {
    this.recordItem.command = Command.RecordRepetition;
    this.stopItem.command = Command.StopRecording;
    this.stopItem.text = '$(debug-stop)';
    this.stopItem.tooltip = vscode.l10n.t('Stop recording (Leak Hunter: Stop Recording)');
    this.disposables.push(
      this.recordItem,
      this.stopItem,
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (this.current?.tracked.session.id === s.id) {
          this.finish();
        }
      }),
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number } }) => {
            if (m.type === 'event' && m.event === 'stopped') {
              this.onStopped(session, m.body?.threadId);
            }
          },
        }),
      }),
    );
  }

  /** The recording's session, while one runs. */
  get recording(): TrackedSession | undefined {
    return this.current?.tracked;
  }

  /** Sets the baseline on `tracked` and starts recording repetitions the way `mode` says. */
  async start(tracked: TrackedSession, mode: RecordingMode): Promise<boolean> {
    if (this.current) {
      await this.stop();
    }
    const baseline = await this.runner.run(
      tracked,
      { title: vscode.l10n.t('Recording the baseline') },
      (backend, token) => backend.leakStart(token),
    );
    if (!baseline) {
      return false;
    }
    tracked.model.findLeaks.start(baseline);
    const recording: Recording = { tracked, mode, busy: Promise.resolve() };
    this.current = recording;
    if (mode === 'interval') {
      const seconds = Math.max(1, readSetting(Setting.FindLeaksInterval));
      recording.timer = setInterval(() => void this.sample(false), seconds * 1000);
    } else if (mode === 'line') {
      const editor = vscode.window.activeTextEditor;
      if (editor) {
        const where = new vscode.Location(
          editor.document.uri,
          new vscode.Position(editor.selection.active.line, 0),
        );
        recording.breakpoint = new vscode.SourceBreakpoint(where, true);
        vscode.debug.addBreakpoints([recording.breakpoint]);
      }
    }
    this.showStatus();
    void vscode.commands.executeCommand('setContext', ContextKey.Recording, true);
    return true;
  }

  /** Records one repetition now (Record Repetition; the timer and the breakpoint call it too). */
  sample(userAsked = true): Promise<void> {
    const recording = this.current;
    if (!recording) {
      return Promise.resolve();
    }
    const next = recording.busy.then(() => this.sampleNow(recording, userAsked));
    recording.busy = next.catch(() => undefined);
    return next;
  }

  /** Ends the recording (leakStop); its timeline and suspects stay in the model. */
  async stop(): Promise<void> {
    const recording = this.current;
    if (!recording) {
      return;
    }
    this.finish();
    await recording.busy;
    await this.runner.run(
      recording.tracked,
      { title: vscode.l10n.t('Stopping the recording'), progress: 'none' },
      (backend, token) => backend.leakStop(token),
    );
  }

  dispose(): void {
    this.finish();
    for (const d of this.disposables) {
      d.dispose();
    }
  }

  private async sampleNow(recording: Recording, userAsked: boolean): Promise<void> {
    if (this.current !== recording) {
      return;
    }
    const { tracked } = recording;
    const progress = userAsked ? 'notification' : 'none';
    const sample = await this.runner.run(
      tracked,
      { title: vscode.l10n.t('Recording a repetition'), progress },
      (backend, token) => backend.leakSample(token),
    );
    if (!sample || this.current !== recording) {
      return;
    }
    tracked.model.findLeaks.addRepetition(sample);
    this.showStatus();
    if (sample.repetition < 2) {
      return;
    }
    const suspects = await this.runner.run(
      tracked,
      { title: vscode.l10n.t('Finding leak suspects'), progress },
      (backend, token) =>
        backend.leakSuspects({ labels: labelOptions(), maxSuspects: MAX_SUSPECTS, chains: true }, token),
    );
    if (suspects && tracked.model.findLeaks.state !== 'idle') {
      tracked.model.findLeaks.setSuspects(suspects);
    }
  }

  /** At Leak Hunter's own breakpoint: sample, then continue the program. */
  private onStopped(session: vscode.DebugSession, threadId: number | undefined): void {
    const recording = this.current;
    if (recording?.mode !== 'line' || recording.tracked.session.id !== session.id || !recording.breakpoint) {
      return;
    }
    void this.atBreakpoint(recording, session, threadId);
  }

  private async atBreakpoint(
    recording: Recording,
    session: vscode.DebugSession,
    threadId: number | undefined,
  ): Promise<void> {
    if (threadId === undefined || !(await this.stoppedAtOurLine(recording, session, threadId))) {
      return;
    }
    try {
      await this.sample(false);
    } finally {
      await session.customRequest('continue', { threadId }).then(undefined, (e: unknown) => {
        this.runner.log(`Find Leaks: could not continue thread ${threadId}: ${String(e)}`);
      });
    }
  }

  private async stoppedAtOurLine(
    recording: Recording,
    session: vscode.DebugSession,
    threadId: number,
  ): Promise<boolean> {
    const where = recording.breakpoint!.location;
    try {
      const trace = (await session.customRequest('stackTrace', { threadId, levels: 1 })) as {
        stackFrames?: Array<{ line?: number; source?: { path?: string } }>;
      };
      const top = trace.stackFrames?.[0];
      return (
        top?.line === where.range.start.line + 1 &&
        typeof top.source?.path === 'string' &&
        vscode.Uri.file(top.source.path).fsPath === where.uri.fsPath
      );
    } catch {
      return false;
    }
  }

  private showStatus(): void {
    const recording = this.current;
    if (!recording) {
      return;
    }
    const repetitions = recording.tracked.model.findLeaks.repetitions;
    this.recordItem.text = vscode.l10n.t('$(record) Find Leaks: {0} repetitions', repetitions);
    this.recordItem.tooltip = vscode.l10n.t('Record one more repetition (Leak Hunter: Record Repetition)');
    this.recordItem.show();
    this.stopItem.show();
  }

  /** Stops the timer, removes the breakpoint, hides the status bar, marks the model stopped. */
  private finish(): void {
    const recording = this.current;
    if (!recording) {
      return;
    }
    this.current = undefined;
    if (recording.timer) {
      clearInterval(recording.timer);
    }
    if (recording.breakpoint) {
      vscode.debug.removeBreakpoints([recording.breakpoint]);
    }
    recording.tracked.model.findLeaks.stop();
    this.recordItem.hide();
    this.stopItem.hide();
    void vscode.commands.executeCommand('setContext', ContextKey.Recording, false);
  }
}
