/**
 * Cycles and garbage: Find Reference Cycles, Draw Cycle, Release Kept Cycles, Show Uncollectable
 * Objects, Find Leaking Objects. Results are recorded in the session model, which the view shows.
 */
import * as vscode from 'vscode';
import type { CycleGroup } from '../../common/agentProtocol';
import { formatAddress } from '../../common/format';
import { Command } from '../constants';
import { labelOptions } from '../host/config';
import type { TrackedSession } from '../host/sessionRegistry';
import { CycleGroupItem } from '../views/typesView';
import {
  revealTypesView,
  type CommandContext,
  type CycleScope,
  type SomeCommandHandlers,
} from './commandTable';
import { pickAction } from './findCommands';

/** How many groups a cycles or garbage query returns at most. */
const MAX_GROUPS = 200;

type CycleCommand =
  | Command.FindReferenceCycles
  | Command.ShowCycleGroup
  | Command.ReleaseCycles
  | Command.ShowUncollectable
  | Command.FindLeakingObjects;

/** The cycle and garbage commands. */
export function cycleCommands(c: CommandContext): SomeCommandHandlers<CycleCommand> {
  /** Draws one cycle of a group in the graph panel. */
  const showCycleGroup = (tracked: TrackedSession, group: CycleGroup) => {
    if (!group.example) {
      void c.notifier.show(
        'info',
        vscode.l10n.t('Leak Hunter: no example of "{0}" was kept to draw.', group.signature),
      );
      return;
    }
    c.panels.showGraph(
      tracked,
      'cycle',
      vscode.l10n.t('Cycle: {0} (x{1})', group.signature, group.count),
      group.example,
      group.hint,
    );
  };

  const findReferenceCycles = async (scopeArgument?: CycleScope) => {
    const title = vscode.l10n.t('Finding reference cycles');
    const tracked = await c.runner.pickSession(title);
    if (!tracked) {
      return;
    }
    const scope =
      scopeArgument === 'all' || scopeArgument === 'sinceBaseline'
        ? scopeArgument
        : tracked.model.baseline
          ? await pickCycleScope()
          : 'all';
    if (!scope) {
      return;
    }
    const result = await c.runner.run(tracked, { title }, (backend, token) =>
      backend.cycles({ scope, keepAlive: true, maxGroups: MAX_GROUPS, labels: labelOptions() }, token),
    );
    if (!result) {
      return;
    }
    c.output.appendLine('');
    c.output.appendLine(
      scope === 'all'
        ? vscode.l10n.t(
            'Reference cycles (all): {0} cycles, {1} objects',
            result.totalCycles,
            result.totalObjects,
          )
        : vscode.l10n.t(
            'Reference cycles (since the baseline): {0} cycles, {1} objects',
            result.totalCycles,
            result.totalObjects,
          ),
    );
    for (const g of result.groups) {
      c.output.appendLine(
        `  ${g.signature}  x${g.count}${g.hasFinalizer ? `  (${tracked.words.finalizerMark})` : ''}`,
      );
    }
    tracked.model.recordCycles(result);
    await revealTypesView();
    if (result.groups.length === 0) {
      void c.notifier.show(
        'info',
        vscode.l10n.t(
          'Leak Hunter: no reference cycles are waiting for the cycle collector. Objects that only the cycle collector would free show here.',
        ),
      );
      return;
    }
    showCycleGroup(tracked, result.groups[0]);
  };

  const releaseCycles = async () => {
    const released = await c.runner.withSession(
      { title: vscode.l10n.t('Releasing the kept cycles') },
      async (tracked, token) => {
        const result = await tracked.backend.releaseKept(token);
        tracked.model.releaseCycles();
        return result.released;
      },
    );
    if (released !== undefined) {
      void c.notifier.show(
        'info',
        vscode.l10n.t(
          'Leak Hunter: released {0} kept objects. Nothing was collected: your program frees them at its next garbage collection, and runs their finalizers then.',
          released,
        ),
      );
    }
  };

  const showGroups = async (kind: 'garbage' | 'leaking') => {
    const found = await c.runner.withSession(
      {
        title:
          kind === 'garbage'
            ? vscode.l10n.t('Listing uncollectable objects')
            : vscode.l10n.t('Listing leaking objects'),
      },
      async (tracked, token) => {
        const params = { labels: labelOptions(), maxGroups: MAX_GROUPS };
        const result = await (kind === 'garbage'
          ? tracked.backend.garbage(params, token)
          : tracked.backend.leaking(params, token));
        return { tracked, result };
      },
    );
    if (!found) {
      return;
    }
    const { tracked, result } = found;
    const what =
      kind === 'garbage'
        ? vscode.l10n.t('Uncollectable objects ({0})', tracked.words.uncollectableList)
        : vscode.l10n.t('Leaking objects (nothing refers to them)');
    c.output.appendLine('');
    c.output.appendLine(`${what}: ${result.total}`);
    if (result.note) {
      c.output.appendLine(result.note);
    }
    for (const g of result.groups) {
      c.output.appendLine(`  ${g.typeName}  ${g.count}`);
    }
    if (result.groups.length === 0) {
      const none = vscode.l10n.t('Leak Hunter: {0}: none.', what);
      void c.notifier.show('info', result.note ? `${none} ${result.note}` : none);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      result.groups.flatMap((g) =>
        g.examples.map((o) => ({
          label: o.label,
          description: `${g.typeName} · ${formatAddress(o.address)}`,
          object: o,
        })),
      ),
      {
        title: `${what}: ${result.total}`,
        placeHolder: vscode.l10n.t('Pick an object to see what keeps it'),
      },
    );
    if (picked) {
      await pickAction(c, { tracked, object: picked.object });
    }
  };

  return {
    [Command.FindReferenceCycles]: findReferenceCycles,
    [Command.ShowCycleGroup]: (item) => {
      if (item instanceof CycleGroupItem) {
        showCycleGroup(item.tracked, item.group);
      }
    },
    [Command.ReleaseCycles]: releaseCycles,
    [Command.ShowUncollectable]: () => showGroups('garbage'),
    [Command.FindLeakingObjects]: () => showGroups('leaking'),
  };
}

async function pickCycleScope(): Promise<CycleScope | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Cycles created since the baseline'), scope: 'sinceBaseline' as const },
      {
        label: vscode.l10n.t('All cycles'),
        scope: 'all' as const,
        description: vscode.l10n.t("includes libraries' own cycles"),
      },
    ],
    { title: vscode.l10n.t('Leak Hunter: Find Reference Cycles') },
  );
  return picked?.scope;
}
