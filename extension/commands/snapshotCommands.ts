/** Snapshot and growth: Take Snapshot, Refresh, Set Baseline, Show Growth (since the baseline), the growth table. */
import * as vscode from 'vscode';
import type { SnapshotParams } from '../../common/agentProtocol';
import { Command } from '../constants';
import { LeakHunterError } from '../core/failures';
import { formatGrowthTable } from '../core/growth';
import { readSetting, Setting } from '../host/config';
import { revealTypesView, type CommandContext, type SomeCommandHandlers } from './commandTable';

type SnapshotCommand =
  | Command.TakeSnapshot
  | Command.Refresh
  | Command.SetBaseline
  | Command.ShowGrowth
  | Command.ShowGrowthSinceBaseline
  | Command.ShowOutput;

/** The snapshot and growth commands. */
export function snapshotCommands(c: CommandContext): SomeCommandHandlers<SnapshotCommand> {
  const params = (options: Omit<SnapshotParams, 'collect'>): SnapshotParams => ({
    collect: readSetting(Setting.CollectGarbage),
    ...options,
  });

  const takeSnapshot = async () => {
    const done = await c.runner.withSession(
      { title: vscode.l10n.t('Taking a heap snapshot') },
      async (tracked, token) => {
        const snapshot = await tracked.backend.snapshot(
          params({ setBaseline: false, compareToBaseline: false }),
          token,
        );
        tracked.model.recordSnapshot(snapshot);
        c.runner.log(
          `Snapshot #${snapshot.sequence}: ${snapshot.totalObjects} objects in ${snapshot.agentMillis.toFixed(0)} ms.`,
        );
        return true;
      },
    );
    if (done) {
      await revealTypesView();
    }
  };

  const setBaseline = async () => {
    const snapshot = await c.runner.withSession(
      { title: vscode.l10n.t('Setting the baseline') },
      async (tracked, token) => {
        const taken = await tracked.backend.snapshot(
          params({ setBaseline: true, compareToBaseline: false }),
          token,
        );
        tracked.model.recordBaseline(taken);
        c.runner.log(`Baseline set at snapshot #${taken.sequence} (${taken.totalObjects} objects).`);
        return taken;
      },
    );
    if (snapshot) {
      void c.notifier.show(
        'info',
        vscode.l10n.t(
          'Leak Hunter: baseline set ({0} objects). Exercise your program, then run "Show Growth Since Baseline".',
          snapshot.totalObjects.toLocaleString(),
        ),
      );
      await revealTypesView();
    }
  };

  const showGrowth = async (against: 'previous' | 'baseline') => {
    const done = await c.runner.withSession(
      { title: vscode.l10n.t('Measuring growth') },
      async (tracked, token) => {
        if (against === 'baseline' && !tracked.model.baseline) {
          throw new LeakHunterError({ kind: 'noBaseline' });
        }
        const snapshot = await tracked.backend.snapshot(
          params({ setBaseline: false, compareToBaseline: against === 'baseline' }),
          token,
        );
        return { tracked, report: tracked.model.recordGrowth(snapshot, against) };
      },
    );
    if (!done) {
      return;
    }
    await revealTypesView();
    const { tracked, report } = done;
    if (!report) {
      void c.notifier.show(
        'info',
        vscode.l10n.t(
          'Leak Hunter: this is the first snapshot, so there is nothing to compare with yet. Exercise your program, then run "Show Growth" again.',
        ),
      );
      return;
    }
    const title =
      against === 'baseline'
        ? vscode.l10n.t(
            'Growth since the baseline (snapshot #{0} -> #{1})',
            report.fromSequence,
            report.toSequence,
          )
        : vscode.l10n.t('Growth (snapshot #{0} -> #{1})', report.fromSequence, report.toSequence);
    c.output.appendLine('');
    c.output.appendLine(
      vscode.l10n.t('{0}, {1}, session "{2}":', title, new Date().toLocaleString(), tracked.session.name),
    );
    c.output.appendLine(formatGrowthTable(report, readSetting(Setting.MaxTypes)));
  };

  return {
    [Command.TakeSnapshot]: takeSnapshot,
    [Command.Refresh]: takeSnapshot,
    [Command.SetBaseline]: setBaseline,
    [Command.ShowGrowth]: () => showGrowth('previous'),
    [Command.ShowGrowthSinceBaseline]: () => showGrowth('baseline'),
    [Command.ShowOutput]: () => c.output.show(true),
  };
}
