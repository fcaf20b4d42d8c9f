/**
 * The "Leak Suspects" view in Leak Hunter's own container: the suspects of the shown Find Leaks
 * recording, biggest first. A suspect expands to its suspect reference (with the reason), the
 * lines that add to it, and its representative object (which the graph commands take). Redraws
 * when the recording's model changes.
 */
import * as vscode from 'vscode';
import { formatBytes } from '../../common/format';
import type { LeakSource, LeakSuspect } from '../../common/leakProtocol';
import { Command, LEAK_SUSPECTS_VIEW_ID } from '../constants';
import type { Subscription } from '../core/events';
import type { FindLeaksModel } from '../core/findLeaksModel';
import type { TrackedSession } from '../host/sessionRegistry';
import { InstanceItem, NoteItem } from './typesView';

/** One suspect: its path, count, growth and bytes. */
export class SuspectItem extends vscode.TreeItem {
  constructor(
    readonly suspect: LeakSuspect,
    readonly tracked: TrackedSession,
  ) {
    // The path is data from the debuggee; TreeItem renders it as plain text.
    super(suspect.path, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `suspect:${tracked.session.id}:${suspect.id}:${suspect.path}`;
    this.description = vscode.l10n.t(
      '{0} · +{1}/rep · {2}',
      suspect.count.toLocaleString(),
      Number(suspect.growthPerRepetition.toFixed(1)).toLocaleString(),
      formatBytes(suspect.shallowBytes),
    );
    this.tooltip = vscode.l10n.t(
      '{0}\n{1} objects of {2}, +{3} per repetition, {4}\nSuspect reference: {5}\n\nClick to draw its chain',
      suspect.path,
      suspect.count.toLocaleString(),
      suspect.typeName,
      suspect.growthPerRepetition,
      formatBytes(suspect.shallowBytes),
      suspect.reference.name,
    );
    this.contextValue = 'suspect';
    this.iconPath = new vscode.ThemeIcon('warning');
    this.command = {
      command: Command.ShowLeakSuspect,
      title: vscode.l10n.t('Draw its chain'),
      arguments: [this],
    };
  }
}

/** The suspect reference: the container that accumulates, and why. */
export class SuspectReferenceItem extends vscode.TreeItem {
  constructor(readonly suspect: LeakSuspect) {
    super(suspect.reference.name, vscode.TreeItemCollapsibleState.None);
    this.description = suspect.reference.reason;
    this.tooltip = vscode.l10n.t(
      'Suspect reference: {0} ({1})\n{2}',
      suspect.reference.name,
      suspect.reference.typeName,
      suspect.reference.reason,
    );
    this.contextValue = 'suspectReference';
    this.iconPath = new vscode.ThemeIcon('references');
  }
}

/** A line that adds to the suspect reference; clicking opens it. */
export class LeakSourceItem extends vscode.TreeItem {
  constructor(
    readonly source: LeakSource,
    readonly tracked: TrackedSession,
  ) {
    super(`${baseName(source.path)}:${source.line}`, vscode.TreeItemCollapsibleState.None);
    this.description = sourceWhy(source);
    this.tooltip = `${source.path}:${source.line}`;
    this.contextValue = 'leakSource';
    this.iconPath = new vscode.ThemeIcon('go-to-file');
    this.command = {
      command: Command.OpenLeakSource,
      title: vscode.l10n.t('Open this line'),
      arguments: [this],
    };
  }
}

type Item = SuspectItem | SuspectReferenceItem | LeakSourceItem | InstanceItem | NoteItem;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function sourceWhy(source: LeakSource): string {
  switch (source.why) {
    case 'allocation':
      return vscode.l10n.t('allocated here');
    case 'adds':
      return vscode.l10n.t('adds to the container');
    case 'lru_cache':
      return vscode.l10n.t('the cached function');
    case 'assigned':
      return vscode.l10n.t('the container is assigned here');
  }
}

/** Feeds the view from one session's Find Leaks model. */
export class LeakSuspectsTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Item>;
  private tracked: TrackedSession | undefined;
  private subscription: Subscription | undefined;

  constructor() {
    this.view = vscode.window.createTreeView(LEAK_SUSPECTS_VIEW_ID, {
      treeDataProvider: this,
      showCollapseAll: true,
    });
  }

  /** The session whose recording is shown. */
  get shown(): TrackedSession | undefined {
    return this.tracked;
  }

  /** Shows `tracked`'s recording and follows its changes. */
  show(tracked: TrackedSession): void {
    if (this.tracked !== tracked) {
      this.subscription?.dispose();
      this.tracked = tracked;
      this.subscription = tracked.model.findLeaks.onDidChange(() => this.redraw());
    }
    this.redraw();
  }

  getTreeItem(item: Item): vscode.TreeItem {
    return item;
  }

  getChildren(item?: Item): Item[] {
    const tracked = this.tracked;
    if (!tracked) {
      return [];
    }
    const model = tracked.model.findLeaks;
    if (!item) {
      const suspects = model.suspects.map((s) => new SuspectItem(s, tracked));
      const note = model.suspectsResult?.note;
      return suspects.length === 0 && note ? [new NoteItem(note, 'info')] : suspects;
    }
    if (item instanceof SuspectItem) {
      const s = item.suspect;
      return [
        new SuspectReferenceItem(s),
        ...s.sources.map((src) => new LeakSourceItem(src, tracked)),
        new InstanceItem(s.representative, tracked),
      ];
    }
    return [];
  }

  dispose(): void {
    this.subscription?.dispose();
    this.view.dispose();
    this.changed.dispose();
  }

  private redraw(): void {
    const model = this.tracked?.model.findLeaks;
    this.view.description = model ? stateText(model) : undefined;
    this.view.message = model && model.state !== 'idle' ? timelineText(model) : undefined;
    this.changed.fire(undefined);
  }
}

/** `recording · 3 repetitions` or `stopped · 3 repetitions`. */
function stateText(model: FindLeaksModel): string | undefined {
  switch (model.state) {
    case 'idle':
      return undefined;
    case 'recording':
      return vscode.l10n.t('recording · {0} repetitions', model.repetitions);
    case 'stopped':
      return vscode.l10n.t('stopped · {0} repetitions', model.repetitions);
  }
}

/** `baseline 10,234 → 10,534 → 10,834 objects`, with the suspects count. */
function timelineText(model: FindLeaksModel): string {
  const totals = model.timeline.map((p) => p.totalObjects.toLocaleString()).join(' → ');
  const line = vscode.l10n.t('baseline {0} objects', totals);
  const result = model.suspectsResult;
  if (!result) {
    return line;
  }
  const survivors = result.survivors.toLocaleString();
  const suspects =
    result.suspects.length === 1
      ? vscode.l10n.t('1 suspect; {0} objects made since the baseline are still reachable', survivors)
      : vscode.l10n.t(
          '{0} suspects; {1} objects made since the baseline are still reachable',
          result.suspects.length,
          survivors,
        );
  // The view's message is one paragraph: a newline would read as a space.
  return `${line}. ${suspects}`;
}
