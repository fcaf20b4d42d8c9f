/**
 * The "Leak Hunter" view in Run and Debug: the most common types of the last snapshot (or, after
 * Show Growth, the types that grew), each expandable to its instances.
 */
import * as vscode from 'vscode';
import type { CycleGroup, CyclesResult, GraphNode, ObjectSummary } from '../../common/agentProtocol';
import { formatAddress, formatBytes, formatDelta } from '../../common/format';
import { Command, ContextKey, TYPES_VIEW_ID } from '../constants';
import type { UserMessage } from '../core/failures';
import type { TypeRow, TypeSort } from '../core/sessionModel';
import { labelOptions, readSetting, Setting } from '../host/config';
import type { RequestRunner } from '../host/requestRunner';
import type { SessionRegistry, TrackedSession } from '../host/sessionRegistry';
import { UnreachableItem, type UnreachableTypeItem } from './unreachableItems';

/** A type row. */
export class TypeItem extends vscode.TreeItem {
  constructor(
    readonly row: TypeRow,
    readonly tracked: TrackedSession,
  ) {
    super(row.displayName, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `type:${tracked.session.id}:${row.key}`;
    this.description = describeType(row, tracked.model.sortBy);
    this.tooltip = typeTooltip(row);
    const hasSource = row.module !== tracked.words.builtinModule;
    this.contextValue = hasSource ? 'type hasSource' : 'type';
    this.iconPath = typeIcon(row, hasSource);
    this.accessibilityInformation = {
      label:
        row.delta === undefined
          ? vscode.l10n.t('{0}, {1} instances', row.displayName, row.count)
          : vscode.l10n.t(
              '{0}, {1} instances, change {2}',
              row.displayName,
              row.count,
              formatDelta(row.delta),
            ),
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
    this.tooltip = vscode.l10n.t(
      '{0} at {1}\n{2}\n\nRight-click: Why Is This Alive?, Show Retainers, Show References',
      object.typeName,
      formatAddress(object.address),
      object.label,
    );
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
    super(vscode.l10n.t('Reference cycles'), vscode.TreeItemCollapsibleState.Expanded);
    this.id = `cycles:${tracked.session.id}`;
    this.description = vscode.l10n.t(
      '{0} cycles in {1} groups',
      result.totalCycles.toLocaleString(),
      result.groups.length,
    );
    this.tooltip = vscode.l10n.t(
      'Objects only the cycle collector would free, grouped by the shape of their cycle. One cycle of each group is kept alive so it can be drawn and inspected: "Release Kept Cycles" lets the collector free it.',
    );
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
    this.description = `x${group.count.toLocaleString()}${group.hasFinalizer ? ` · ${tracked.words.finalizerMark}` : ''}`;
    this.tooltip = vscode.l10n.t('{0} cycles of {1} objects\n\n{2}', group.count, group.size, group.hint);
    this.iconPath = new vscode.ThemeIcon(
      group.hasFinalizer ? 'flame' : 'sync',
      new vscode.ThemeColor('charts.orange'),
    );
    this.contextValue = 'cycleGroup';
    this.command = {
      command: Command.ShowCycleGroup,
      title: vscode.l10n.t('Draw this cycle'),
      arguments: [this],
    };
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
    this.description = `${node.typeName} · ${formatAddress(node.address)}${node.hasFinalizer ? ` · ${tracked.words.finalizerMark}` : ''}`;
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

type Item =
  | TypeItem
  | InstanceItem
  | NoteItem
  | CyclesItem
  | CycleGroupItem
  | CycleMemberItem
  | UnreachableItem
  | UnreachableTypeItem;

/** Feeds the tree from the shown session's model; redraws when the registry says it changed. */
export class TypesTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  readonly view: vscode.TreeView<Item>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly registry: SessionRegistry,
    private readonly runner: RequestRunner,
  ) {
    this.view = vscode.window.createTreeView(TYPES_VIEW_ID, {
      treeDataProvider: this,
      showCollapseAll: true,
    });
    this.disposables.push(
      this.view,
      this.changed,
      registry.onDidChangeShown(() => this.redraw()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('leakHunter.view') || e.affectsConfiguration('leakHunter.labels')) {
          this.redraw();
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
    this.redraw();
  }

  getTreeItem(item: Item): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: Item): Promise<Item[]> {
    const tracked = this.registry.shown;
    if (!item) {
      return tracked ? this.topLevel(tracked) : [];
    }
    if (item instanceof TypeItem) {
      return this.instancesOf(item);
    }
    if (item instanceof UnreachableItem) {
      return item.children();
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

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }

  /** Redraws the view, its title description and its message from the shown session. */
  private redraw(): void {
    const tracked = this.registry.shown;
    this.view.description = viewDescription(tracked, this.filterText);
    this.view.message = viewMessage(tracked);
    this.changed.fire(undefined);
  }

  private topLevel(tracked: TrackedSession): Item[] {
    const { model } = tracked;
    const sections: Item[] = model.cycles ? [new CyclesItem(model.cycles, tracked)] : [];
    const unreachable = model.latest?.unreachable ?? [];
    if (unreachable.length > 0 && readSetting(Setting.ShowUnreachable)) {
      sections.push(new UnreachableItem(unreachable, model.latest?.unreachableObjects ?? 0, tracked));
    }
    if (!model.latest) {
      return sections; // The welcome content explains what to do.
    }
    const rows = model.typeRows(this.filterText, readSetting(Setting.MaxTypes));
    if (rows.length === 0) {
      const note =
        model.mode === 'growth'
          ? vscode.l10n.t('No type grew since the snapshot before.')
          : vscode.l10n.t('No type matches "{0}".', this.filterText);
      return [...sections, new NoteItem(note, 'info')];
    }
    return [...sections, ...rows.map((row) => new TypeItem(row, tracked))];
  }

  private async instancesOf(item: TypeItem): Promise<Item[]> {
    const { tracked, row } = item;
    const limit = readSetting(Setting.MaxInstances);
    let failure: UserMessage | undefined;
    const result = await this.runner.run(
      tracked,
      {
        title: vscode.l10n.t('Listing the instances of {0}', row.key),
        progress: 'none',
        report: (message) => (failure = message),
      },
      (backend, token) =>
        backend.instances({ typeKey: row.key, offset: 0, limit, labels: labelOptions() }, token),
    );
    if (!result) {
      return failure ? [new NoteItem(failure.text, 'warning')] : [];
    }
    const items: Item[] = result.instances.map((o) => new InstanceItem(o, tracked));
    if (result.total > result.instances.length) {
      items.push(
        new NoteItem(
          vscode.l10n.t(
            'Showing {0} of {1} instances',
            result.instances.length,
            result.total.toLocaleString(),
          ),
          'ellipsis',
          vscode.l10n.t(
            'Raise the setting "leakHunter.view.maxInstances" to list more, or use "Leak Hunter: Find Object at Address".',
          ),
        ),
      );
    }
    if (result.total === 0) {
      items.push(
        new NoteItem(vscode.l10n.t('No instances left: they were freed since the snapshot.'), 'info'),
      );
    }
    return items;
  }
}

function describeType(row: TypeRow, sortBy: TypeSort): string {
  const change = row.delta === undefined ? '' : row.delta === 0 ? '  ±0' : `  ${formatDelta(row.delta)}`;
  const baseline =
    row.newCount !== undefined || row.freedCount !== undefined
      ? `  ${vscode.l10n.t('(new {0}, freed {1})', row.newCount ?? 0, row.freedCount ?? 0)}`
      : '';
  // Sizes join the count once the user sorts by them or retained sizes were computed.
  const sizes =
    sortBy === 'count' && row.retainedBytes === undefined
      ? ''
      : `  · ${formatBytes(row.shallowBytes)}${
          row.retainedBytes === undefined
            ? ''
            : `  · ${vscode.l10n.t('keeps ≥{0}', formatBytes(row.retainedBytes))}`
        }`;
  return `${row.count.toLocaleString()}${change}${baseline}${sizes}`;
}

function typeTooltip(row: TypeRow): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  const lines = [
    row.key,
    vscode.l10n.t('instances: {0}', row.count.toLocaleString()),
    ...(row.delta !== undefined ? [vscode.l10n.t('change: {0}', formatDelta(row.delta))] : []),
    ...(row.newCount !== undefined
      ? [vscode.l10n.t('since baseline: {0} new, {1} freed', row.newCount, row.freedCount ?? 0)]
      : []),
    vscode.l10n.t('shallow size: {0}', formatBytes(row.shallowBytes)),
    ...(row.retainedBytes !== undefined
      ? [
          vscode.l10n.t(
            'retained: at least {0} (freed if every instance went away; what only several instances keep together is not in it)',
            formatBytes(row.retainedBytes),
          ),
        ]
      : []),
  ];
  lines.forEach((line, i) => {
    if (i > 0) {
      md.appendMarkdown('\n\n');
    }
    md.appendText(line);
  });
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

function viewDescription(tracked: TrackedSession | undefined, filter: string): string {
  const latest = tracked?.model.latest;
  const parts: string[] = [];
  if (tracked && latest) {
    const growth = tracked.model.mode === 'growth' ? tracked.model.growth : undefined;
    parts.push(
      growth
        ? growth.against === 'baseline'
          ? vscode.l10n.t('growth since baseline')
          : vscode.l10n.t('growth since #{0}', growth.fromSequence)
        : vscode.l10n.t('snapshot #{0}', latest.sequence),
      vscode.l10n.t('{0} objects', latest.totalObjects.toLocaleString()),
    );
  }
  if (filter) {
    parts.push(vscode.l10n.t('filter: {0}', filter));
  }
  return parts.join(' · ');
}

function viewMessage(tracked: TrackedSession | undefined): string | undefined {
  if (!tracked) {
    return undefined;
  }
  const notes: string[] = [];
  const frozen = tracked.model.latest?.frozenObjects ?? 0;
  if (frozen > 0) {
    notes.push(vscode.l10n.t('{0} frozen objects are left out of snapshots.', frozen.toLocaleString()));
  }
  const localsSnapshots = tracked.model.latest?.localsSnapshots ?? 0;
  if (localsSnapshots > 0) {
    notes.push(
      vscode.l10n.t(
        "{0} dicts are not counted: they exist only because the debugger read a running function's variables.",
        localsSnapshots.toLocaleString(),
      ),
    );
  }
  // Last, so the view's message always ends with what matters most once the program is gone.
  if (tracked.model.ended) {
    notes.push(vscode.l10n.t('"{0}" ended; this is its last snapshot.', tracked.session.name));
  }
  return notes.length > 0 ? notes.join(' ') : undefined;
}
