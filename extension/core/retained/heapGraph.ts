// The heap graph the agent sends (`heapGraph`), decoded into typed arrays: nodes with address,
// type, shallow bytes and reference count; edges in both directions; the roots. Pure (node:zlib
// only), so it runs in a worker thread and in unit tests alike.
import { inflateSync } from 'node:zlib';
import type { HeapGraphResult } from '../../../common/agentProtocol';

/** A decoded heap graph. Node i's out-edges are succ[succStart[i] .. succStart[i+1]). */
export interface HeapGraph {
  readonly nodeCount: number;
  /** Addresses as numbers (CPython addresses are below 2^53). */
  readonly addresses: Float64Array;
  readonly typeCodes: Int32Array;
  readonly typeKeys: readonly string[];
  readonly sizes: Float64Array;
  readonly estimated: Uint8Array;
  readonly succStart: Int32Array;
  readonly succ: Int32Array;
  readonly predStart: Int32Array;
  readonly pred: Int32Array;
  /** 1 for a root: a module, a thread's frame, or an object held from outside the graph. */
  readonly isRoot: Uint8Array;
  /** Index of a node by address (-1 if absent). */
  indexOf(address: number): number;
}

const TWO32 = 4294967296;

/** base64(zlib(bytes)) -> the bytes, copied into a fresh ArrayBuffer (aligned for typed views). */
function unpack(text: string): ArrayBuffer {
  const raw = inflateSync(Buffer.from(text, 'base64'));
  const out = new ArrayBuffer(raw.byteLength);
  new Uint8Array(out).set(raw);
  return out;
}

/** int64 little-endian words -> numbers (exact below 2^53; larger counts saturate upward). */
function int64s(buffer: ArrayBuffer): Float64Array {
  const words = new Uint32Array(buffer);
  const out = new Float64Array(words.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = words[2 * i + 1] * TWO32 + words[2 * i];
  return out;
}

/** An open-addressing hash map from address to node index. */
class AddressIndex {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(addresses: Float64Array) {
    let capacity = 1024;
    while (capacity < addresses.length * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let i = 0; i < addresses.length; i++) this.insert(addresses[i], i);
  }

  private slot(address: number): number {
    const lo = (address % TWO32) >>> 0;
    const hi = (address / TWO32) >>> 0;
    return Math.imul((lo >>> 4) ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) & this.mask;
  }

  private insert(address: number, index: number): void {
    let s = this.slot(address);
    while (this.values[s] !== -1 && this.keys[s] !== address) s = (s + 1) & this.mask;
    this.keys[s] = address;
    this.values[s] = index;
  }

  get(address: number): number {
    let s = this.slot(address);
    while (this.values[s] !== -1) {
      if (this.keys[s] === address) return this.values[s];
      s = (s + 1) & this.mask;
    }
    return -1;
  }
}

/** Decodes the agent's reply into a HeapGraph; throws on a format it does not know. */
export function decodeHeapGraph(reply: HeapGraphResult): HeapGraph {
  if (reply.format !== 1) throw new Error(`unknown heap graph format ${reply.format}`);
  if (reply.byteOrder !== 'little') throw new Error('big-endian debuggees are not supported');
  const n = reply.nodeCount;
  const addresses = int64s(unpack(reply.addresses));
  const typeCodes = new Int32Array(unpack(reply.types));
  const sizes = int64s(unpack(reply.sizes));
  const refcounts = int64s(unpack(reply.refcounts));
  const rawEdges = int64s(unpack(reply.edges));
  if (addresses.length !== n || typeCodes.length !== n || sizes.length !== n || refcounts.length !== n) {
    throw new Error('heap graph arrays disagree on the node count');
  }
  const index = new AddressIndex(addresses);
  // Map edge targets to node indices: -2 ends a node's edges, -1 is an object outside the graph
  // (the debugger's, the agent's, a static object).
  const targets = new Int32Array(rawEdges.length);
  const succStart = new Int32Array(n + 1);
  const indegree = new Int32Array(n);
  let node = 0;
  let kept = 0;
  for (let e = 0; e < rawEdges.length; e++) {
    const a = rawEdges[e];
    if (a === reply.separator) {
      targets[e] = -2;
      node++;
      if (node <= n) succStart[node] = kept;
      continue;
    }
    const t = index.get(a);
    targets[e] = t;
    if (t >= 0) {
      kept++;
      indegree[t]++;
    }
  }
  if (node !== n) throw new Error(`heap graph edges cover ${node} nodes, expected ${n}`);
  const succ = new Int32Array(kept);
  let k = 0;
  for (let e = 0; e < targets.length; e++) if (targets[e] >= 0) succ[k++] = targets[e];
  const predStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) predStart[i + 1] = predStart[i] + indegree[i];
  const fill = predStart.slice(0, n);
  const pred = new Int32Array(kept);
  for (let i = 0; i < n; i++) {
    for (let e = succStart[i]; e < succStart[i + 1]; e++) pred[fill[succ[e]]++] = i;
  }
  // A node with more references than the graph shows is held from outside it (C code, a running
  // frame's locals, the debugger): a root.
  const isRoot = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (refcounts[i] - reply.refcountBias > indegree[i]) isRoot[i] = 1;
  }
  for (const a of reply.roots) {
    const i = index.get(a);
    if (i >= 0) isRoot[i] = 1;
  }
  const estimated = new Uint8Array(n);
  for (const i of reply.estimated) if (i >= 0 && i < n) estimated[i] = 1;
  return {
    nodeCount: n,
    addresses,
    typeCodes,
    typeKeys: reply.typeKeys,
    sizes,
    estimated,
    succStart,
    succ,
    predStart,
    pred,
    isRoot,
    indexOf: (address) => index.get(address),
  };
}
