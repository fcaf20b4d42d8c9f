/**
 * What Leak Hunter knows about one debug session's heap: every snapshot taken (with when), the
 * pinned baseline, the last growth report, the last reference cycles found, the Find Leaks
 * recording (`findLeaks`), and whether the session ended. Observable: it changes only through its own methods, each of which fires one
 * `onDidChange` event; views subscribe instead of being poked. Pure (no `vscode`).
 */
import type { CyclesResult, SnapshotResult } from '../../common/agentProtocol';
import { Emitter, type Event } from './events';
import { FindLeaksModel } from './findLeaksModel';
import { computeGrowth, type GrowthReport } from './growth';
import { typeRows, type TypeRow, type TypeSort } from './typeRows';

export type { TypeRow, TypeSort };

/** How the types view is ordered. */
export type TypesViewMode = 'mostCommon' | 'growth';

/** Why a snapshot was taken. */
export type SnapshotPurpose = 'snapshot' | 'baseline' | 'growth';

/** One snapshot of the session's history. */
export interface RecordedSnapshot {
  readonly snapshot: SnapshotResult;
  readonly purpose: SnapshotPurpose;
  /** When the host received it, in milliseconds since the epoch (`snapshot.takenAt` is the debuggee's clock). */
  readonly receivedAt: number;
}

/** What a change event says changed. */
export type SessionChange = 'snapshot' | 'baseline' | 'growth' | 'cycles' | 'retained' | 'sort' | 'ended';

/** The payload of `onDidChange`. */
export interface SessionChangeEvent {
  readonly model: SessionModel;
  readonly change: SessionChange;
}

/** The heap history of one debug session. */
export class SessionModel {
  private readonly history: RecordedSnapshot[] = [];
  private baselineSnapshot: SnapshotResult | undefined;
  private lastGrowth: GrowthReport | undefined;
  private viewMode: TypesViewMode = 'mostCommon';
  private lastCycles: CyclesResult | undefined;
  private retainedByType: ReadonlyMap<string, number> | undefined;
  private typeSort: TypeSort = 'count';
  private hasEnded = false;
  private readonly changed = new Emitter<SessionChangeEvent>();

  /** Fires once after each change, saying what changed. */
  readonly onDidChange: Event<SessionChangeEvent> = this.changed.event;

  /** The session's Find Leaks recording (observable on its own). */
  readonly findLeaks = new FindLeaksModel();

  constructor(
    /** The debug session's name, as the user reads it. */
    readonly sessionName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every snapshot taken in this session, oldest first. */
  get snapshots(): readonly RecordedSnapshot[] {
    return this.history;
  }
  /** The last snapshot. */
  get latest(): SnapshotResult | undefined {
    return this.history[this.history.length - 1]?.snapshot;
  }
  /** The snapshot before the last one. */
  get previous(): SnapshotResult | undefined {
    return this.history[this.history.length - 2]?.snapshot;
  }
  /** The pinned baseline. */
  get baseline(): SnapshotResult | undefined {
    return this.baselineSnapshot;
  }
  /** The last growth report (Show Growth). */
  get growth(): GrowthReport | undefined {
    return this.lastGrowth;
  }
  /** How the types view lists the latest snapshot. */
  get mode(): TypesViewMode {
    return this.viewMode;
  }
  /** The last Find Reference Cycles result whose kept examples are not released yet. */
  get cycles(): CyclesResult | undefined {
    return this.lastCycles;
  }
  /** The debug session ended: the data stays, marked as last known. */
  get ended(): boolean {
    return this.hasEnded;
  }

  /** Records a plain snapshot (Take Snapshot / Refresh): the view lists the most common types. */
  recordSnapshot(snapshot: SnapshotResult): void {
    this.push(snapshot, 'snapshot');
    this.viewMode = 'mostCommon';
    this.fire('snapshot');
  }

  /** Records a snapshot taken as the new baseline. */
  recordBaseline(snapshot: SnapshotResult): void {
    this.push(snapshot, 'baseline');
    this.baselineSnapshot = snapshot;
    this.viewMode = 'mostCommon';
    this.fire('baseline');
  }

  /**
   * Records a snapshot taken for Show Growth and returns the growth against the previous
   * snapshot, or against the baseline; undefined when there is nothing to compare with yet.
   */
  recordGrowth(snapshot: SnapshotResult, against: 'previous' | 'baseline'): GrowthReport | undefined {
    const reference = against === 'baseline' ? this.baselineSnapshot : this.latest;
    this.push(snapshot, 'growth');
    this.lastGrowth = reference ? computeGrowth(reference, snapshot, against) : undefined;
    this.viewMode = reference ? 'growth' : 'mostCommon';
    this.fire('growth');
    return this.lastGrowth;
  }

  /** Records the cycles found (their examples are kept alive in the debuggee). */
  recordCycles(result: CyclesResult): void {
    this.lastCycles = result;
    this.fire('cycles');
  }

  /** Forgets the cycles once their kept examples were released. */
  releaseCycles(): void {
    this.lastCycles = undefined;
    this.fire('cycles');
  }

  /** Retained bytes per type key from the last Show Biggest Objects (a lower bound per type). */
  get retained(): ReadonlyMap<string, number> | undefined {
    return this.retainedByType;
  }
  /** What the most-common list is sorted by. */
  get sortBy(): TypeSort {
    return this.typeSort;
  }

  /** Records retained bytes per type (Show Biggest Objects). */
  recordRetained(byType: ReadonlyMap<string, number>): void {
    this.retainedByType = byType;
    this.fire('retained');
  }

  /** Sorts the most-common list by count, shallow bytes or retained bytes. */
  setSort(sortBy: TypeSort): void {
    this.typeSort = sortBy;
    this.fire('sort');
  }

  /** Marks the session as ended; nothing is forgotten. */
  markEnded(): void {
    if (!this.hasEnded) {
      this.hasEnded = true;
      this.fire('ended');
    }
  }

  /** The rows of the types view, filtered by a case-insensitive substring of the name. */
  typeRows(filter: string, limit: number): TypeRow[] {
    const latest = this.latest;
    if (!latest) {
      return [];
    }
    const growth = this.viewMode === 'growth' ? this.lastGrowth : undefined;
    return typeRows(latest, this.previous, growth, filter, limit, {
      ...(this.retainedByType ? { retained: this.retainedByType } : {}),
      sortBy: this.typeSort,
    });
  }

  /** Drops every listener (the session is forgotten). */
  dispose(): void {
    this.changed.dispose();
    this.findLeaks.dispose();
  }

  private push(snapshot: SnapshotResult, purpose: SnapshotPurpose): void {
    this.history.push({ snapshot, purpose, receivedAt: this.now() });
  }

  private fire(change: SessionChange): void {
    this.changed.fire({ model: this, change });
  }
}
