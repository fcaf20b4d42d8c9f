/**
 * Leak Hunter's entry point. `activate` only builds the parts and hands them their dependencies;
 * everything is disposed with the extension.
 */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { LeakHunterCommands } from './commands';
import { PythonSessions } from './debug/pythonSessions';
import { Notifier } from './notifier';
import { RetainerGraphPanels } from './panel/retainerGraphPanel';
import { TypesTreeProvider } from './views/typesView';

/** Path of the agent inside the extension; read once, sent to each debuggee on first use. */
const AGENT_PATH = ['dist', 'agent', 'leak_hunter_agent.py'];

/** What `activate` returns: the parts, so extension-host tests can read what the user sees. */
export interface LeakHunterApi {
  readonly sessions: PythonSessions;
  readonly typesTree: TypesTreeProvider;
  readonly panels: RetainerGraphPanels;
  readonly notifier: Notifier;
}

export function activate(context: vscode.ExtensionContext): LeakHunterApi {
  const output = vscode.window.createOutputChannel('Leak Hunter');
  const log = (line: string) => output.appendLine(`[${new Date().toISOString()}] ${line}`);
  let agentSource: string | undefined;
  const loadAgentSource = () =>
    (agentSource ??= readFileSync(vscode.Uri.joinPath(context.extensionUri, ...AGENT_PATH).fsPath, 'utf8'));

  const notifier = new Notifier(log);
  const sessions = new PythonSessions(loadAgentSource, log);
  const typesTree = new TypesTreeProvider(sessions, log);
  const panels = new RetainerGraphPanels(context.extensionUri, notifier, log);
  const commands = new LeakHunterCommands(sessions, typesTree, panels, output, notifier);
  context.subscriptions.push(output, sessions, typesTree, panels, commands);
  return { sessions, typesTree, panels, notifier };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
