/**
 * Opens a place in the debuggee's source. Paths come from the debuggee (untrusted): only an
 * existing regular file is opened, and for a remote session only a path under one of its
 * `pathMappings` (mapped to the local root).
 */
import * as vscode from 'vscode';
import type { SourceLocation } from '../../common/agentProtocol';
import { mapRemotePath, type PathMapping } from '../core/pathMapping';
import type { Notifier } from './notifier';

/** Opens `location` in an editor; says plainly when there is no file to open. */
export async function openSourceLocation(
  notifier: Notifier,
  session: vscode.DebugSession | undefined,
  location: SourceLocation | undefined,
  what: string,
): Promise<boolean> {
  if (!location) {
    void notifier.show(
      'info',
      vscode.l10n.t('{0} has no source to open (it is built in, or made in native code).', what),
    );
    return false;
  }
  const mappings = readPathMappings(session);
  const localPath = mapRemotePath(location.path, mappings);
  if (localPath === undefined) {
    void notifier.show(
      'warning',
      vscode.l10n.t(
        'The source of {0} is at {1} on the debugged machine, outside the session\'s "pathMappings". Add a mapping to the launch configuration to open it.',
        what,
        location.path,
      ),
    );
    return false;
  }
  const uri = vscode.Uri.file(localPath);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.File) {
      throw new Error('not a file');
    }
  } catch {
    void notifier.show('warning', vscode.l10n.t('No file found at {0} for {1}.', localPath, what));
    return false;
  }
  const line = Math.max(0, location.line - 1);
  const range = new vscode.Range(line, 0, line, 0);
  // Column one: the graph panel lives in column two and stays in view beside the code.
  await vscode.window.showTextDocument(uri, {
    selection: range,
    preview: true,
    viewColumn: vscode.ViewColumn.One,
  });
  return true;
}

function readPathMappings(session: vscode.DebugSession | undefined): PathMapping[] {
  const raw: unknown = session?.configuration?.pathMappings;
  if (!Array.isArray(raw)) {
    return [];
  }
  return raw.filter(
    (m): m is PathMapping =>
      typeof m === 'object' &&
      m !== null &&
      typeof m.localRoot === 'string' &&
      typeof m.remoteRoot === 'string',
  );
}
