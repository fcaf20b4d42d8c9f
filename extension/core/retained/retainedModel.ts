// What the user reads from a computed dominator tree: the objects that alone keep the most bytes
// alive (the dominator tree's children, biggest first) and per-type totals. Pure.
import { SUPER_ROOT, type Dominators } from './dominators';
import type { HeapGraph } from './heapGraph';

/** One object of the dominator tree, as the views show it. */
export interface DominatorEntry {
  /** Node index in the graph (for expanding it). */
  readonly index: number;
  readonly address: number;
  readonly typeKey: string;
  readonly shallowBytes: number;
  readonly retainedBytes: number;
  /** How many objects it dominates directly (children in the dominator tree). */
  readonly childCount: number;
  /** Its size is an estimate (a __sizeof__ that was not called or failed). */
  readonly estimated: boolean;
}

/** Per type: instances, their shallow bytes, and the bytes they keep alive. */
export interface TypeRetained {
  readonly typeKey: string;
  readonly count: number;
  readonly shallowBytes: number;
  /**
   * Bytes freed if every instance went away, counting each instance no other instance of the
   * type dominates. A lower bound: what only several instances together keep (a diamond below
   * two of them) is not in it.
   */
  readonly retainedBytes: number;
}

/** The dominator tree as children lists: children of the virtual root under index n. */
export class DominatorTree {
  private readonly start: Int32Array;
  private readonly children: Int32Array;

  constructor(
    readonly graph: HeapGraph,
    readonly dominators: Dominators,
  ) {
    const n = graph.nodeCount;
    const count = new Int32Array(n + 2);
    const parentOf = (v: number) => {
      const d = dominators.idom[v];
      return d === SUPER_ROOT ? n : d;
    };
    for (let v = 0; v < n; v++) if (dominators.idom[v] >= SUPER_ROOT) count[parentOf(v) + 1]++;
    for (let i = 0; i <= n; i++) count[i + 1] += count[i];
    this.start = count.slice(0, n + 2);
    this.children = new Int32Array(count[n + 1]);
    const fill = count.slice(0, n + 1);
    for (let v = 0; v < n; v++) if (dominators.idom[v] >= SUPER_ROOT) this.children[fill[parentOf(v)]++] = v;
  }

  /** Objects `parent` dominates directly (the roots' level for SUPER_ROOT), biggest first. */
  dominated(parent: number, limit: number): DominatorEntry[] {
    const p = parent === SUPER_ROOT ? this.graph.nodeCount : parent;
    const kids = Array.from(this.children.subarray(this.start[p], this.start[p + 1]));
    const retained = this.dominators.retained;
    kids.sort((a, b) => retained[b] - retained[a] || a - b);
    return kids.slice(0, limit).map((i) => this.entry(i));
  }

  /** How many objects `parent` dominates directly. */
  childCount(parent: number): number {
    const p = parent === SUPER_ROOT ? this.graph.nodeCount : parent;
    return this.start[p + 1] - this.start[p];
  }

  /** The entry of node `index`. */
  entry(index: number): DominatorEntry {
    const g = this.graph;
    return {
      index,
      address: g.addresses[index],
      typeKey: g.typeKeys[g.typeCodes[index]],
      shallowBytes: g.sizes[index],
      retainedBytes: this.dominators.retained[index],
      childCount: this.childCount(index),
      estimated: g.estimated[index] === 1,
    };
  }

  /** Per-type count, shallow and retained bytes (see TypeRetained), biggest retained first. */
  typeTotals(): TypeRetained[] {
    const g = this.graph;
    const types = g.typeKeys.length;
    const count = new Float64Array(types);
    const shallow = new Float64Array(types);
    const retained = new Float64Array(types);
    const onPath = new Int32Array(types); // instances of each type on the current tree path
    // Depth-first over the dominator tree: an instance counts when no ancestor has its type.
    const n = g.nodeCount;
    const stack: number[] = [n];
    const exit: boolean[] = [false];
    while (stack.length > 0) {
      const v = stack.pop()!;
      const leaving = exit.pop()!;
      const t = v < n ? g.typeCodes[v] : -1;
      if (leaving) {
        if (t >= 0) onPath[t]--;
        continue;
      }
      if (t >= 0) {
        if (onPath[t] === 0) retained[t] += this.dominators.retained[v];
        onPath[t]++;
        stack.push(v);
        exit.push(true);
      }
      for (let e = this.start[v]; e < this.start[v + 1]; e++) {
        stack.push(this.children[e]);
        exit.push(false);
      }
    }
    for (let v = 0; v < n; v++) {
      const t = g.typeCodes[v];
      count[t]++;
      shallow[t] += g.sizes[v];
      if (this.dominators.idom[v] < SUPER_ROOT) retained[t] += g.sizes[v]; // unreachable: itself
    }
    const out: TypeRetained[] = [];
    for (let t = 0; t < types; t++) {
      if (count[t] > 0) {
        out.push({
          typeKey: g.typeKeys[t],
          count: count[t],
          shallowBytes: shallow[t],
          retainedBytes: retained[t],
        });
      }
    }
    return out.sort((a, b) => b.retainedBytes - a.retainedBytes || a.typeKey.localeCompare(b.typeKey));
  }
}
