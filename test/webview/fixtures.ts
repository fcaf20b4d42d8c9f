/**
 * Graphs for the webview tests and the layout bench: the seed article's `_cache` chain, an XSS
 * attempt, a graph with every mark, and deterministic large retainer graphs.
 */
import type { GraphEdge, GraphLimits, GraphNode, ObjectGraph } from '../../common/agentProtocol';

/** Limits as the host would send them by default. */
export const DEFAULT_LIMITS: GraphLimits = {
  maxDepth: 5,
  tooMany: 10,
  maxNodes: 2000,
  ignoreTypes: [],
  mergeInstanceDicts: true,
};

/** Where the sample program lives, as the debuggee sees it. */
export const SAMPLE_PATH = '/home/dev/app/cache_leak.py';

/** A plain object node; override what matters. */
export function node(id: string, typeName: string, label: string, extra: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    kind: 'object',
    address: 0x7f3a5c000000 + Number.parseInt(id.replace(/\D/g, '') || '0', 10) * 0x40,
    typeKey: typeName,
    typeName,
    label,
    shallowBytes: 56,
    isTarget: false,
    isRoot: false,
    hasFinalizer: false,
    inGarbage: false,
    ...extra,
  };
}

/** The seed article's leak: module `__main__` -> dict -> list `_cache` -> OBJ. */
export function cacheChainGraph(): ObjectGraph {
  return {
    nodes: [
      node('n1', 'module', '__main__', {
        kind: 'module',
        typeKey: 'module',
        isRoot: true,
        shallowBytes: 72,
        source: { path: SAMPLE_PATH, line: 1 },
      }),
      node('n2', 'dict', 'dict of __main__ (12 items)', { typeKey: 'dict', shallowBytes: 1176 }),
      node('n3', 'list', 'list (17 items)', {
        typeKey: 'list',
        shallowBytes: 216,
        source: { path: SAMPLE_PATH, line: 4 },
      }),
      node('n4', 'OBJ', '<__main__.OBJ object>', {
        typeKey: '__main__.OBJ',
        isTarget: true,
        source: { path: SAMPLE_PATH, line: 7 },
      }),
    ],
    edges: [
      { from: 'n1', to: 'n2', label: '__dict__', kind: 'other' },
      { from: 'n2', to: 'n3', label: "['_cache']", kind: 'key' },
      { from: 'n3', to: 'n4', label: '[17]', kind: 'index' },
    ],
    targetId: 'n4',
    truncated: false,
  };
}

/** Labels that would run script if they were ever parsed as HTML. */
export const XSS_LABELS = [
  '<img src=x onerror="window.__xssFired=true;alert(1)">',
  '</script><script>window.__xssFired=true;alert(2)</script>',
] as const;

/** A chain whose labels, type names and edge labels are HTML/script injection attempts. */
export function xssGraph(): ObjectGraph {
  return {
    nodes: [
      node('x1', 'module', XSS_LABELS[1], { kind: 'module', isRoot: true }),
      node('x2', '<b onmouseover=alert(3)>dict</b>', XSS_LABELS[0]),
      node('x3', 'Evil', XSS_LABELS[1], { isTarget: true }),
    ],
    edges: [
      { from: 'x1', to: 'x2', label: XSS_LABELS[0], kind: 'key' },
      { from: 'x2', to: 'x3', label: '"><svg onload=alert(4)>', kind: 'attribute' },
    ],
    targetId: 'x3',
    truncated: false,
  };
}

/**
 * The seed article's Connection example with every mark the panel draws: a module root, the
 * target Connection with `__del__` held by its own bound method through `__self__` (a cycle),
 * a weak reference, a gc.garbage member, an attribute edge with a source, and a "+N more" node.
 */
export function connectionGraph(): ObjectGraph {
  return {
    nodes: [
      node('c1', 'module', 'server', {
        kind: 'module',
        isRoot: true,
        source: { path: '/home/dev/app/server.py', line: 1 },
      }),
      node('c2', 'ConnectionManager', '<server.ConnectionManager>', {
        source: { path: '/home/dev/app/server.py', line: 10 },
      }),
      node('c3', 'list', 'list (200 items)', { shallowBytes: 1656 }),
      node('c4', 'Connection', '<server.Connection #17>', {
        isTarget: true,
        hasFinalizer: true,
        source: { path: '/home/dev/app/server.py', line: 24 },
        allocatedAt: { path: '/home/dev/app/server.py', line: 52 },
      }),
      node('c5', 'dict', 'dict (2 items)', { shallowBytes: 232 }),
      node('c6', 'method', 'Connection.on_chat', {
        kind: 'function',
        source: { path: '/home/dev/app/server.py', line: 31 },
      }),
      node('c7', 'method', 'Connection.on_login', {
        kind: 'function',
        source: { path: '/home/dev/app/server.py', line: 35 },
      }),
      node('c8', 'weakref', '<weakref to Connection>', { shallowBytes: 80 }),
      node('c9', 'Session', '<server.Session>', { inGarbage: true, hasFinalizer: true }),
      node('c10', '', '', { kind: 'more', moreCount: 37, typeKey: '' }),
    ],
    edges: [
      { from: 'c1', to: 'c2', label: '.manager', kind: 'global' },
      {
        from: 'c2',
        to: 'c3',
        label: '.connections',
        kind: 'attribute',
        source: { path: '/home/dev/app/server.py', line: 12 },
      },
      { from: 'c3', to: 'c4', label: '[17]', kind: 'index' },
      {
        from: 'c4',
        to: 'c5',
        label: '.msg_handlers',
        kind: 'attribute',
        source: { path: '/home/dev/app/server.py', line: 27 },
      },
      { from: 'c5', to: 'c6', label: "['on_chat']", kind: 'key' },
      { from: 'c5', to: 'c7', label: "['on_login']", kind: 'key' },
      { from: 'c6', to: 'c4', label: '__self__', kind: 'bound' },
      { from: 'c7', to: 'c4', label: '__self__', kind: 'bound' },
      { from: 'c8', to: 'c4', label: 'weakref', kind: 'weak' },
      { from: 'c9', to: 'c4', label: '.conn', kind: 'attribute' },
      { from: 'c10', to: 'c3', label: '', kind: 'other' },
    ],
    targetId: 'c4',
    truncated: false,
  };
}

/** A small deterministic PRNG (mulberry32), so big graphs are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A retainer graph of `size` nodes shaped like `show_backrefs` output: node 0 is the target, the
 * others sit in 8 depth layers that widen upwards; each node holds one or two nodes of the layer
 * below (a few hold one two layers below), and a third of the top layer are modules (roots).
 */
export function largeRetainerGraph(size: number, seed = 7): ObjectGraph {
  const random = seededRandom(seed);
  const types = ['dict', 'list', 'tuple', 'Connection', 'Session', 'function', 'cell', 'method'];
  const layerWeights = [3, 8, 20, 45, 80, 120, 160, 200];
  const totalWeight = layerWeights.reduce((a, b) => a + b, 0);
  const layers: number[][] = [[0]];
  let next = 1;
  for (let k = 0; k < layerWeights.length && next < size; k++) {
    const count =
      k === layerWeights.length - 1
        ? size - next
        : Math.max(1, Math.round(((size - 1) * layerWeights[k]) / totalWeight));
    layers.push(Array.from({ length: Math.min(count, size - next) }, (_, i) => next + i));
    next += count;
  }
  const topLayer = layers.length - 1;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  layers.forEach((layer, depth) => {
    for (const i of layer) {
      const isModule = depth === topLayer && depth > 0 && random() < 0.33;
      const typeName = isModule ? 'module' : types[Math.floor(random() * types.length)];
      nodes.push(
        node(`g${i}`, typeName, isModule ? `pkg.mod${i}` : `${typeName} #${i}`, {
          kind: isModule ? 'module' : 'object',
          isRoot: isModule,
          isTarget: i === 0,
          hasFinalizer: !isModule && random() < 0.03,
          source: random() < 0.5 ? { path: `/home/dev/app/m${i % 13}.py`, line: 1 + (i % 97) } : undefined,
        }),
      );
      if (depth === 0) continue;
      const below = layers[depth - 1];
      edges.push(edgeBetween(i, below[Math.floor(random() * below.length)], random));
      if (random() < 0.4) edges.push(edgeBetween(i, below[Math.floor(random() * below.length)], random));
      if (depth >= 2 && random() < 0.05) {
        const further = layers[depth - 2];
        edges.push(edgeBetween(i, further[Math.floor(random() * further.length)], random));
      }
    }
  });
  return { nodes, edges, targetId: 'g0', truncated: false };
}

function edgeBetween(from: number, to: number, random: () => number): GraphEdge {
  const pick = random();
  if (pick < 0.35)
    return { from: `g${from}`, to: `g${to}`, label: `[${Math.floor(random() * 50)}]`, kind: 'index' };
  if (pick < 0.7) return { from: `g${from}`, to: `g${to}`, label: `.attr_${to % 17}`, kind: 'attribute' };
  if (pick < 0.95) return { from: `g${from}`, to: `g${to}`, label: `['k${to % 23}']`, kind: 'key' };
  return { from: `g${from}`, to: `g${to}`, label: 'weakref', kind: 'weak' };
}
