/** Allocation tracking: Start and Stop, so graph nodes can say where an object was allocated. */
import * as vscode from 'vscode';
import { Command } from '../constants';
import { readSetting, Setting } from '../host/config';
import type { CommandContext, SomeCommandHandlers } from './commandTable';

/** The allocation tracking commands. */
export function allocationCommands(
  c: CommandContext,
): SomeCommandHandlers<Command.StartAllocationTracking | Command.StopAllocationTracking> {
  const allocationTracking = async (enable: boolean) => {
    const result = await c.runner.withSession(
      {
        title: enable
          ? vscode.l10n.t('Starting allocation tracking')
          : vscode.l10n.t('Stopping allocation tracking'),
      },
      (tracked, token) =>
        tracked.backend.allocationTracking({ enable, frames: readSetting(Setting.AllocationFrames) }, token),
    );
    if (!result) {
      return;
    }
    const text = result.startedByUser
      ? vscode.l10n.t(
          'Your program already traces allocations itself; Leak Hunter uses that and leaves it as it is.',
        )
      : result.tracking
        ? vscode.l10n.t(
            'Leak Hunter: allocation tracking is on. Objects created from now on show where they were allocated. It slows your program down: run "Stop Allocation Tracking" when done.',
          )
        : vscode.l10n.t('Leak Hunter: allocation tracking is off.');
    void c.notifier.show('info', text);
  };
  return {
    [Command.StartAllocationTracking]: () => allocationTracking(true),
    [Command.StopAllocationTracking]: () => allocationTracking(false),
  };
}
