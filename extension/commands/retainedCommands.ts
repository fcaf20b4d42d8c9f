/**
 * Retained sizes: Show Biggest Objects reads the whole heap as a graph (the backend's heapGraph),
 * computes its dominator tree in the retained-size worker, and shows the objects that alone keep
 * the most bytes alive in the Biggest Objects view.
 */
import * as vscode from 'vscode';
import { formatBytes } from '../../common/format';
import { BIGGEST_OBJECTS_VIEW_ID, Command } from '../constants';
import type { RetainedComputer } from '../host/retained/retainedComputer';
import type { BiggestObjectsTreeProvider } from '../views/biggestObjectsView';
import type { TypeSort } from '../core/sessionModel';
import type { CommandContext, SomeCommandHandlers } from './commandTable';

/** A sort key from a command argument. */
function isTypeSort(value: unknown): value is TypeSort {
  return value === 'count' || value === 'shallowBytes' || value === 'retainedBytes';
}

/** How many objects of the roots' level the view lists. */
const TOP_LIMIT = 100;

/** The retained-size commands. */
export function retainedCommands(
  c: CommandContext,
  computer: RetainedComputer,
  view: BiggestObjectsTreeProvider,
): SomeCommandHandlers<Command.ShowBiggestObjects | Command.SortTypes> {
  const showBiggestObjects = async () => {
    const title = vscode.l10n.t('Computing retained sizes');
    const tracked = await c.runner.pickSession(title);
    if (!tracked) {
      return;
    }
    const summary = await c.runner.run(tracked, { title }, async (backend, token) => {
      const graph = await backend.heapGraph({}, token);
      if (graph.refused) {
        return graph.refused;
      }
      return computer.compute(tracked.session.id, graph, TOP_LIMIT);
    });
    if (!summary) {
      return;
    }
    if (!('top' in summary)) {
      void c.notifier.show(
        'warning',
        vscode.l10n.t(
          'Leak Hunter: Show Biggest Objects reads at most {0} objects and this program has {1}: the program would need several seconds and hundreds of MB to answer. Take Snapshot and Show Growth still work.',
          summary.limit.toLocaleString(),
          summary.objects.toLocaleString(),
        ),
      );
      return;
    }
    view.show({ tracked, summary, computedAt: new Date() });
    tracked.model.recordRetained(new Map(summary.types.map((t) => [t.typeKey, t.retainedBytes])));
    c.output.appendLine('');
    c.output.appendLine(
      vscode.l10n.t(
        'Retained sizes: {0} objects ({1} tracked by the collector), {2} reachable, {3} unreachable; decoded in {4} ms, dominators in {5} ms',
        summary.nodeCount,
        summary.trackedCount,
        formatBytes(summary.reachableBytes),
        formatBytes(summary.unreachableBytes),
        Math.round(summary.millis.decode),
        Math.round(summary.millis.dominators),
      ),
    );
    await vscode.commands.executeCommand(`${BIGGEST_OBJECTS_VIEW_ID}.focus`);
  };
  const sortTypes = async (argument?: TypeSort) => {
    const tracked = await c.runner.pickSession(vscode.l10n.t('Sorting types'));
    if (!tracked) {
      return;
    }
    const choices: { label: string; sortBy: TypeSort }[] = [
      { label: vscode.l10n.t('Instance count'), sortBy: 'count' },
      { label: vscode.l10n.t('Shallow bytes'), sortBy: 'shallowBytes' },
      {
        label: vscode.l10n.t('Retained bytes (computes retained sizes when needed)'),
        sortBy: 'retainedBytes',
      },
    ];
    const sortBy = isTypeSort(argument)
      ? argument
      : (await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Leak Hunter: Sort Types By') }))
          ?.sortBy;
    if (!sortBy) {
      return;
    }
    if (sortBy === 'retainedBytes' && !tracked.model.retained) {
      await showBiggestObjects();
      if (!tracked.model.retained) {
        return;
      }
    }
    tracked.model.setSort(sortBy);
  };
  return { [Command.ShowBiggestObjects]: showBiggestObjects, [Command.SortTypes]: sortTypes };
}
