/**
 * The typed command table: each command id with the arguments it takes, and the one place that
 * registers them. `CommandHandlers` needs a handler for every `Command`, so a command missing
 * from the code fails the typecheck; a unit test checks package.json declares exactly
 * `ALL_COMMANDS`. Tree items arrive as arguments from context menus; the palette passes none.
 */
import * as vscode from 'vscode';
import { ALL_COMMANDS, Command, TYPES_VIEW_ID } from '../constants';
import type { Notifier } from '../host/notifier';
import type { RequestRunner } from '../host/requestRunner';
import type { RetainerGraphPanels } from '../panel/retainerGraphPanel';
import type { LeakSourceItem, SuspectItem } from '../views/leakSuspectsView';
import type {
  CycleGroupItem,
  CycleMemberItem,
  InstanceItem,
  TypeItem,
  TypesTreeProvider,
} from '../views/typesView';

/** A tree item that stands for one object. */
export type ObjectItem = InstanceItem | CycleMemberItem;

/** Which cycles Find Reference Cycles looks at. */
export type CycleScope = 'all' | 'sinceBaseline';

/** The arguments of each command. */
export interface CommandArguments {
  [Command.TakeSnapshot]: [];
  [Command.Refresh]: [];
  [Command.ShowGrowth]: [];
  [Command.ShowGrowthSinceBaseline]: [];
  [Command.SetBaseline]: [];
  [Command.ShowOutput]: [];
  [Command.FilterTypes]: [];
  [Command.ClearFilter]: [];
  [Command.GoToTypeDefinition]: [item?: TypeItem];
  [Command.ShowRetainers]: [item?: ObjectItem];
  [Command.WhyIsThisAlive]: [item?: ObjectItem];
  [Command.ShowReferences]: [item?: ObjectItem];
  [Command.FindObjectsByType]: [];
  [Command.FindObjectAtAddress]: [];
  [Command.CopyAddress]: [item?: ObjectItem];
  [Command.StartAllocationTracking]: [];
  [Command.StopAllocationTracking]: [];
  /** A scope skips the question, for keybindings and scripts. */
  [Command.FindReferenceCycles]: [scope?: CycleScope];
  [Command.ShowUncollectable]: [];
  [Command.FindLeakingObjects]: [];
  [Command.ShowCycleGroup]: [item?: CycleGroupItem];
  [Command.ReleaseCycles]: [];
  [Command.ShowBiggestObjects]: [];
  /** A key skips the question, for keybindings and scripts. */
  [Command.SortTypes]: [sortBy?: 'count' | 'shallowBytes' | 'retainedBytes'];
  /** A mode skips the question, for keybindings, scripts and tests. */
  [Command.FindLeaks]: [mode?: 'manual' | 'interval' | 'line'];
  [Command.RecordRepetition]: [];
  [Command.StopRecording]: [];
  [Command.CopyLeakReport]: [];
  [Command.ShowLeakSuspect]: [item?: SuspectItem];
  [Command.OpenLeakSource]: [item?: LeakSourceItem];
}

/** A handler for every command. */
export type CommandHandlers = { readonly [C in Command]: (...args: CommandArguments[C]) => unknown };

/** The handlers of some commands (one feature module's). */
export type SomeCommandHandlers<C extends Command> = Pick<CommandHandlers, C>;

/** What the command modules work with. */
export interface CommandContext {
  readonly runner: RequestRunner;
  readonly tree: TypesTreeProvider;
  readonly panels: RetainerGraphPanels;
  readonly notifier: Notifier;
  readonly output: vscode.OutputChannel;
}

/** Registers every command with its handler. */
export function registerCommands(handlers: CommandHandlers): vscode.Disposable[] {
  return ALL_COMMANDS.map((id) => registerCommand(id, handlers));
}

function registerCommand<C extends Command>(id: C, handlers: CommandHandlers): vscode.Disposable {
  const handler: (...args: CommandArguments[C]) => unknown = handlers[id];
  // VS Code passes whatever the caller gave; handlers check what they receive.
  return vscode.commands.registerCommand(id, (...args: unknown[]) =>
    handler(...(args as CommandArguments[C])),
  );
}

/** Brings the Leak Hunter view into sight. */
export async function revealTypesView(): Promise<void> {
  await vscode.commands.executeCommand(`${TYPES_VIEW_ID}.focus`);
}
