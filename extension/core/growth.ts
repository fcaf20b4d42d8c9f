/**
 * Growth between heap snapshots (objgraph's `show_growth`, without its peak-based blind spot):
 * per type, the count now, the change since the previous snapshot, and, against a pinned
 * baseline, how many instances are new and how many were freed. Drops are kept, not hidden.
 */
import * as l10n from '@vscode/l10n';
import type { SnapshotResult, TypeStat } from '../../common/agentProtocol';
import { formatDelta } from '../../common/format';

/** One type's row in a growth report. */
export interface GrowthRow {
  readonly key: string;
  readonly name: string;
  readonly module: string;
  readonly count: number;
  /** count now - count in the reference snapshot (negative when instances were freed). */
  readonly delta: number;
  readonly shallowBytes: number;
  readonly bytesDelta: number;
  /** Against a baseline: instances that did not exist at the baseline. */
  readonly newCount?: number;
  /** Against a baseline: baseline instances that are gone. */
  readonly freedCount?: number;
}

/** A growth report: what changed between two snapshots. */
export interface GrowthReport {
  /** `previous` (the snapshot before) or `baseline` (the pinned one). */
  readonly against: 'previous' | 'baseline';
  readonly fromSequence: number;
  readonly toSequence: number;
  /** Types whose count changed (or have new/freed instances), largest increase first. */
  readonly rows: readonly GrowthRow[];
  readonly totalDelta: number;
}

/** Computes growth of `current` over `reference`; types that did not change are left out. */
export function computeGrowth(
  reference: SnapshotResult,
  current: SnapshotResult,
  against: GrowthReport['against'],
): GrowthReport {
  const before = new Map<string, TypeStat>(reference.types.map((t) => [t.key, t]));
  const seen = new Set<string>();
  const rows: GrowthRow[] = [];
  for (const now of current.types) {
    seen.add(now.key);
    const then = before.get(now.key);
    const row = makeRow(now, now.count - (then?.count ?? 0), now.shallowBytes - (then?.shallowBytes ?? 0));
    if (isChanged(row)) {
      rows.push(row);
    }
  }
  for (const then of reference.types) {
    if (!seen.has(then.key)) {
      // Every instance of this type is gone: a drop, shown as such.
      rows.push({
        key: then.key,
        name: then.name,
        module: then.module,
        count: 0,
        delta: -then.count,
        shallowBytes: 0,
        bytesDelta: -then.shallowBytes,
        ...(against === 'baseline' ? { newCount: 0, freedCount: then.count } : {}),
      });
    }
  }
  rows.sort(compareGrowthRows);
  return {
    against,
    fromSequence: reference.sequence,
    toSequence: current.sequence,
    rows,
    totalDelta: rows.reduce((sum, r) => sum + r.delta, 0),
  };
}

function makeRow(now: TypeStat, delta: number, bytesDelta: number): GrowthRow {
  return {
    key: now.key,
    name: now.name,
    module: now.module,
    count: now.count,
    delta,
    shallowBytes: now.shallowBytes,
    bytesDelta,
    ...(now.newSinceBaseline !== undefined ? { newCount: now.newSinceBaseline } : {}),
    ...(now.freedSinceBaseline !== undefined ? { freedCount: now.freedSinceBaseline } : {}),
  };
}

function isChanged(row: GrowthRow): boolean {
  return row.delta !== 0 || (row.newCount ?? 0) !== 0 || (row.freedCount ?? 0) !== 0;
}

/** Largest increase first, then largest drop last; ties by count, then name, for stable output. */
export function compareGrowthRows(a: GrowthRow, b: GrowthRow): number {
  return b.delta - a.delta || b.count - a.count || a.key.localeCompare(b.key);
}

/**
 * The objgraph-style text table for the Output channel, to paste into a bug report:
 * `Connection      200      +200` with new/freed columns against a baseline.
 */
export function formatGrowthTable(report: GrowthReport, limit: number): string {
  const rows = report.rows.slice(0, limit);
  if (rows.length === 0) {
    return l10n.t('No growth: every type has the same number of instances as before.');
  }
  const withBaseline = report.against === 'baseline';
  const header = withBaseline
    ? [l10n.t('type'), l10n.t('count'), l10n.t('net'), l10n.t('new'), l10n.t('freed'), l10n.t('bytes')]
    : [l10n.t('type'), l10n.t('count'), l10n.t('change'), l10n.t('bytes')];
  const body = rows.map((r) =>
    withBaseline
      ? [
          r.key,
          String(r.count),
          formatDelta(r.delta),
          String(r.newCount ?? 0),
          String(r.freedCount ?? 0),
          formatDelta(r.bytesDelta),
        ]
      : [r.key, String(r.count), formatDelta(r.delta), formatDelta(r.bytesDelta)],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const lines = [line(header), ...body.map(line)];
  if (report.rows.length > rows.length) {
    lines.push(l10n.t('… and {0} more types', report.rows.length - rows.length));
  }
  return lines.join('\n');
}
