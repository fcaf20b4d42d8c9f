/**
 * The "Biggest Objects" view in Run and Debug: the dominator tree of the last Show Biggest
 * Objects, biggest first. Each object is what alone keeps its retained bytes alive; expanding it
 * lists what it dominates. Objects open the graph commands like the Types view's instances.
 */
import * as vscode from 'vscode';
import { firstLine, formatAddress, formatBytes } from '../../common/format';
import { BIGGEST_OBJECTS_VIEW_ID } from '../constants';
import type { DominatorEntry } from '../core/retained/retainedModel';
import { RetainedWorkerError, type RetainedComputer } from '../host/retained/retainedComputer';
import type { RetainedSummary } from '../host/retained/retainedMessages';
import type { TrackedSession } from '../host/sessionRegistry';
import { InstanceItem, NoteItem } from './typesView';

/** How many children of one node the view lists. */
const CHILD_LIMIT = 100;

/** The last result of one session: when, and what the worker computed. */
export interface BiggestObjectsResult {
  readonly tracked: TrackedSession;
  readonly summary: RetainedSummary;
  readonly computedAt: Date;
}

/** A short type name from a type key (`pkg.mod.Class` -> `Class`). */
function shortName(typeKey: string): string {
  const dot = typeKey.lastIndexOf('.');
  return dot >= 0 ? typeKey.slice(dot + 1) : typeKey;
}

/** Bytes, marked as an estimate when some size in them could not be read. */
function bytesText(bytes: number, estimated: boolean): string {
  return estimated ? vscode.l10n.t('~{0} (estimate)', formatBytes(bytes)) : formatBytes(bytes);
}

/** One object of the dominator tree. */
export class DominatorItem extends InstanceItem {
  constructor(
    readonly entry: DominatorEntry,
    tracked: TrackedSession,
  ) {
    super(
      {
        address: entry.address,
        typeKey: entry.typeKey,
        typeName: shortName(entry.typeKey),
        label: `${shortName(entry.typeKey)} ${formatAddress(entry.address)}`,
        shallowBytes: entry.shallowBytes,
      },
      tracked,
    );
    this.id = `dominator:${tracked.session.id}:${entry.index}`;
    this.collapsibleState =
      entry.childCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    this.description = vscode.l10n.t(
      'keeps {0} · own {1}',
      formatBytes(entry.retainedBytes),
      bytesText(entry.shallowBytes, entry.estimated),
    );
    this.tooltip = vscode.l10n.t(
      '{0} at {1}\nRetained: {2} (freed if this object went away)\nShallow: {3}\nDominates {4} objects directly\n\nRight-click: Why Is This Alive?, Show Retainers, Show References',
      entry.typeKey,
      formatAddress(entry.address),
      formatBytes(entry.retainedBytes),
      bytesText(entry.shallowBytes, entry.estimated),
      entry.childCount.toLocaleString(),
    );
    this.iconPath = new vscode.ThemeIcon('symbol-variable');
  }
}

type Item = DominatorItem | NoteItem;

/** What to tell the user when the worker could not list a node's children. */
function workerFailureText(error: unknown): string {
  if (error instanceof RetainedWorkerError && error.code !== 'failed') {
    return vscode.l10n.t('These retained sizes are gone: run Show Biggest Objects again.');
  }
  return vscode.l10n.t('Could not list what this object keeps alive: {0}', firstLine(error));
}

/** Feeds the view from the last result; expands nodes by asking the worker. */
export class BiggestObjectsTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Item>;
  private last: BiggestObjectsResult | undefined;

  constructor(private readonly computer: RetainedComputer) {
    this.view = vscode.window.createTreeView(BIGGEST_OBJECTS_VIEW_ID, {
      treeDataProvider: this,
      showCollapseAll: true,
    });
  }

  /** The result shown, if any. */
  get result(): BiggestObjectsResult | undefined {
    return this.last;
  }

  /** Shows a new result (and forgets the previous one's tree in the worker). */
  show(result: BiggestObjectsResult): void {
    if (this.last && this.last.tracked.session.id !== result.tracked.session.id) {
      this.computer.forget(this.last.tracked.session.id);
    }
    this.last = result;
    const s = result.summary;
    this.view.description = vscode.l10n.t(
      '{0} at {1}',
      result.tracked.session.name,
      result.computedAt.toLocaleTimeString(),
    );
    this.view.message = vscode.l10n.t(
      '{0} reachable in {1} objects. Sizes are what CPython reports (sys.getsizeof): memory a C extension keeps privately (buffers, caches) is not seen.',
      formatBytes(s.reachableBytes),
      s.nodeCount.toLocaleString(),
    );
    this.changed.fire(undefined);
  }

  /** Clears the view when the session it shows ends. */
  sessionEnded(sessionId: string): void {
    if (this.last?.tracked.session.id === sessionId) {
      this.computer.forget(sessionId);
      this.last = undefined;
      this.view.description = undefined;
      this.view.message = undefined;
      this.changed.fire(undefined);
    }
  }

  getTreeItem(item: Item): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: Item): Promise<Item[]> {
    const last = this.last;
    if (!last) {
      return [];
    }
    if (!item) {
      return [
        ...last.summary.top.map((e) => new DominatorItem(e, last.tracked)),
        ...this.notes(last.summary),
      ];
    }
    if (!(item instanceof DominatorItem)) {
      return [];
    }
    try {
      const entries = await this.computer.dominated(last.tracked.session.id, item.entry.index, CHILD_LIMIT);
      const items: Item[] = entries.map((e) => new DominatorItem(e, last.tracked));
      if (item.entry.childCount > entries.length) {
        items.push(
          new NoteItem(
            vscode.l10n.t(
              'Showing the biggest {0} of {1}',
              entries.length,
              item.entry.childCount.toLocaleString(),
            ),
            'info',
          ),
        );
      }
      return items;
    } catch (error) {
      return [new NoteItem(workerFailureText(error), 'warning')];
    }
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }

  /** The lines under the tree: garbage, estimates, what is never seen. */
  private notes(s: RetainedSummary): NoteItem[] {
    const out: NoteItem[] = [];
    if (s.unreachableCount > 0) {
      out.push(
        new NoteItem(
          vscode.l10n.t(
            '{0} in {1} objects no root reaches (cycles the collector has not freed yet): not counted above',
            formatBytes(s.unreachableBytes),
            s.unreachableCount.toLocaleString(),
          ),
          'trash',
        ),
      );
    }
    if (s.estimatedCount > 0) {
      out.push(
        new NoteItem(
          vscode.l10n.t(
            "{0} objects have estimated sizes (a __sizeof__ written in Python is never called; one that fails is replaced by the type's basic size)",
            s.estimatedCount.toLocaleString(),
          ),
          'warning',
        ),
      );
    }
    out.push(
      new NoteItem(
        vscode.l10n.t(
          "Not seen: memory C extensions keep privately (e.g. a NumPy array's data when its __sizeof__ does not report it), allocator overhead and free lists",
        ),
        'eye-closed',
      ),
    );
    return out;
  }
}
