/**
 * The "Garbage a collection would free" group of the Leak Hunter view: what the last snapshot
 * found unreachable without collecting (so nothing ran and nothing was freed), per type. It is
 * never counted among the types; the group says so.
 */
import * as vscode from 'vscode';
import type { TypeStat } from '../../common/agentProtocol';
import { formatBytes } from '../../common/format';
import type { TrackedSession } from '../host/sessionRegistry';

/** The group: total unreachable objects and bytes; expands to one row per type. */
export class UnreachableItem extends vscode.TreeItem {
  constructor(
    readonly types: readonly TypeStat[],
    total: number,
    readonly tracked: TrackedSession,
  ) {
    super(vscode.l10n.t('Garbage a collection would free'), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `unreachable:${tracked.session.id}`;
    const bytes = types.reduce((sum, t) => sum + t.shallowBytes, 0);
    this.description = vscode.l10n.t('{0} objects · {1}', total.toLocaleString(), formatBytes(bytes));
    this.tooltip = vscode.l10n.t(
      'Objects nothing reachable refers to any more (reference cycles), found without collecting: no finalizer ran and nothing was freed. They are not counted among the types below. Your program frees them at its next garbage collection; "Find Reference Cycles" shows how they hold each other.',
    );
    this.iconPath = new vscode.ThemeIcon('trash', new vscode.ThemeColor('charts.purple'));
    this.contextValue = 'unreachable';
  }

  /** One row per type, most objects first. */
  children(): UnreachableTypeItem[] {
    return [...this.types]
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
      .map((t) => new UnreachableTypeItem(t, this.tracked));
  }
}

/** One type's unreachable objects. */
export class UnreachableTypeItem extends vscode.TreeItem {
  constructor(stat: TypeStat, tracked: TrackedSession) {
    super(stat.name, vscode.TreeItemCollapsibleState.None);
    this.id = `unreachable:${tracked.session.id}:${stat.key}`;
    this.description = `${stat.count.toLocaleString()} · ${formatBytes(stat.shallowBytes)}`;
    this.tooltip = stat.key;
    this.iconPath = new vscode.ThemeIcon('symbol-struct');
    this.contextValue = 'unreachableType';
  }
}
