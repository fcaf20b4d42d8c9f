/**
 * The runtime seam: what commands and views need from a debugged program's heap, whatever the
 * runtime. The Python backend (`python/`) implements it with the heap agent it runs through
 * debugpy; another runtime (Node.js over the V8 inspector) implements the same interface.
 * Nothing above this file knows which runtime serves a session.
 *
 * Every method rejects with a `LeakHunterError` (`core/failures.ts`) whose failure kind says what
 * went wrong (cancelled, session ended, the helper's error code, transport, unsupported runtime).
 * The data shapes are the ones of `common/agentProtocol.ts`, which any backend produces.
 */
import type {
  AllocationTrackingParams,
  AllocationTrackingResult,
  ChainParams,
  ChainResult,
  CyclesParams,
  CyclesResult,
  FindParams,
  FindResult,
  GraphParams,
  GroupsResult,
  HeapGraphParams,
  HeapGraphRefusal,
  HeapGraphResult,
  InstancesParams,
  InstancesResult,
  LabelOptions,
  ObjectGraph,
  ObjectSourceParams,
  ObjectSourceResult,
  SnapshotParams,
  SnapshotResult,
  SourceResult,
  TypeSourceParams,
} from '../../common/agentProtocol';
import type {
  LeakSnapshotResult,
  LeakStopResult,
  LeakSuspectsParams,
  LeakSuspectsResult,
} from '../../common/leakProtocol';
import type { CancellationLike, RuntimeWords } from '../core/failures';

export type { CancellationLike };

/** Parameters of the "groups of objects" queries (uncollectable, leaking). */
export interface GroupsParams {
  readonly labels: LabelOptions;
  readonly maxGroups: number;
}

/** One debug session's heap, as a runtime's backend reads it. */
export interface HeapBackend {
  /** Counts live objects per type (and, against a baseline, new and freed ones). */
  snapshot(params: SnapshotParams, token?: CancellationLike): Promise<SnapshotResult>;
  /** A page of the live instances of one type. */
  instances(params: InstancesParams, token?: CancellationLike): Promise<InstancesResult>;
  /** Objects by type name or at an address. */
  find(params: FindParams, token?: CancellationLike): Promise<FindResult>;
  /** The shortest chain of references from a root to an object (Why Is This Alive?). */
  chain(params: ChainParams, token?: CancellationLike): Promise<ChainResult>;
  /** What refers to an object, a few levels up. */
  retainers(params: GraphParams, token?: CancellationLike): Promise<ObjectGraph>;
  /** What an object refers to, a few levels down. */
  references(params: GraphParams, token?: CancellationLike): Promise<ObjectGraph>;
  /** One more level of a graph node (or the rest of a "+N more" node). */
  expand(
    params: GraphParams & { readonly direction: 'retainers' | 'references' },
    token?: CancellationLike,
  ): Promise<ObjectGraph>;
  /** Reference cycles only the cycle collector would free, grouped by shape. */
  cycles(params: CyclesParams, token?: CancellationLike): Promise<CyclesResult>;
  /** Lets the program free the cycle examples kept for inspection. */
  releaseKept(token?: CancellationLike): Promise<{ readonly released: number }>;
  /** Objects the collector found but could not free. */
  garbage(params: GroupsParams, token?: CancellationLike): Promise<GroupsResult>;
  /** Objects nothing refers to that are still alive. */
  leaking(params: GroupsParams, token?: CancellationLike): Promise<GroupsResult>;
  /** The whole heap as a compact graph (for retained sizes), or why it was not read. */
  heapGraph(params: HeapGraphParams, token?: CancellationLike): Promise<HeapGraphResult | HeapGraphRefusal>;
  /** Where a type is defined. */
  typeSource(params: TypeSourceParams, token?: CancellationLike): Promise<SourceResult>;
  /** Where an object's code is, and where it was allocated. */
  objectSource(params: ObjectSourceParams, token?: CancellationLike): Promise<ObjectSourceResult>;
  /** Turns allocation tracking on or off. */
  allocationTracking(
    params: AllocationTrackingParams,
    token?: CancellationLike,
  ): Promise<AllocationTrackingResult>;
  /** Find Leaks: starts a recording; this snapshot is its baseline (repetition 0). */
  leakStart(token?: CancellationLike): Promise<LeakSnapshotResult>;
  /** Find Leaks: one snapshot after one more repetition of the suspect action. */
  leakSample(token?: CancellationLike): Promise<LeakSnapshotResult>;
  /** Find Leaks: the suspects after the repetitions so far, biggest first. */
  leakSuspects(params: LeakSuspectsParams, token?: CancellationLike): Promise<LeakSuspectsResult>;
  /** Find Leaks: ends the recording and releases what it kept in the program. */
  leakStop(token?: CancellationLike): Promise<LeakStopResult>;
  /** The session ended: pending and later requests reject with `sessionEnded`. */
  dispose(): void;
}

/** What the registry knows of a debug session before a backend serves it (`vscode.DebugSession` fits). */
export interface DebugSessionLike {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  /** Sends a debug adapter request (`vscode.DebugSession.customRequest`). */
  customRequest(command: string, args?: unknown): PromiseLike<unknown>;
}

/** One runtime Leak Hunter reads: which sessions it serves, and a backend for each. */
export interface HeapBackendProvider {
  /** The runtime's words, for messages about sessions. */
  readonly words: RuntimeWords;
  /** Whether this provider reads `session` (by its debug type). */
  serves(session: Pick<DebugSessionLike, 'type'>): boolean;
  /** A backend for one session it serves. */
  create(session: DebugSessionLike, log: (line: string) => void): HeapBackend;
}
