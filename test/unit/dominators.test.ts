// The dominator computation against brute force on random graphs: for every node, its retained
// bytes equal the bytes that no root reaches once it is removed.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import type { HeapGraphResult } from '../../common/agentProtocol';
import { computeDominators, SUPER_ROOT, UNREACHABLE } from '../../extension/core/retained/dominators';
import { decodeHeapGraph } from '../../extension/core/retained/heapGraph';
import { DominatorTree } from '../../extension/core/retained/retainedModel';

/** A small deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pack64(values: number[]): string {
  const words = new Uint32Array(values.length * 2);
  values.forEach((v, i) => {
    words[2 * i] = v % 4294967296;
    words[2 * i + 1] = Math.floor(v / 4294967296);
  });
  return deflateSync(Buffer.from(words.buffer)).toString('base64');
}

interface Spec {
  readonly sizes: number[];
  readonly succ: number[][];
  readonly explicitRoots: number[];
  /** References beyond the graph's edges (held from outside). */
  readonly extraRefs: number[];
  /** Type code of each node (index into ['A', 'B']); all 'A' when absent. */
  readonly types?: number[];
}

/** The agent's reply for a graph: node i lives at address 0x7f0000001000 + 16 i. */
function reply(spec: Spec): HeapGraphResult {
  const n = spec.sizes.length;
  const address = (i: number) => 0x7f0000001000 + 16 * i;
  const separator = 0x10;
  const indegree = new Array<number>(n).fill(0);
  for (const out of spec.succ) for (const t of out) indegree[t]++;
  // every node also refers to an object outside the graph, which must be ignored
  const fixed: number[] = [];
  spec.succ.forEach((out) => fixed.push(...out.map(address), 0x20, separator));
  const bias = 2;
  return {
    format: 1,
    byteOrder: 'little',
    nodeCount: n,
    trackedCount: n,
    edgeCount: fixed.length - n,
    refcountBias: bias,
    separator,
    roots: spec.explicitRoots.map(address),
    typeKeys: ['A', 'B'],
    estimated: [],
    addresses: pack64(spec.sizes.map((_, i) => address(i))),
    types: deflateSync(
      Buffer.from(Int32Array.from(spec.types ?? new Array<number>(n).fill(0)).buffer),
    ).toString('base64'),
    sizes: pack64(spec.sizes),
    refcounts: pack64(indegree.map((d, i) => d + bias + spec.extraRefs[i])),
    edges: pack64(fixed),
    millis: {},
  };
}

function bruteForce(spec: Spec): number[] {
  const n = spec.sizes.length;
  const indegree = new Array<number>(n).fill(0);
  for (const out of spec.succ) for (const t of out) indegree[t]++;
  const roots = [...Array(n).keys()].filter((i) => spec.explicitRoots.includes(i) || spec.extraRefs[i] > 0);
  const reach = (removed: number): Set<number> => {
    const seen = new Set<number>();
    const stack = roots.filter((r) => r !== removed);
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      for (const w of spec.succ[v]) if (w !== removed && !seen.has(w)) stack.push(w);
    }
    return seen;
  };
  const all = reach(-1);
  return spec.sizes.map((size, x) => {
    if (!all.has(x)) return size;
    const left = reach(x);
    let gone = 0;
    for (const v of all) if (!left.has(v)) gone += spec.sizes[v];
    return gone;
  });
}

function randomSpec(seed: number, n: number, edgesPerNode: number): Spec {
  const rnd = random(seed);
  const succ = [...Array(n)].map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rnd() * (edgesPerNode * 2 + 1));
    for (let j = 0; j < k; j++) succ[i].push(Math.floor(rnd() * n));
  }
  return {
    sizes: [...Array(n)].map(() => 16 + Math.floor(rnd() * 1000)),
    succ,
    explicitRoots: [...Array(Math.max(1, Math.floor(n / 20)))].map(() => Math.floor(rnd() * n)),
    extraRefs: [...Array(n)].map(() => (rnd() < 0.03 ? 1 : 0)),
  };
}

describe('computeDominators', () => {
  it('matches brute force on 300 random graphs (cycles, self-loops, duplicate edges, garbage)', () => {
    let checked = 0;
    let unreachable = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const spec = randomSpec(seed, 5 + (seed % 60), seed % 3 === 0 ? 0.8 : 1.6);
      const g = decodeHeapGraph(reply(spec));
      const d = computeDominators(g);
      const expected = bruteForce(spec);
      for (let i = 0; i < spec.sizes.length; i++) {
        assert.equal(d.retained[i], expected[i], `seed ${seed}, node ${i}`);
        if (d.idom[i] === UNREACHABLE) unreachable++;
        checked++;
      }
    }
    assert.ok(checked > 9000 && unreachable > 100, `checked ${checked}, unreachable ${unreachable}`);
  });

  it('builds a known tree: chain, diamond, cycle, a root held from outside', () => {
    // 0 root -> 1 -> 2 -> 3 (chain); 0 -> 4, 0 -> 5, 4 -> 6, 5 -> 6 (diamond); 6 <-> 7 (cycle);
    // 8 is held from outside and refers to 3; 9 is garbage referring to 1.
    const spec: Spec = {
      sizes: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      succ: [[1, 4, 5], [2], [3], [], [6], [6], [7], [6], [3], [1]],
      explicitRoots: [0],
      extraRefs: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
    };
    const g = decodeHeapGraph(reply(spec));
    const d = computeDominators(g);
    assert.deepEqual([...d.idom], [SUPER_ROOT, 0, 1, SUPER_ROOT, 0, 0, 0, 6, SUPER_ROOT, UNREACHABLE]);
    assert.deepEqual([...d.retained], [1 + 2 + 4 + 16 + 32 + 64 + 128, 6, 4, 8, 16, 32, 192, 128, 256, 512]);
    assert.equal(d.unreachableBytes, 512);
    assert.equal(d.reachableBytes, 1023 - 512);
  });

  it('lists the biggest first and totals per type, counting nested instances once', () => {
    // 0 (A) -> 1 (B) -> 2 (A) -> 3 (B); 0 -> 4 (B); 5 (A) is garbage
    const spec: Spec = {
      sizes: [1, 10, 100, 1000, 5, 7],
      succ: [[1, 4], [2], [3], [], [], []],
      explicitRoots: [0],
      extraRefs: [0, 0, 0, 0, 0, 0],
      types: [0, 1, 0, 1, 1, 0],
    };
    const g = decodeHeapGraph(reply(spec));
    const tree = new DominatorTree(g, computeDominators(g));
    assert.deepEqual(
      tree.dominated(SUPER_ROOT, 10).map((e) => [e.index, e.retainedBytes, e.childCount]),
      [[0, 1116, 2]],
    );
    assert.deepEqual(
      tree.dominated(0, 10).map((e) => [e.index, e.typeKey, e.shallowBytes, e.retainedBytes]),
      [
        [1, 'B', 10, 1110],
        [4, 'B', 5, 5],
      ],
    );
    assert.deepEqual(tree.typeTotals(), [
      { typeKey: 'A', count: 3, shallowBytes: 108, retainedBytes: 1116 + 7 },
      { typeKey: 'B', count: 3, shallowBytes: 1015, retainedBytes: 1110 + 5 },
    ]);
  });
});
