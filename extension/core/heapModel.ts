/**
 * What Leak Hunter knows about one debug session's heap: the latest snapshot, the one before,
 * the pinned baseline and the growth between them. Pure (no `vscode`), so it is unit-tested fast.
 */
import type { CyclesResult, SnapshotResult, TypeStat } from '../../common/agentProtocol';
import { computeGrowth, type GrowthReport, type GrowthRow } from './growth';

/** How the types view is ordered. */
export type TypesViewMode = 'mostCommon' | 'growth';

/** One row of the types view. */
export interface TypeRow {
  readonly key: string;
  /** What the user reads: the short name, module-qualified when two types share it. */
  readonly displayName: string;
  readonly name: string;
  readonly module: string;
  readonly count: number;
  /** Change against the snapshot before (undefined for the first snapshot). */
  readonly delta?: number;
  readonly shallowBytes: number;
  /** Against a baseline, in growth mode. */
  readonly newCount?: number;
  readonly freedCount?: number;
}

/** The heap history of one debug session. */
export class SessionHeapState {
  private latestSnapshot: SnapshotResult | undefined;
  private previousSnapshot: SnapshotResult | undefined;
  private baselineSnapshot: SnapshotResult | undefined;
  private lastGrowth: GrowthReport | undefined;
  private viewMode: TypesViewMode = 'mostCommon';
  /** Set when the debug session ended: the data stays, marked as last known. */
  public ended = false;
  /** The last Find Reference Cycles result, listed above the types. */
  public cycles: CyclesResult | undefined;

  constructor(public readonly sessionName: string) {}

  get latest(): SnapshotResult | undefined {
    return this.latestSnapshot;
  }
  get baseline(): SnapshotResult | undefined {
    return this.baselineSnapshot;
  }
  get growth(): GrowthReport | undefined {
    return this.lastGrowth;
  }
  get mode(): TypesViewMode {
    return this.viewMode;
  }

  /** Records a plain snapshot (Take Snapshot / Refresh): the view lists the most common types. */
  recordSnapshot(snapshot: SnapshotResult): void {
    this.push(snapshot);
    this.viewMode = 'mostCommon';
  }

  /** Records a snapshot taken as the new baseline. */
  recordBaseline(snapshot: SnapshotResult): void {
    this.push(snapshot);
    this.baselineSnapshot = snapshot;
    this.viewMode = 'mostCommon';
  }

  /**
   * Records a snapshot taken for Show Growth and returns the growth against the previous
   * snapshot, or against the baseline; undefined when there is nothing to compare with yet.
   */
  recordGrowth(snapshot: SnapshotResult, against: 'previous' | 'baseline'): GrowthReport | undefined {
    const reference = against === 'baseline' ? this.baselineSnapshot : this.latestSnapshot;
    this.push(snapshot);
    if (!reference) {
      this.lastGrowth = undefined;
      this.viewMode = 'mostCommon';
      return undefined;
    }
    this.lastGrowth = computeGrowth(reference, snapshot, against);
    this.viewMode = 'growth';
    return this.lastGrowth;
  }

  /** The rows of the types view, filtered by a case-insensitive substring of the name. */
  typeRows(filter: string, limit: number): TypeRow[] {
    const snapshot = this.latestSnapshot;
    if (!snapshot) {
      return [];
    }
    const needle = filter.trim().toLowerCase();
    const matches = (key: string) => needle === '' || key.toLowerCase().includes(needle);
    const ambiguous = ambiguousNames(snapshot.types);
    const display = (t: { name: string; key: string }) => (ambiguous.has(t.name) ? t.key : t.name);
    if (this.viewMode === 'growth' && this.lastGrowth) {
      return this.lastGrowth.rows
        .filter((r) => matches(r.key))
        .slice(0, limit)
        .map((r: GrowthRow) => ({
          key: r.key,
          displayName: display(r),
          name: r.name,
          module: r.module,
          count: r.count,
          delta: r.delta,
          shallowBytes: r.shallowBytes,
          ...(r.newCount !== undefined ? { newCount: r.newCount } : {}),
          ...(r.freedCount !== undefined ? { freedCount: r.freedCount } : {}),
        }));
    }
    const before = new Map(this.previousSnapshot?.types.map((t) => [t.key, t.count]));
    return [...snapshot.types]
      .filter((t) => matches(t.key))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
      .slice(0, limit)
      .map((t) => ({
        key: t.key,
        displayName: display(t),
        name: t.name,
        module: t.module,
        count: t.count,
        ...(this.previousSnapshot ? { delta: t.count - (before.get(t.key) ?? 0) } : {}),
        shallowBytes: t.shallowBytes,
      }));
  }

  private push(snapshot: SnapshotResult): void {
    this.previousSnapshot = this.latestSnapshot;
    this.latestSnapshot = snapshot;
  }
}

/** Short names that more than one type shares (e.g. two modules' `Node`). */
function ambiguousNames(types: readonly TypeStat[]): Set<string> {
  const seen = new Map<string, number>();
  for (const t of types) {
    seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([name]) => name));
}
