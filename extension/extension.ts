/**
 * Leak Hunter's entry point. `activate` only builds the parts and hands them their dependencies;
 * everything is disposed with the extension. This is the one place that knows which runtimes
 * (backends) Leak Hunter reads.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { pythonBackendProvider } from './backend/python/pythonBackend';
import { allocationCommands } from './commands/allocationCommands';
import { registerCommands, type CommandContext, type CommandHandlers } from './commands/commandTable';
import { cycleCommands } from './commands/cycleCommands';
import { findLeaksCommands } from './commands/findLeaksCommands';
import { findCommands } from './commands/findCommands';
import { graphCommands } from './commands/graphCommands';
import { retainedCommands } from './commands/retainedCommands';
import { snapshotCommands } from './commands/snapshotCommands';
import { viewCommands } from './commands/viewCommands';
import { LeakRecorder } from './host/leakRecorder';
import { Notifier } from './host/notifier';
import { RequestRunner } from './host/requestRunner';
import { RetainedComputer } from './host/retained/retainedComputer';
import { SessionRegistry } from './host/sessionRegistry';
import { RetainerGraphPanels } from './panel/retainerGraphPanel';
import { BiggestObjectsTreeProvider } from './views/biggestObjectsView';
import { LeakSuspectsTreeProvider } from './views/leakSuspectsView';
import { TypesTreeProvider } from './views/typesView';

/** What `activate` returns: the parts, so extension-host tests can read what the user sees. */
export interface LeakHunterApi {
  readonly sessions: SessionRegistry;
  readonly typesTree: TypesTreeProvider;
  readonly panels: RetainerGraphPanels;
  readonly notifier: Notifier;
  readonly biggestObjects: BiggestObjectsTreeProvider;
  readonly leakSuspects: LeakSuspectsTreeProvider;
  readonly recorder: LeakRecorder;
}

export function activate(context: vscode.ExtensionContext): LeakHunterApi {
  // The pure core and the backends word their messages with @vscode/l10n: give it VS Code's bundle.
  if (vscode.l10n.uri) {
    l10n.config({ fsPath: vscode.l10n.uri.fsPath });
  }
  const output = vscode.window.createOutputChannel('Leak Hunter');
  const log = (line: string) => output.appendLine(`[${new Date().toISOString()}] ${line}`);
  const notifier = new Notifier(log);
  const sessions = new SessionRegistry([pythonBackendProvider(context.extensionUri.fsPath)], log);
  const runner = new RequestRunner(sessions, notifier, output);
  const typesTree = new TypesTreeProvider(sessions, runner);
  const retained = RetainedComputer.forExtension(context.extensionUri.fsPath);
  const biggestObjects = new BiggestObjectsTreeProvider(retained);
  const panels = new RetainerGraphPanels(context.extensionUri, runner, notifier, {
    // Only the session the Biggest Objects view shows has a tree in the worker.
    computedAt: (sessionId) =>
      biggestObjects.result?.tracked.session.id === sessionId ? biggestObjects.result.computedAt : undefined,
    retainedOf: (sessionId, addresses) => retained.retainedOf(sessionId, addresses),
  });
  const leakSuspects = new LeakSuspectsTreeProvider();
  const recorder = new LeakRecorder(runner);
  const commandContext: CommandContext = { runner, tree: typesTree, panels, notifier, output };
  const handlers: CommandHandlers = {
    ...snapshotCommands(commandContext),
    ...viewCommands(commandContext),
    ...graphCommands(commandContext),
    ...findCommands(commandContext),
    ...cycleCommands(commandContext),
    ...allocationCommands(commandContext),
    ...retainedCommands(commandContext, retained, biggestObjects),
    ...findLeaksCommands(commandContext, { recorder, suspects: leakSuspects }),
  };
  context.subscriptions.push(
    output,
    sessions,
    typesTree,
    panels,
    biggestObjects,
    retained,
    leakSuspects,
    recorder,
    vscode.debug.onDidTerminateDebugSession((s) => biggestObjects.sessionEnded(s.id)),
    ...registerCommands(handlers),
  );
  return { sessions, typesTree, panels, notifier, biggestObjects, leakSuspects, recorder };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
