/** Pure graph operations: bounding big graphs, merging expansions, expand requests. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  boundGraph,
  CLIENT_MORE_PREFIX,
  CLIENT_NODE_BOUND,
  expandRequestFor,
  mergeGraphs,
} from '../../webview/graphModel';
import { formatAddress, formatBytes } from '../../common/format';
import { cacheChainGraph, connectionGraph, largeRetainerGraph, node } from './fixtures';

test('addresses and sizes read like objgraph', () => {
  assert.equal(formatAddress(0x7f3a5c000100), '0x7f3a5c000100');
  assert.equal(formatBytes(56), '56 B');
  assert.equal(formatBytes(1656), '1.6 KiB');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MiB');
});

test('a small graph is not bounded', () => {
  const graph = cacheChainGraph();
  const bounded = boundGraph(graph, CLIENT_NODE_BOUND);
  assert.equal(bounded.graph, graph);
  assert.equal(bounded.hiddenCount, 0);
});

test('a 2,000-node graph is bounded, nearest nodes kept, the rest in "+N more" nodes', () => {
  const graph = largeRetainerGraph(2000);
  const bounded = boundGraph(graph, CLIENT_NODE_BOUND);
  const nodes = bounded.graph.nodes;
  assert.ok(nodes.length <= CLIENT_NODE_BOUND, `${nodes.length} nodes drawn`);
  const more = nodes.filter((n) => n.id.startsWith(CLIENT_MORE_PREFIX));
  assert.ok(more.length > 0);
  // Every hidden node is counted exactly once.
  const hiddenTotal = more.reduce((sum, n) => sum + (n.moreCount ?? 0), 0);
  assert.equal(hiddenTotal, bounded.hiddenCount);
  assert.equal(nodes.length - more.length + bounded.hiddenCount, graph.nodes.length);
  // The target and its direct referrers stay.
  assert.ok(nodes.some((n) => n.id === 'g0'));
  for (const e of graph.edges.filter((e) => e.to === 'g0')) assert.ok(nodes.some((n) => n.id === e.from));
  // Every edge joins two drawn nodes; "+N more" nodes hang above their anchor (they hold it).
  const ids = new Set(nodes.map((n) => n.id));
  for (const e of bounded.graph.edges) assert.ok(ids.has(e.from) && ids.has(e.to));
  for (const m of more) assert.ok(bounded.graph.edges.some((e) => e.from === m.id));
  // Deterministic.
  assert.deepEqual(boundGraph(graph, CLIENT_NODE_BOUND).graph, bounded.graph);
});

test('revealing collapsed nodes keeps them drawn', () => {
  const graph = largeRetainerGraph(1000);
  const first = boundGraph(graph, CLIENT_NODE_BOUND);
  const [moreId, members] = [...first.collapsed.entries()][0];
  const revealed = new Set(members.slice(0, 5));
  const second = boundGraph(graph, CLIENT_NODE_BOUND, revealed);
  for (const id of revealed)
    assert.ok(
      second.graph.nodes.some((n) => n.id === id),
      `${id} revealed`,
    );
  assert.ok(second.hiddenCount < first.hiddenCount);
  assert.ok(moreId.startsWith(CLIENT_MORE_PREFIX));
});

test('merging an expansion replaces the "more" node and de-duplicates', () => {
  const graph = connectionGraph();
  const incoming = {
    nodes: [graph.nodes[2], node('c20', 'Connection', '<server.Connection #18>')],
    edges: [{ from: 'c20', to: 'c3', label: '[18]', kind: 'index' as const }, graph.edges[2]],
    targetId: 'c3',
    truncated: false,
  };
  const merged = mergeGraphs(graph, incoming, 'c10');
  assert.ok(!merged.nodes.some((n) => n.id === 'c10'));
  assert.ok(!merged.edges.some((e) => e.from === 'c10' || e.to === 'c10'));
  assert.equal(merged.nodes.filter((n) => n.id === 'c3').length, 1);
  assert.ok(merged.nodes.some((n) => n.id === 'c20'));
  assert.equal(merged.edges.length, graph.edges.length - 1 + 1);
  assert.equal(merged.targetId, 'c4');
});

test('an agent "more" node expands the object it hangs off, after the referrers shown', () => {
  const graph = connectionGraph();
  const c3 = graph.nodes.find((n) => n.id === 'c3')!;
  assert.deepEqual(expandRequestFor(graph, 'c10'), {
    target: { address: c3.address, typeKey: c3.typeKey },
    offset: 1,
  });
  const c4 = graph.nodes.find((n) => n.id === 'c4')!;
  assert.deepEqual(expandRequestFor(graph, 'c4'), {
    target: { address: c4.address, typeKey: c4.typeKey },
    offset: 0,
  });
  assert.equal(expandRequestFor(graph, 'nope'), undefined);
});
