/**
 * Find Leaks: start a recording (how repetitions are recorded: by the user, every N seconds, or
 * each time a line is hit), record a repetition, stop, draw a suspect's chain, open the line that
 * adds to its container, and copy the leak report.
 */
import * as vscode from 'vscode';
import { Command, LEAK_SUSPECTS_VIEW_ID } from '../constants';
import { leakReportMarkdown } from '../core/leakReport';
import { readSetting, Setting } from '../host/config';
import type { LeakRecorder, RecordingMode } from '../host/leakRecorder';
import { openSourceLocation } from '../host/sourceNavigator';
import { LeakSourceItem, SuspectItem, type LeakSuspectsTreeProvider } from '../views/leakSuspectsView';
import type { CommandContext, SomeCommandHandlers } from './commandTable';

/** What the Find Leaks commands work with, besides the shared context. */
export interface FindLeaksParts {
  readonly recorder: LeakRecorder;
  readonly suspects: LeakSuspectsTreeProvider;
}

const MODES: readonly RecordingMode[] = ['manual', 'interval', 'line'];

/** The Find Leaks commands. */
export function findLeaksCommands(
  c: CommandContext,
  parts: FindLeaksParts,
): SomeCommandHandlers<
  | Command.FindLeaks
  | Command.RecordRepetition
  | Command.StopRecording
  | Command.CopyLeakReport
  | Command.ShowLeakSuspect
  | Command.OpenLeakSource
> {
  const { recorder, suspects } = parts;
  return {
    [Command.FindLeaks]: async (mode) => {
      const how = typeof mode === 'string' && MODES.includes(mode) ? mode : await pickMode();
      if (!how) {
        return;
      }
      if (how === 'line' && !vscode.window.activeTextEditor) {
        void c.notifier.show(
          'info',
          vscode.l10n.t(
            'Open the file and put the cursor on the line to sample at, then run Find Leaks again.',
          ),
        );
        return;
      }
      const tracked = await c.runner.pickSession(vscode.l10n.t('Find Leaks'));
      if (!tracked) {
        return;
      }
      suspects.show(tracked);
      await vscode.commands.executeCommand(`${LEAK_SUSPECTS_VIEW_ID}.focus`);
      if (await recorder.start(tracked, how)) {
        void c.notifier.show('info', startedText(how));
      }
    },
    [Command.RecordRepetition]: async () => {
      if (!recorder.recording) {
        void c.notifier.show(
          'info',
          vscode.l10n.t('No recording is running: run Leak Hunter: Find Leaks first.'),
        );
        return;
      }
      await recorder.sample(true);
    },
    [Command.StopRecording]: () => recorder.stop(),
    [Command.CopyLeakReport]: async () => {
      const model = suspects.shown?.model.findLeaks;
      if (!model || model.state === 'idle') {
        void c.notifier.show(
          'info',
          vscode.l10n.t('Nothing recorded yet: run Leak Hunter: Find Leaks first.'),
        );
        return undefined;
      }
      const text = leakReportMarkdown(model.reportInput((p) => vscode.workspace.asRelativePath(p)));
      await vscode.env.clipboard.writeText(text);
      void c.notifier.show(
        'info',
        vscode.l10n.t('Leak Hunter: leak report copied ({0} suspects).', model.suspects.length),
      );
      return text;
    },
    [Command.ShowLeakSuspect]: (item) => {
      if (!(item instanceof SuspectItem)) {
        return;
      }
      const s = item.suspect;
      if (!s.chain) {
        void c.notifier.show('info', vscode.l10n.t('No chain from a module was found for {0}.', s.path));
        return;
      }
      const hint = s.suspectEdge
        ? vscode.l10n.t(
            'Suspect reference: {0} (the edge {1} out of it accumulates)',
            s.reference.name,
            s.suspectEdge.label,
          )
        : vscode.l10n.t('Suspect reference: {0}', s.reference.name);
      c.panels.showGraph(item.tracked, 'chain', s.path, s.chain, hint);
    },
    [Command.OpenLeakSource]: async (item) => {
      if (item instanceof LeakSourceItem) {
        await openSourceLocation(c.notifier, item.tracked.session, item.source, item.tracked.session.name);
      }
    },
  };
}

async function pickMode(): Promise<RecordingMode | undefined> {
  const seconds = readSetting(Setting.FindLeaksInterval);
  const items: Array<vscode.QuickPickItem & { mode: RecordingMode }> = [
    {
      mode: 'manual',
      label: vscode.l10n.t('$(debug-restart) I repeat the action'),
      detail: vscode.l10n.t(
        'Repeat what you suspect leaks, then run Record Repetition (or click the status bar) after each time.',
      ),
    },
    {
      mode: 'interval',
      label: vscode.l10n.t('$(watch) Every {0} seconds while the program runs', seconds),
      detail: vscode.l10n.t(
        'Leak Hunter samples by itself; the program is never paused (setting leakHunter.findLeaks.intervalSeconds).',
      ),
    },
    {
      mode: 'line',
      label: vscode.l10n.t('$(debug-breakpoint) Each time a line is hit'),
      detail: vscode.l10n.t(
        "A breakpoint at the cursor's line: Leak Hunter samples there and continues by itself; removed when you stop.",
      ),
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Leak Hunter: Find Leaks'),
    placeHolder: vscode.l10n.t('How are the repetitions recorded?'),
  });
  return picked?.mode;
}

function startedText(mode: RecordingMode): string {
  switch (mode) {
    case 'manual':
      return vscode.l10n.t(
        'Baseline recorded. Repeat the action, then run Record Repetition after each time (at least 2).',
      );
    case 'interval':
      return vscode.l10n.t(
        'Baseline recorded. Leak Hunter samples every {0} seconds until you stop.',
        readSetting(Setting.FindLeaksInterval),
      );
    case 'line':
      return vscode.l10n.t(
        'Baseline recorded. Leak Hunter samples each time the line is hit, until you stop.',
      );
  }
}
