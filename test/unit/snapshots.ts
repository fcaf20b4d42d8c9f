/** Snapshot fixtures for the pure-core unit tests. */
import type { SnapshotResult, TypeStat } from '../../common/agentProtocol';

/** A type's statistics; `key` is `module.Name` or a bare builtin name. 56 bytes an instance. */
export function stat(key: string, count: number, extra: Partial<TypeStat> = {}): TypeStat {
  const dot = key.lastIndexOf('.');
  return {
    key,
    name: dot < 0 ? key : key.slice(dot + 1),
    module: dot < 0 ? 'builtins' : key.slice(0, dot),
    count,
    shallowBytes: count * 56,
    ...extra,
  };
}

/** A snapshot holding `types`. */
export function snapshot(sequence: number, types: TypeStat[]): SnapshotResult {
  return {
    sequence,
    takenAt: 0,
    types,
    totalObjects: types.reduce((s, t) => s + t.count, 0),
    excludedObjects: 0,
    localsSnapshots: 0,
    frozenObjects: 0,
    frozenByInterpreter: 0,
    hasBaseline: false,
    agentMillis: 1,
  };
}
