/**
 * The "Leak Hunter" view in Run and Debug: the most common types of the last snapshot (or, after
 * Show Growth, the types that grew), each expandable to its instances.
 */
import * as vscode from 'vscode';
import type { CycleGroup, CyclesResult, GraphNode, ObjectSummary } from '../../common/agentProtocol';
import { formatAddress, formatBytes, formatDelta } from '../../common/format';
import type { TypeRow } from '../core/heapModel';
import { ContextKey, TYPES_VIEW_ID } from '../constants';
import { labelOptions, readSetting, Setting } from '../config';
import type { PythonSessions, TrackedSession } from '../debug/pythonSessions';

/** A type row. */
export class TypeItem extends vscode.TreeItem {
  constructor(
    readonly row: TypeRow,
    readonly tracked: TrackedSession,
  ) {
    super(row.displayName, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `type:${tracked.session.id}:${row.key}`;
    this.description = describeType(row);
    this.tooltip = typeTooltip(row);
    const hasSource = row.module !== 'builtins';
    this.contextValue = hasSource ? 'type hasSource' : 'type';
    this.iconPath = typeIcon(row, hasSource);
    this.accessibilityInformation = {
      label: `${row.displayName}, ${row.count} instances${row.delta !== undefined ? `, change ${formatDelta(row.delta)}` : ''}`,
    };
  }
}

/** One instance of a type. */
export class InstanceItem extends vscode.TreeItem {
  constructor(
    readonly object: ObjectSummary,
    readonly tracked: TrackedSession,
  ) {
    // The label is data from the debuggee; TreeItem renders it as plain text.
    super(object.label, vscode.TreeItemCollapsibleState.None);
    this.id = `instance:${tracked.session.id}:${object.address}`;
    this.description = `${formatAddress(object.address)} · ${formatBytes(object.shallowBytes)}`;
    this.tooltip = `${object.typeName} at ${formatAddress(object.address)}\n${object.label}\n\nRight-click: Why Is This Alive?, Show Retainers, Show References`;
    this.contextValue = 'instance';
    this.iconPath = new vscode.ThemeIcon('symbol-variable');
  }
}

/** The "Reference cycles" section: the last Find Reference Cycles result. */
export class CyclesItem extends vscode.TreeItem {
  constructor(
    readonly result: CyclesResult,
    readonly tracked: TrackedSession,
  ) {
    super('Reference cycles', vscode.TreeItemCollapsibleState.Expanded);
    this.id = `cycles:${tracked.session.id}`;
    this.description = `${result.totalCycles.toLocaleString()} cycles in ${result.groups.length} groups`;
    this.tooltip =
      'Objects only the cycle collector would free, grouped by the shape of their cycle. One cycle of each group is kept alive so it can be drawn and inspected: "Release Kept Cycles" lets the collector free it.';
    this.iconPath = new vscode.ThemeIcon('sync');
    this.contextValue = 'cycles';
  }
}

/** One group of cycles of the same shape; selecting it draws one of its cycles. */
export class CycleGroupItem extends vscode.TreeItem {
  constructor(
    readonly group: CycleGroup,
    readonly tracked: TrackedSession,
  ) {
    super(
      group.signature,
      group.example ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `cycle:${tracked.session.id}:${group.id}`;
    this.description = `x${group.count.toLocaleString()}${group.hasFinalizer ? ' · __del__' : ''}`;
    this.tooltip = `${group.count} cycles of ${group.size} objects\n\n${group.hint}`;
    this.iconPath = new vscode.ThemeIcon(
      group.hasFinalizer ? 'flame' : 'sync',
      new vscode.ThemeColor('charts.orange'),
    );
    this.contextValue = 'cycleGroup';
    this.command = { command: 'leakHunter.showCycleGroup', title: 'Draw this cycle', arguments: [this] };
  }
}

/** One object of a group's example cycle. */
export class CycleMemberItem extends vscode.TreeItem {
  constructor(
    readonly node: GraphNode,
    readonly tracked: TrackedSession,
  ) {
    super(node.label, vscode.TreeItemCollapsibleState.None);
    this.id = `cyclemember:${tracked.session.id}:${node.id}`;
    this.description = `${node.typeName} · ${formatAddress(node.address)}${node.hasFinalizer ? ' · __del__' : ''}`;
    this.iconPath = new vscode.ThemeIcon('symbol-variable');
    this.contextValue = 'instance';
  }

  /** The object, as the graph commands take it. */
  get object(): ObjectSummary {
    return this.node;
  }
}

/** A line that explains something (more instances than shown, an error). */
export class NoteItem extends vscode.TreeItem {
  constructor(text: string, icon: string, tooltip?: string) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon(icon);
    this.tooltip = tooltip ?? text;
    this.contextValue = 'note';
  }
}

type Item = TypeItem | InstanceItem | NoteItem | CyclesItem | CycleGroupItem | CycleMemberItem;

/** Feeds the tree from the shown session's heap history. */
export class TypesTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  readonly view: vscode.TreeView<Item>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly sessions: PythonSessions,
    private readonly log: (line: string) => void,
  ) {
    this.view = vscode.window.createTreeView(TYPES_VIEW_ID, {
      treeDataProvider: this,
      showCollapseAll: true,
    });
    this.disposables.push(
      this.view,
      this.changed,
      sessions.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('leakHunter.view') || e.affectsConfiguration('leakHunter.labels')) {
          this.refresh();
        }
      }),
    );
  }

  /** The current type filter ('' when none). */
  get filter(): string {
    return this.filterText;
  }

  /** Sets the type filter (a case-insensitive substring of the module-qualified name). */
  async setFilter(text: string): Promise<void> {
    this.filterText = text.trim();
    await vscode.commands.executeCommand('setContext', ContextKey.Filtered, this.filterText !== '');
    this.refresh();
  }

  /** Redraws the view, its title description and its message. */
  refresh(): void {
    const tracked = this.sessions.shown;
    const latest = tracked?.heap.latest;
    const parts: string[] = [];
    if (latest) {
      parts.push(
        `${tracked.heap.mode === 'growth' ? `growth since ${tracked.heap.growth?.against === 'baseline' ? 'baseline' : `#${tracked.heap.growth?.fromSequence}`}` : `snapshot #${latest.sequence}`}`,
        `${latest.totalObjects.toLocaleString()} objects`,
      );
    }
    if (this.filterText) {
      parts.push(`filter: ${this.filterText}`);
    }
    this.view.description = parts.join(' · ');
    this.view.message = viewMessage(tracked);
    this.changed.fire(undefined);
  }

  getTreeItem(item: Item): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: Item): Promise<Item[]> {
    const tracked = this.sessions.shown;
    if (!item) {
      if (!tracked?.heap.latest) {
        // The welcome content explains what to do.
        return tracked?.heap.cycles ? [new CyclesItem(tracked.heap.cycles, tracked)] : [];
      }
      const rows = tracked.heap.typeRows(this.filterText, readSetting(Setting.MaxTypes));
      const cycles: Item[] = tracked.heap.cycles ? [new CyclesItem(tracked.heap.cycles, tracked)] : [];
      if (rows.length === 0) {
        return [
          ...cycles,
          new NoteItem(
            tracked.heap.mode === 'growth'
              ? 'No type grew since the snapshot before.'
              : `No type matches "${this.filterText}".`,
            'info',
          ),
        ];
      }
      return [...cycles, ...rows.map((row) => new TypeItem(row, tracked))];
    }
    if (item instanceof TypeItem) {
      return this.instancesOf(item);
    }
    if (item instanceof CyclesItem) {
      return item.result.groups.map((g) => new CycleGroupItem(g, item.tracked));
    }
    if (item instanceof CycleGroupItem && item.group.example) {
      return item.group.example.nodes
        .filter((n) => n.kind !== 'more')
        .map((n) => new CycleMemberItem(n, item.tracked));
    }
    return [];
  }

  private async instancesOf(item: TypeItem): Promise<Item[]> {
    const { tracked, row } = item;
    if (tracked.heap.ended) {
      return [new NoteItem('The debug session ended: instances cannot be listed.', 'debug-disconnect')];
    }
    const limit = readSetting(Setting.MaxInstances);
    try {
      const result = await tracked.agent.call('instances', {
        typeKey: row.key,
        offset: 0,
        limit,
        labels: labelOptions(),
      });
      const items: Item[] = result.instances.map((o) => new InstanceItem(o, tracked));
      if (result.total > result.instances.length) {
        items.push(
          new NoteItem(
            `Showing ${result.instances.length} of ${result.total.toLocaleString()} instances`,
            'ellipsis',
            'Raise the setting "leakHunter.view.maxInstances" to list more, or use "Leak Hunter: Find Object at Address".',
          ),
        );
      }
      if (result.total === 0) {
        items.push(new NoteItem('No instances left: they were freed since the snapshot.', 'info'));
      }
      return items;
    } catch (error) {
      this.log(`Listing instances of ${row.key} failed: ${String(error)}`);
      return [new NoteItem(`Could not list instances: ${errorText(error)}`, 'warning')];
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

function describeType(row: TypeRow): string {
  const change = row.delta === undefined ? '' : row.delta === 0 ? '  ±0' : `  ${formatDelta(row.delta)}`;
  const baseline =
    row.newCount !== undefined || row.freedCount !== undefined
      ? `  (new ${row.newCount ?? 0}, freed ${row.freedCount ?? 0})`
      : '';
  return `${row.count.toLocaleString()}${change}${baseline}`;
}

function typeTooltip(row: TypeRow): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendText(`${row.key}\n`);
  md.appendMarkdown('\n');
  md.appendText(`instances: ${row.count.toLocaleString()}\n`);
  if (row.delta !== undefined) {
    md.appendMarkdown('\n');
    md.appendText(`change: ${formatDelta(row.delta)}\n`);
  }
  if (row.newCount !== undefined) {
    md.appendMarkdown('\n');
    md.appendText(`since baseline: ${row.newCount} new, ${row.freedCount ?? 0} freed\n`);
  }
  md.appendMarkdown('\n');
  md.appendText(`shallow size: ${formatBytes(row.shallowBytes)}`);
  return md;
}

function typeIcon(row: TypeRow, userType: boolean): vscode.ThemeIcon {
  if (row.delta !== undefined && row.delta > 0) {
    return new vscode.ThemeIcon('arrow-up', new vscode.ThemeColor('charts.red'));
  }
  if (row.delta !== undefined && row.delta < 0) {
    return new vscode.ThemeIcon('arrow-down', new vscode.ThemeColor('charts.green'));
  }
  return new vscode.ThemeIcon(userType ? 'symbol-class' : 'symbol-struct');
}

function viewMessage(tracked: TrackedSession | undefined): string | undefined {
  if (!tracked) {
    return undefined;
  }
  const notes: string[] = [];
  if (tracked.heap.ended) {
    notes.push(`"${tracked.session.name}" ended; this is its last snapshot.`);
  }
  const frozen = tracked.heap.latest?.frozenObjects ?? 0;
  if (frozen > 0) {
    notes.push(`gc.freeze() hides ${frozen.toLocaleString()} objects from snapshots.`);
  }
  return notes.length > 0 ? notes.join(' ') : undefined;
}

/** The part of an error worth showing in a tree line. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
