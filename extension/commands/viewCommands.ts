/** The types view's own commands: filter the types, clear the filter, go to a type's definition. */
import * as vscode from 'vscode';
import { Command } from '../constants';
import { openSourceLocation } from '../host/sourceNavigator';
import { TypeItem } from '../views/typesView';
import type { CommandContext, SomeCommandHandlers } from './commandTable';

/** The view commands. */
export function viewCommands(
  c: CommandContext,
): SomeCommandHandlers<Command.FilterTypes | Command.ClearFilter | Command.GoToTypeDefinition> {
  return {
    [Command.FilterTypes]: async () => {
      const value = await vscode.window.showInputBox({
        title: vscode.l10n.t('Leak Hunter: Filter Types'),
        prompt: vscode.l10n.t(
          'Show only types whose module-qualified name contains this text (empty clears the filter)',
        ),
        value: c.tree.filter,
        placeHolder: vscode.l10n.t('e.g. Connection, myapp.models, dict'),
      });
      if (value !== undefined) {
        await c.tree.setFilter(value);
      }
    },
    [Command.ClearFilter]: () => c.tree.setFilter(''),
    [Command.GoToTypeDefinition]: async (item) => {
      if (!(item instanceof TypeItem)) {
        void c.notifier.show(
          'info',
          vscode.l10n.t('Pick a type in the Leak Hunter view, then use "Go to Definition".'),
        );
        return;
      }
      const { tracked, row } = item;
      const result = await c.runner.run(
        tracked,
        { title: vscode.l10n.t('Finding the definition') },
        (backend, token) => backend.typeSource({ typeKey: row.key }, token),
      );
      if (!result) {
        return;
      }
      if (!result.location) {
        void c.notifier.show(
          'info',
          result.reason
            ? vscode.l10n.t('{0} has no source to open: {1}.', row.key, result.reason)
            : vscode.l10n.t('{0} has no source to open.', row.key),
        );
        return;
      }
      await openSourceLocation(c.notifier, tracked.session, result.location, row.key);
    },
  };
}
