/**
 * Leak Hunter's entry point. `activate` only builds the parts and hands them their dependencies;
 * everything is disposed with the extension.
 */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { LeakHunterCommands } from './commands';
import { PythonSessions } from './debug/pythonSessions';
import { RetainerGraphPanels } from './panel/retainerGraphPanel';
import { TypesTreeProvider } from './views/typesView';

/** Path of the agent inside the extension; read once, sent to each debuggee on first use. */
const AGENT_PATH = ['extension', 'agent', 'leak_hunter_agent.py'];

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Leak Hunter');
  const log = (line: string) => output.appendLine(`[${new Date().toISOString()}] ${line}`);
  let agentSource: string | undefined;
  const loadAgentSource = () =>
    (agentSource ??= readFileSync(vscode.Uri.joinPath(context.extensionUri, ...AGENT_PATH).fsPath, 'utf8'));

  const sessions = new PythonSessions(loadAgentSource, log);
  const tree = new TypesTreeProvider(sessions, log);
  const panels = new RetainerGraphPanels(context.extensionUri, log);
  const commands = new LeakHunterCommands(sessions, tree, panels, output);
  context.subscriptions.push(output, sessions, tree, panels, commands);
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
