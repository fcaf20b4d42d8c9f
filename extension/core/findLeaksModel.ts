/**
 * The Find Leaks recording of one debug session: the baseline and one timeline point per
 * repetition (total objects and the top growing types), the suspects found, and whether it is
 * still recording. Observable like the session model: it changes only through its methods, each
 * of which fires one `onDidChange`. Pure (no `vscode`).
 */
import type {
  GrowingType,
  LeakSnapshotResult,
  LeakSuspect,
  LeakSuspectsResult,
} from '../../common/leakProtocol';
import type { SavedTimelinePoint } from '../../common/snapshotFormat';
import { Emitter, type Event } from './events';
import type { LeakReportInput } from './leakReport';

/** One snapshot of the recording: the baseline (repetition 0) or a repetition. */
export interface TimelinePoint {
  readonly repetition: number;
  /** Seconds since the epoch, as the debuggee saw it. */
  readonly takenAt: number;
  readonly totalObjects: number;
  readonly topGrowing: readonly GrowingType[];
}

/** Growth between two timeline points. */
export interface PointGrowth {
  readonly from: number;
  readonly to: number;
  readonly totalDelta: number;
  /** Types among the top growing at both points, most grown between them first. */
  readonly types: ReadonlyArray<{ readonly key: string; readonly name: string; readonly delta: number }>;
}

/** What a change event says changed. */
export type FindLeaksChange = 'started' | 'repetition' | 'suspects' | 'stopped';

/** Where a recording stands. */
export type FindLeaksState = 'idle' | 'recording' | 'stopped';

/** The Find Leaks recording of one session. */
export class FindLeaksModel {
  private points: TimelinePoint[] = [];
  private lastSuspects: LeakSuspectsResult | undefined;
  private current: FindLeaksState = 'idle';
  private readonly changed = new Emitter<FindLeaksChange>();

  /** Fires once after each change, saying what changed. */
  readonly onDidChange: Event<FindLeaksChange> = this.changed.event;

  /** idle (never started), recording, or stopped (its data kept). */
  get state(): FindLeaksState {
    return this.current;
  }
  /** Repetitions recorded after the baseline. */
  get repetitions(): number {
    return Math.max(this.points.length - 1, 0);
  }
  /** The baseline and every repetition, in order. */
  get timeline(): readonly TimelinePoint[] {
    return this.points;
  }
  /** The last suspects found (biggest first), or none yet. */
  get suspects(): readonly LeakSuspect[] {
    return this.lastSuspects?.suspects ?? [];
  }
  /** The last suspects reply, with its note when there was nothing to say yet. */
  get suspectsResult(): LeakSuspectsResult | undefined {
    return this.lastSuspects;
  }

  /** A new recording from its baseline; the previous one is forgotten. */
  start(baseline: LeakSnapshotResult): void {
    if (baseline.repetition !== 0) {
      throw new Error(`a baseline is repetition 0, not ${baseline.repetition}`);
    }
    this.points = [point(baseline)];
    this.lastSuspects = undefined;
    this.current = 'recording';
    this.changed.fire('started');
  }

  /** The snapshot after one more repetition. */
  addRepetition(sample: LeakSnapshotResult): void {
    if (this.current !== 'recording') {
      throw new Error('no recording is running');
    }
    if (sample.repetition !== this.points.length) {
      throw new Error(`expected repetition ${this.points.length}, got ${sample.repetition}`);
    }
    this.points.push(point(sample));
    this.changed.fire('repetition');
  }

  /** The suspects found after the repetitions so far. */
  setSuspects(result: LeakSuspectsResult): void {
    if (this.current === 'idle') {
      throw new Error('no recording was started');
    }
    this.lastSuspects = result;
    this.changed.fire('suspects');
  }

  /** Ends the recording; its timeline and suspects stay. */
  stop(): void {
    if (this.current === 'recording') {
      this.current = 'stopped';
      this.changed.fire('stopped');
    }
  }

  /** Growth between two points of the timeline (by repetition number). */
  growthBetween(from: number, to: number): PointGrowth | undefined {
    const a = this.points[from];
    const b = this.points[to];
    if (!a || !b) {
      return undefined;
    }
    // deltas are against the baseline, so their difference is the growth between the points
    const before = new Map(a.topGrowing.map((t) => [t.key, t.delta]));
    const types = b.topGrowing
      .filter((t) => before.has(t.key) || from === 0)
      .map((t) => ({ key: t.key, name: t.name, delta: t.delta - (before.get(t.key) ?? 0) }))
      .filter((t) => t.delta !== 0)
      .sort((x, y) => y.delta - x.delta || x.key.localeCompare(y.key));
    return { from, to, totalDelta: b.totalObjects - a.totalObjects, types };
  }

  /** What "Copy Leak Report" is made from. */
  reportInput(showPath?: (path: string) => string): LeakReportInput {
    return {
      repetitions: this.repetitions,
      totals: this.points.map((p) => p.totalObjects),
      suspects: this.suspects,
      ...(showPath ? { showPath } : {}),
    };
  }

  /** The timeline as a saved snapshot holds it. */
  savedTimeline(): SavedTimelinePoint[] {
    return this.points.map((p) => ({
      repetition: p.repetition,
      takenAt: p.takenAt,
      totalObjects: p.totalObjects,
    }));
  }

  /** Drops every listener. */
  dispose(): void {
    this.changed.dispose();
  }
}

function point(r: LeakSnapshotResult): TimelinePoint {
  return {
    repetition: r.repetition,
    takenAt: r.takenAt,
    totalObjects: r.totalObjects,
    topGrowing: r.topGrowing,
  };
}
