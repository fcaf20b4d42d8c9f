/** The rows of the types view from a snapshot (most common types) or a growth report. Pure. */
import type { SnapshotResult, TypeStat } from '../../common/agentProtocol';
import type { GrowthReport, GrowthRow } from './growth';

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
  /**
   * At least this many bytes would be freed if every instance went away (retained sizes, when
   * Show Biggest Objects computed them for the session).
   */
  readonly retainedBytes?: number;
}

/** What the most-common list is sorted by (growth reports keep their own order). */
export type TypeSort = 'count' | 'shallowBytes' | 'retainedBytes';

/** Retained bytes per type key, and how to sort: the optional inputs of `typeRows`. */
export interface TypeRowOptions {
  readonly retained?: ReadonlyMap<string, number>;
  readonly sortBy?: TypeSort;
}

/**
 * The growth report's rows when there is one, else the most common types of `latest` with
 * their change since `previous`; filtered by a case-insensitive substring of the qualified name.
 */
export function typeRows(
  latest: SnapshotResult,
  previous: SnapshotResult | undefined,
  growth: GrowthReport | undefined,
  filter: string,
  limit: number,
  options: TypeRowOptions = {},
): TypeRow[] {
  const retained = options.retained;
  const retainedOf = (key: string) => (retained?.has(key) ? { retainedBytes: retained.get(key)! } : {});
  const needle = filter.trim().toLowerCase();
  const matches = (key: string) => needle === '' || key.toLowerCase().includes(needle);
  const ambiguous = ambiguousNames(latest.types);
  const display = (t: { name: string; key: string }) => (ambiguous.has(t.name) ? t.key : t.name);
  if (growth) {
    return growth.rows
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
        ...retainedOf(r.key),
      }));
  }
  const before = new Map(previous?.types.map((t) => [t.key, t.count]));
  const sortBy = options.sortBy ?? 'count';
  const measure = (t: TypeStat): number =>
    sortBy === 'count' ? t.count : sortBy === 'shallowBytes' ? t.shallowBytes : (retained?.get(t.key) ?? -1);
  return [...latest.types]
    .filter((t) => matches(t.key))
    .sort((a, b) => measure(b) - measure(a) || b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, limit)
    .map((t) => ({
      key: t.key,
      displayName: display(t),
      name: t.name,
      module: t.module,
      count: t.count,
      ...(previous ? { delta: t.count - (before.get(t.key) ?? 0) } : {}),
      shallowBytes: t.shallowBytes,
      ...retainedOf(t.key),
    }));
}

/** Short names that more than one type shares (e.g. two modules' `Node`). */
function ambiguousNames(types: readonly TypeStat[]): Set<string> {
  const seen = new Map<string, number>();
  for (const t of types) {
    seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([name]) => name));
}
