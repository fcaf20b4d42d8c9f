/**
 * The saved-snapshot file (`*.leakhunter.json`): type counts, the Find Leaks suspects and their
 * chains, and the recording's timeline, so a snapshot can be opened later or on another machine
 * and compared. Documented in `docs/snapshot-format.md`; versioned: a reader refuses a file whose
 * `version` it does not know. Pure: no `vscode`, no DOM, no Node APIs.
 */
import type { EdgeKind, NodeKind, ObjectGraph, SnapshotResult, SourceLocation } from './agentProtocol';
import type { LeakSuspect } from './leakProtocol';

/** The `format` field of every saved snapshot. */
export const SNAPSHOT_FORMAT = 'leak-hunter-snapshot';
/** The version this code writes and reads. */
export const SNAPSHOT_FORMAT_VERSION = 1;

/** Counts of one type. */
export interface SavedTypeCount {
  readonly key: string;
  readonly name: string;
  readonly module: string;
  readonly count: number;
  readonly shallowBytes: number;
}

/** One point of the recording's timeline. */
export interface SavedTimelinePoint {
  readonly repetition: number;
  /** Seconds since the epoch. */
  readonly takenAt: number;
  readonly totalObjects: number;
}

/** A chain as saved: the drawing's data only (addresses are those of the original process). */
export interface SavedChain {
  readonly nodes: ReadonlyArray<{
    readonly id: string;
    readonly kind: NodeKind;
    readonly typeName: string;
    readonly label: string;
    readonly source?: SourceLocation;
  }>;
  readonly edges: ReadonlyArray<{
    readonly from: string;
    readonly to: string;
    readonly label: string;
    readonly kind: EdgeKind;
  }>;
}

/** A suspect as saved. */
export interface SavedSuspect {
  readonly path: string;
  readonly typeKey: string;
  readonly typeName: string;
  readonly count: number;
  readonly series: readonly number[];
  readonly growthPerRepetition: number;
  readonly shallowBytes: number;
  readonly keptObjects: number;
  readonly keptBytes: number;
  readonly reference: {
    readonly name: string;
    readonly typeName: string;
    readonly reason: string;
    readonly lengths: ReadonlyArray<number | null> | null;
  };
  readonly sources: ReadonlyArray<SourceLocation & { readonly why: string }>;
  readonly chain: SavedChain | null;
  readonly suspectEdge: { readonly from: string; readonly to: string; readonly label: string } | null;
}

/** The whole file. */
export interface SavedSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_FORMAT_VERSION;
  /** ISO 8601 time the file was written. */
  readonly savedAt: string;
  /** What was measured: free text for the reader (program, interpreter). */
  readonly origin: { readonly pythonVersion: string; readonly label: string };
  /** Seconds since the epoch, as the debuggee saw it. */
  readonly takenAt: number;
  readonly totalObjects: number;
  readonly types: readonly SavedTypeCount[];
  readonly suspects: readonly SavedSuspect[];
  readonly timeline: readonly SavedTimelinePoint[];
}

/** What a saved snapshot is made from. */
export interface SnapshotToSave {
  readonly snapshot: SnapshotResult;
  readonly suspects: readonly LeakSuspect[];
  readonly timeline: readonly SavedTimelinePoint[];
  readonly origin: { readonly pythonVersion: string; readonly label: string };
  readonly savedAt: Date;
}

function saveChain(graph: ObjectGraph | null | undefined): SavedChain | null {
  if (!graph) return null;
  return {
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      typeName: n.typeName,
      label: n.label,
      ...(n.source ? { source: { path: n.source.path, line: n.source.line } } : {}),
    })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, label: e.label, kind: e.kind })),
  };
}

/** Builds the file's content (pure; the caller writes `JSON.stringify(result, null, 2)`). */
export function toSavedSnapshot(input: SnapshotToSave): SavedSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_FORMAT_VERSION,
    savedAt: input.savedAt.toISOString(),
    origin: { pythonVersion: input.origin.pythonVersion, label: input.origin.label },
    takenAt: input.snapshot.takenAt,
    totalObjects: input.snapshot.totalObjects,
    types: input.snapshot.types.map((t) => ({
      key: t.key,
      name: t.name,
      module: t.module,
      count: t.count,
      shallowBytes: t.shallowBytes,
    })),
    suspects: input.suspects.map((s) => ({
      path: s.path,
      typeKey: s.typeKey,
      typeName: s.typeName,
      count: s.count,
      series: [...s.series],
      growthPerRepetition: s.growthPerRepetition,
      shallowBytes: s.shallowBytes,
      keptObjects: s.keptObjects,
      keptBytes: s.keptBytes,
      reference: {
        name: s.reference.name,
        typeName: s.reference.typeName,
        reason: s.reference.reason,
        lengths: s.reference.lengths ? [...s.reference.lengths] : null,
      },
      sources: s.sources.map((x) => ({ path: x.path, line: x.line, why: x.why })),
      chain: saveChain(s.chain),
      suspectEdge: s.suspectEdge ? { ...s.suspectEdge } : null,
    })),
    timeline: input.timeline.map((p) => ({ ...p })),
  };
}

/** The result of reading a file: the snapshot, or every problem found (with its JSON path). */
export type SnapshotReadResult =
  | { readonly ok: true; readonly snapshot: SavedSnapshot }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Reads and checks a saved snapshot's text; never throws. */
export function readSavedSnapshot(text: string): SnapshotReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const errors = validateSavedSnapshot(value);
  return errors.length === 0 ? { ok: true, snapshot: value as SavedSnapshot } : { ok: false, errors };
}

type Check = (value: unknown, path: string, errors: string[]) => void;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, p, e) => {
  if (typeof v !== 'string') e.push(`${p}: expected a string`);
};
const count: Check = (v, p, e) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) e.push(`${p}: expected an integer >= 0`);
};
const num: Check = (v, p, e) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) e.push(`${p}: expected a number`);
};
const line: Check = (v, p, e) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) e.push(`${p}: expected a line number >= 1`);
};
const countOrNull: Check = (v, p, e) => {
  if (v !== null) count(v, p, e);
};
const oneOf =
  (...allowed: readonly string[]): Check =>
  (v, p, e) => {
    if (typeof v !== 'string' || !allowed.includes(v)) e.push(`${p}: expected one of ${allowed.join(', ')}`);
  };
const optional =
  (check: Check): Check =>
  (v, p, e) => {
    if (v !== undefined) check(v, p, e);
  };
const nullable =
  (check: Check): Check =>
  (v, p, e) => {
    if (v !== null) check(v, p, e);
  };
const list =
  (item: Check): Check =>
  (v, p, e) => {
    if (!Array.isArray(v)) {
      e.push(`${p}: expected a list`);
      return;
    }
    v.forEach((x, i) => item(x, `${p}[${i}]`, e));
  };
const record =
  (fields: Record<string, Check>): Check =>
  (v, p, e) => {
    if (!isObject(v)) {
      e.push(`${p}: expected an object`);
      return;
    }
    for (const [name, check] of Object.entries(fields)) check(v[name], `${p}.${name}`, e);
  };

const NODE_KINDS = ['object', 'module', 'class', 'function', 'frame', 'more'];
const EDGE_KINDS = [
  'attribute',
  'key',
  'index',
  'member',
  'closure',
  'bound',
  'local',
  'global',
  'classattr',
  'weak',
  'other',
];
const location = record({ path: str, line });
const chain = record({
  nodes: list(
    record({ id: str, kind: oneOf(...NODE_KINDS), typeName: str, label: str, source: optional(location) }),
  ),
  edges: list(record({ from: str, to: str, label: str, kind: oneOf(...EDGE_KINDS) })),
});
const suspect = record({
  path: str,
  typeKey: str,
  typeName: str,
  count,
  series: list(count),
  growthPerRepetition: num,
  shallowBytes: count,
  keptObjects: count,
  keptBytes: count,
  reference: record({ name: str, typeName: str, reason: str, lengths: nullable(list(countOrNull)) }),
  sources: list(record({ path: str, line, why: oneOf('allocation', 'adds', 'lru_cache', 'assigned') })),
  chain: nullable(chain),
  suspectEdge: nullable(record({ from: str, to: str, label: str })),
});
const snapshotFile = record({
  savedAt: str,
  origin: record({ pythonVersion: str, label: str }),
  takenAt: num,
  totalObjects: count,
  types: list(record({ key: str, name: str, module: str, count, shallowBytes: count })),
  suspects: list(suspect),
  timeline: list(record({ repetition: count, takenAt: num, totalObjects: count })),
});

/** Every problem of `value` as a saved snapshot (empty: valid), each with its JSON path. */
export function validateSavedSnapshot(value: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(value) || value.format !== SNAPSHOT_FORMAT) {
    return [`$.format: expected "${SNAPSHOT_FORMAT}" (not a Leak Hunter snapshot)`];
  }
  if (value.version !== SNAPSHOT_FORMAT_VERSION) {
    return [
      `$.version: this Leak Hunter reads version ${SNAPSHOT_FORMAT_VERSION}, the file is version ${JSON.stringify(value.version)}`,
    ];
  }
  snapshotFile(value, '$', errors);
  return errors;
}
