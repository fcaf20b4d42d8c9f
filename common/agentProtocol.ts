/**
 * The typed, versioned protocol between the extension host and the Python heap agent
 * (`dist/agent/leak_hunter_agent.py`, built from `extension/backend/python/agent/`) in the debuggee.
 *
 * Transport (see `extension/debug/agentTransport.ts`): the host sends one DAP `evaluate`
 * request without a `frameId` and with `context: 'repl'`, whose expression calls
 * `sys.modules['leak_hunter_agent'].handle(REQUEST_JSON)`. pydevd runs it on its own command
 * thread, so the user's threads, frames and stop state are untouched. The agent never returns a
 * value (a returned value would be echoed into the Debug Console); it raises an exception whose
 * message holds `REPLY_MARKER + reply JSON + REPLY_MARKER`, which comes back in the failed
 * evaluate response's `message`. This works while the program runs or is paused, and over a
 * remote attach, because only the debug protocol is used.
 *
 * Everything in a reply is data from the debuggee: the host treats it as untrusted text.
 */

/** Bumped whenever the request or reply shapes change; a stale agent is replaced. */
export const AGENT_PROTOCOL_VERSION = 1;

/** The name the agent registers itself under in `sys.modules`. */
export const AGENT_MODULE_NAME = 'leak_hunter_agent';

/** Delimits the reply JSON inside the exception message. */
export const REPLY_MARKER = '\u0001LEAK-HUNTER-REPLY\u0001';

/** A request as sent to the agent. */
export interface AgentRequest<M extends AgentMethod = AgentMethod> {
  readonly v: number;
  readonly method: M;
  readonly params: AgentParams[M];
}

/** A reply: either a result or an error the host can explain to the user. */
export type AgentReply<M extends AgentMethod = AgentMethod> =
  | { readonly ok: true; readonly result: AgentResults[M] }
  | { readonly ok: false; readonly error: AgentError };

/** Agent-side failures. `code` is stable, `message` is for the log. */
export interface AgentError {
  readonly code:
    | 'version_mismatch'
    | 'unknown_method'
    | 'bad_params'
    | 'object_not_found'
    | 'no_baseline'
    | 'no_recording'
    | 'internal';
  readonly message: string;
  /** For `version_mismatch`: the version of the agent that is installed. */
  readonly agentVersion?: number;
}

/** How instance labels are made. `safe` never runs user code. */
export interface LabelOptions {
  /** `safe` (default): type, length, short prefix, qualname; `repr`: calls `repr()` with a cap. */
  readonly mode: 'safe' | 'repr';
  /** Maximum label length in characters (longer labels are cut and end with an ellipsis). */
  readonly maxLength: number;
}

/** Identifies one object: its address plus its type key, checked again before use. */
export interface ObjectRef {
  readonly address: number;
  readonly typeKey: string;
}

// ---------------------------------------------------------------- snapshot and growth

/** Per-type statistics of one snapshot. */
export interface TypeStat {
  /** Stable key of the type: `module.qualname`, or the bare name for builtins. */
  readonly key: string;
  /** Short name as objgraph prints it (`type.__name__`). */
  readonly name: string;
  /** `__module__` of the type (`builtins` for builtins). */
  readonly module: string;
  /** Number of gc-tracked instances. */
  readonly count: number;
  /** Sum of `sys.getsizeof` of the instances (shallow bytes). */
  readonly shallowBytes: number;
  /** For `snapshot` with `compareToBaseline`: instances that are not in the baseline. */
  readonly newSinceBaseline?: number;
  /** For `snapshot` with `compareToBaseline`: baseline instances of this type that are gone. */
  readonly freedSinceBaseline?: number;
}

export interface SnapshotParams {
  /**
   * "Collect first": run a full `gc.collect()` before counting, which runs finalizers (`__del__`)
   * and weakref callbacks of the garbage at that moment. Off (the agent's default): nothing is
   * collected; `types` count what a collection would leave and `unreachable` lists what it would
   * free, worked out read-only.
   */
  readonly collect: boolean;
  /** Remember object identities (address + type) as the baseline for new/freed counts. */
  readonly setBaseline: boolean;
  /** Also report new / freed counts per type against the stored baseline. */
  readonly compareToBaseline: boolean;
}

export interface SnapshotResult {
  /** Monotonic number of this snapshot inside the agent. */
  readonly sequence: number;
  /** Seconds since the epoch, as the debuggee sees it. */
  readonly takenAt: number;
  readonly types: readonly TypeStat[];
  /** Total gc-tracked objects counted (noise excluded). */
  readonly totalObjects: number;
  /** Objects excluded as the agent's or the debugger's own. */
  readonly excludedObjects: number;
  /**
   * Dicts left out of `types` because they exist only since something read a running function's
   * variables (the debugger's Variables view; Python up to 3.12 keeps that snapshot on the frame
   * until the function returns). A program run without a debugger has none: tell the user they
   * are not counted when this is above 0.
   */
  readonly localsSnapshots: number;
  /** Objects the program froze with `gc.freeze()`: hidden from the snapshot. */
  readonly frozenObjects: number;
  /**
   * Objects the interpreter itself keeps in gc's permanent generation (CPython 3.12: its built-in
   * types' immortal `__mro__`/`__bases__` tuples, 375 on 3.12.1): never the program's, nothing to
   * tell the user. `frozenObjects + frozenByInterpreter` is `gc.get_freeze_count()`.
   */
  readonly frozenByInterpreter: number;
  /** Whether a baseline exists in the agent (after this call). */
  readonly hasBaseline: boolean;
  /**
   * Per type, the objects a full collection would free (unreachable, cyclic garbage), found
   * without collecting; not included in `types` / `totalObjects`. Empty with `collect`.
   */
  readonly unreachable?: readonly TypeStat[];
  /** Sum of the `unreachable` counts. */
  readonly unreachableObjects?: number;
  /** Time the agent spent, in milliseconds. */
  readonly agentMillis: number;
}

// ---------------------------------------------------------------- instances and source

export interface InstancesParams {
  readonly typeKey: string;
  readonly offset: number;
  readonly limit: number;
  readonly labels: LabelOptions;
}

/** One object as shown in a list or a graph node. */
export interface ObjectSummary extends ObjectRef {
  /** Short type name. */
  readonly typeName: string;
  /** Safe label (never HTML; the host renders it as text). */
  readonly label: string;
  /** `sys.getsizeof`, in bytes. */
  readonly shallowBytes: number;
}

export interface InstancesResult {
  readonly typeKey: string;
  /** Total instances of the type now (may exceed the returned page). */
  readonly total: number;
  readonly instances: readonly ObjectSummary[];
}

/** A place in a source file, as the debuggee sees the path. */
export interface SourceLocation {
  readonly path: string;
  /** 1-based line. */
  readonly line: number;
}

export interface TypeSourceParams {
  readonly typeKey: string;
}

export interface SourceResult {
  /** Absent when the object has no Python source (builtins, C types). */
  readonly location?: SourceLocation;
  /** Why there is no location, for the user. */
  readonly reason?: string;
}

export interface HelloResult {
  readonly agentVersion: number;
  /** `sys.version`. */
  readonly pythonVersion: string;
  /** `sys.implementation.name`. */
  readonly implementation: string;
  readonly pid: number;
  /** As in `SnapshotResult`: objects the program froze with `gc.freeze()`. */
  readonly frozenObjects: number;
  /** As in `SnapshotResult`: the interpreter's own frozen objects. */
  readonly frozenByInterpreter: number;
}

// ---------------------------------------------------------------- graphs (retainers, chain, references)

/** What kind of thing a graph node is; decides its shape and what "open source" does. */
export type NodeKind = 'object' | 'module' | 'class' | 'function' | 'frame' | 'more';

/** How the referrer holds the referent. */
export type EdgeKind =
  | 'attribute' // `.name` (instance `__dict__` merged into its owner)
  | 'key' // `['key']` of a dict
  | 'index' // `[17]` of a list or tuple
  | 'member' // member of a set / frozenset
  | 'closure' // closure cell variable of a function
  | 'bound' // `__self__` / `__func__` of a bound method
  | 'local' // local variable of a frame
  | 'global' // module global
  | 'classattr' // class attribute
  | 'weak' // a weak reference (never followed as a strong one)
  | 'other'; // anything else (type, `__dict__`, internal slots)

/** One node of a graph. Ids are strings unique inside one graph. */
export interface GraphNode extends ObjectSummary {
  readonly id: string;
  readonly kind: NodeKind;
  /** The object the user asked about. */
  readonly isTarget: boolean;
  /** A root: a module, a running frame, or an object of the chosen root type. */
  readonly isRoot: boolean;
  /** Its class defines `__del__`. */
  readonly hasFinalizer: boolean;
  /** It is in `gc.garbage`. */
  readonly inGarbage: boolean;
  /** For `more` nodes: how many referrers (or referents) were collapsed. */
  readonly moreCount?: number;
  /** Where its code is (module file, class line, def line, frame's current line). */
  readonly source?: SourceLocation;
  /** Where it was allocated, when allocation tracking was on. */
  readonly allocatedAt?: SourceLocation;
  /**
   * Bytes only this object keeps alive (its retained size: itself and all it dominates), when
   * retained sizes were computed for the session (Show Biggest Objects); absent otherwise.
   */
  readonly retainedBytes?: number;
}

/** A reference from `from` (the holder) to `to` (the held object). */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** As the user reads it: `.msg_handlers`, `['on_chat']`, `[17]`, `__self__`. */
  readonly label: string;
  readonly kind: EdgeKind;
  /** For attribute edges: the class whose code assigns that attribute, when found. */
  readonly source?: SourceLocation;
}

export interface ObjectGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Id of the target node. */
  readonly targetId: string;
  /** True when `maxNodes` cut the graph. */
  readonly truncated: boolean;
}

export interface GraphLimits {
  readonly maxDepth: number;
  /** Referrers beyond this many collapse into one `more` node (objgraph's `too_many`). */
  readonly tooMany: number;
  readonly maxNodes: number;
  /** Type names (short or module-qualified) not to walk through (objgraph's `extra_ignore`). */
  readonly ignoreTypes: readonly string[];
  /** Show an instance and its `__dict__` as one node (default true). */
  readonly mergeInstanceDicts: boolean;
}

export interface GraphParams {
  readonly target: ObjectRef;
  readonly limits: GraphLimits;
  readonly labels: LabelOptions;
  /** For `expand` of a `more` node: skip this many referrers already shown. */
  readonly offset?: number;
}

/** Where "Why Is This Alive?" may start. */
export type ChainRoot =
  | { readonly kind: 'module' }
  | { readonly kind: 'frame' }
  | { readonly kind: 'type'; readonly typeName: string };

export interface ChainParams {
  readonly target: ObjectRef;
  readonly root: ChainRoot;
  readonly maxDepth: number;
  readonly labels: LabelOptions;
  /** Show an instance and its `__dict__` as one node (the agent's default: false). */
  readonly mergeInstanceDicts?: boolean;
}

export interface ChainResult {
  /** False when no chain from a root exists within `maxDepth`. */
  readonly found: boolean;
  /** The chain only, root first; just the target when not found. */
  readonly graph: ObjectGraph;
}

export interface FindParams {
  /** objgraph `by_type`: short or module-qualified type name. */
  readonly typeName?: string;
  /** objgraph `at`: an address. */
  readonly address?: number;
  readonly limit: number;
  readonly labels: LabelOptions;
}

export interface FindResult {
  readonly total: number;
  readonly objects: readonly ObjectSummary[];
}

export interface ObjectSourceParams {
  readonly target: ObjectRef;
}

export interface ObjectSourceResult extends SourceResult {
  readonly allocatedAt?: SourceLocation;
}

export interface AllocationTrackingParams {
  readonly enable: boolean;
  /** Frames per traceback kept by tracemalloc. */
  readonly frames: number;
}

export interface AllocationTrackingResult {
  /** Whether Leak Hunter's tracing is on after the call. */
  readonly tracking: boolean;
  /** The user's program already traced allocations itself (then Leak Hunter leaves it alone). */
  readonly startedByUser: boolean;
}

// ---------------------------------------------------------------- cycles, garbage, leaking

export interface CyclesParams {
  readonly scope: 'all' | 'sinceBaseline';
  /**
   * Keep the example cycles alive in the agent for drawing, until `releaseKept` (which only drops
   * the agent's references: the program's own next collection frees them). Cycles are found
   * without collecting either way.
   */
  readonly keepAlive: boolean;
  readonly maxGroups: number;
  readonly labels: LabelOptions;
}

/** Cycles of the same shape. */
export interface CycleGroup {
  /** Stable id inside one result. */
  readonly id: string;
  /** `Connection -> dict -> method -> Connection`. */
  readonly signature: string;
  readonly count: number;
  /** Objects per cycle. */
  readonly size: number;
  readonly hasFinalizer: boolean;
  /** The kind of cycle and the usual fix, for the user. */
  readonly hint: string;
  /** One cycle of the group, drawn; present when `keepAlive` was set. */
  readonly example?: ObjectGraph;
}

export interface CyclesResult {
  readonly groups: readonly CycleGroup[];
  readonly totalCycles: number;
  readonly totalObjects: number;
  readonly agentMillis: number;
  /** Of that, the strongly-connected-components pass over the garbage found. */
  readonly sccMillis?: number;
}

export interface TypeGroup {
  readonly typeKey: string;
  readonly typeName: string;
  readonly count: number;
  readonly examples: readonly ObjectSummary[];
}

export interface GroupsResult {
  readonly groups: readonly TypeGroup[];
  readonly total: number;
  /** A note for the user (e.g. PEP 442 for gc.garbage). */
  readonly note?: string;
}

/**
 * `heapGraph`: the whole heap as a compact graph, for retained sizes and the dominator tree
 * (computed by the host). Array fields are base64 of zlib-compressed native-endian words: int64
 * `addresses`, `sizes` (shallow bytes), `refcounts` (sys.getrefcount, `refcountBias` above the
 * object's own references), int32 `types` (index into `typeKeys`), and int64 `edges`: each
 * node's referents' addresses followed by `separator`.
 */
export interface HeapGraphResult {
  readonly format: number;
  readonly byteOrder: 'little' | 'big';
  readonly nodeCount: number;
  /** Nodes the collector tracks; the rest are untracked objects they refer to (str, int, ...). */
  readonly trackedCount: number;
  readonly edgeCount: number;
  readonly refcountBias: number;
  readonly separator: number;
  /** Addresses of the explicit roots: modules and the frames of the program's threads. */
  readonly roots: readonly number[];
  readonly typeKeys: readonly string[];
  /** Indices of nodes whose size is an estimate (a __sizeof__ not called, or that failed). */
  readonly estimated: readonly number[];
  readonly addresses: string;
  readonly types: string;
  readonly sizes: string;
  readonly refcounts: string;
  readonly edges: string;
  /** Where the agent's time went (objects, edges, refcounts, sizes, encode, total). */
  readonly millis: Readonly<Record<string, number>>;
  readonly refused?: undefined;
}

/** `heapGraph` on a heap bigger than `maxObjects`: nothing read, and why. */
export interface HeapGraphRefusal {
  readonly format: number;
  readonly refused: { readonly objects: number; readonly limit: number };
}

/** `heapGraph` params: the most gc-tracked objects it reads (default 5,000,000). */
export interface HeapGraphParams {
  readonly maxObjects?: number;
}

/** Method name -> params (Find Leaks adds its methods in `leakProtocol.ts`). */
export interface AgentParams {
  hello: Record<string, never>;
  snapshot: SnapshotParams;
  instances: InstancesParams;
  typeSource: TypeSourceParams;
  retainers: GraphParams;
  references: GraphParams;
  expand: GraphParams & { readonly direction: 'retainers' | 'references' };
  chain: ChainParams;
  find: FindParams;
  objectSource: ObjectSourceParams;
  allocationTracking: AllocationTrackingParams;
  cycles: CyclesParams;
  releaseKept: Record<string, never>;
  garbage: { readonly labels: LabelOptions; readonly maxGroups: number };
  leaking: { readonly labels: LabelOptions; readonly maxGroups: number };
  heapGraph: HeapGraphParams;
}

/** Method name -> result. */
export interface AgentResults {
  hello: HelloResult;
  snapshot: SnapshotResult;
  instances: InstancesResult;
  typeSource: SourceResult;
  retainers: ObjectGraph;
  references: ObjectGraph;
  expand: ObjectGraph;
  chain: ChainResult;
  find: FindResult;
  objectSource: ObjectSourceResult;
  allocationTracking: AllocationTrackingResult;
  cycles: CyclesResult;
  releaseKept: { readonly released: number };
  garbage: GroupsResult;
  leaking: GroupsResult;
  heapGraph: HeapGraphResult | HeapGraphRefusal;
}

export type AgentMethod = keyof AgentParams & keyof AgentResults;
