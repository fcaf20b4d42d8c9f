// Dominator tree and retained sizes of a heap graph (semi-NCA: Lengauer-Tarjan's semidominators,
// then each immediate dominator as the nearest common ancestor of parent and semidominator).
// Iterative throughout (heaps are deep), typed arrays only.
import type { HeapGraph } from './heapGraph';

/** idom value of a node dominated only by the virtual root (the roots themselves, ...). */
export const SUPER_ROOT = -1;
/** idom value of a node no root reaches (cyclic garbage the collector has not freed yet). */
export const UNREACHABLE = -2;

/** The dominator tree and every node's retained bytes. */
export interface Dominators {
  /** Immediate dominator of each node: a node index, SUPER_ROOT or UNREACHABLE. */
  readonly idom: Int32Array;
  /** Bytes freed if the node went away: its own plus everything it dominates. */
  readonly retained: Float64Array;
  /** Bytes of the objects no root reaches. */
  readonly unreachableBytes: number;
  readonly unreachableCount: number;
  /** Bytes reachable from the roots. */
  readonly reachableBytes: number;
}

/** Computes the dominator tree from a virtual root whose children are the graph's roots. */
export function computeDominators(g: HeapGraph): Dominators {
  const n = g.nodeCount;
  const m = n + 1; // dfs numbers: 0 is the virtual root
  const dfn = new Int32Array(n).fill(-1);
  const vertex = new Int32Array(m); // dfs number -> node (vertex[0] unused)
  const parent = new Int32Array(m); // dfs number -> parent's dfs number
  let count = 1;
  // Depth-first search from the virtual root, preorder numbering.
  const stackNode = new Int32Array(m);
  const stackEdge = new Int32Array(m);
  for (let r = 0; r < n; r++) {
    if (!g.isRoot[r] || dfn[r] >= 0) continue;
    dfn[r] = count;
    vertex[count] = r;
    parent[count] = 0;
    count++;
    let top = 0;
    stackNode[0] = r;
    stackEdge[0] = g.succStart[r];
    while (top >= 0) {
      const v = stackNode[top];
      const e = stackEdge[top];
      if (e < g.succStart[v + 1]) {
        stackEdge[top] = e + 1;
        const w = g.succ[e];
        if (dfn[w] < 0) {
          dfn[w] = count;
          vertex[count] = w;
          parent[count] = dfn[v];
          count++;
          top++;
          stackNode[top] = w;
          stackEdge[top] = g.succStart[w];
        }
      } else {
        top--;
      }
    }
  }
  // Semidominators, by dfs number, with path-compressed eval.
  const semi = new Int32Array(count);
  const label = new Int32Array(count);
  const ancestor = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    semi[i] = i;
    label[i] = i;
  }
  const path = new Int32Array(count);
  const evaluate = (v: number): number => {
    if (ancestor[v] < 0) return v;
    let depth = 0;
    let x = v;
    while (ancestor[ancestor[x]] >= 0) {
      path[depth++] = x;
      x = ancestor[x];
    }
    while (depth > 0) {
      const y = path[--depth];
      const a = ancestor[y];
      if (semi[label[a]] < semi[label[y]]) label[y] = label[a];
      ancestor[y] = ancestor[a];
    }
    return label[v];
  };
  for (let i = count - 1; i >= 1; i--) {
    const w = vertex[i];
    if (g.isRoot[w]) {
      semi[i] = 0; // the virtual root is a predecessor
    } else {
      for (let e = g.predStart[w]; e < g.predStart[w + 1]; e++) {
        const j = dfn[g.pred[e]];
        if (j < 0) continue; // a predecessor no root reaches
        const u = evaluate(j);
        if (semi[u] < semi[i]) semi[i] = semi[u];
      }
    }
    ancestor[i] = parent[i];
  }
  // Immediate dominators: walk up from the parent until at or above the semidominator.
  const idomDfn = new Int32Array(count);
  for (let i = 1; i < count; i++) {
    let d = semi[i] === 0 ? 0 : parent[i]; // a root: straight under the virtual root
    while (d > semi[i]) d = idomDfn[d];
    idomDfn[i] = d;
  }
  const idom = new Int32Array(n).fill(UNREACHABLE);
  const retainedDfn = new Float64Array(count);
  for (let i = 1; i < count; i++) {
    const d = idomDfn[i];
    idom[vertex[i]] = d === 0 ? SUPER_ROOT : vertex[d];
    retainedDfn[i] = g.sizes[vertex[i]];
  }
  for (let i = count - 1; i >= 1; i--) retainedDfn[idomDfn[i]] += retainedDfn[i];
  const retained = new Float64Array(n);
  let unreachableBytes = 0;
  for (let v = 0; v < n; v++) {
    if (dfn[v] >= 0) {
      retained[v] = retainedDfn[dfn[v]];
    } else {
      retained[v] = g.sizes[v];
      unreachableBytes += g.sizes[v];
    }
  }
  return {
    idom,
    retained,
    unreachableBytes,
    unreachableCount: n - (count - 1),
    reachableBytes: retainedDfn[0],
  };
}
