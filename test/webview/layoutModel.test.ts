/**
 * The pure layout conversion: graph -> ELK input is golden, and elkjs (in node, same options)
 * gives the same coordinates on every run, also golden.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ELK from 'elkjs';
import {
  DEFAULT_TEXT_METRICS,
  displayText,
  ELK_LAYOUT_OPTIONS,
  nodeBox,
  textCells,
  toDrawing,
  toElkGraph,
} from '../../webview/layoutModel';
import { cacheChainGraph, connectionGraph, largeRetainerGraph, node } from './fixtures';
import { assertGolden, goldenJson } from './golden';

test('ELK options are the fixed deterministic ones', () => {
  assert.equal(ELK_LAYOUT_OPTIONS['elk.algorithm'], 'layered');
  assert.equal(ELK_LAYOUT_OPTIONS['elk.direction'], 'DOWN');
  assert.equal(ELK_LAYOUT_OPTIONS['elk.layered.layering.strategy'], 'LONGEST_PATH');
  assert.equal(ELK_LAYOUT_OPTIONS['elk.randomSeed'], '42');
});

test('every ELK option key is one ELK knows (it ignores unknown keys silently)', async () => {
  const known = new Set(
    ((await new ELK().knownLayoutOptions()) as { id: string }[]).map((o) =>
      o.id.replace(/^org\.eclipse\./, ''),
    ),
  );
  for (const key of Object.keys(ELK_LAYOUT_OPTIONS)) assert.ok(known.has(key), `unknown ELK option ${key}`);
});

test('longest-path layering is applied: every node without referents is on the bottom layer', async () => {
  const base = largeRetainerGraph(120);
  // Extra sinks: objects that are held but hold nothing themselves.
  const graph = {
    ...base,
    nodes: [...base.nodes, node('s1', 'int', '1'), node('s2', 'str', "'x'")],
    edges: [
      ...base.edges,
      { from: 'g30', to: 's1', label: '.n', kind: 'attribute' as const },
      { from: 'g90', to: 's2', label: '.s', kind: 'attribute' as const },
    ],
  };
  const drawing = toDrawing(graph, await new ELK().layout(toElkGraph(graph)));
  const holders = new Set(graph.edges.map((e) => e.from));
  const sinks = drawing.nodes.filter((n) => !holders.has(n.id));
  assert.deepEqual(sinks.map((n) => n.id).sort(), ['g0', 's1', 's2']);
  // With the default (network simplex) layering s1 and s2 float up next to their holders.
  const lowest = Math.max(...drawing.nodes.map((n) => n.y));
  assert.deepEqual(
    sinks.map((n) => n.y),
    [lowest, lowest, lowest],
  );
});

test('graph -> ELK input matches the golden file', () => {
  assertGolden('connection.elk-input.json', goldenJson(toElkGraph(connectionGraph(), DEFAULT_TEXT_METRICS)));
  assertGolden('cache-chain.elk-input.json', goldenJson(toElkGraph(cacheChainGraph(), DEFAULT_TEXT_METRICS)));
});

test('elkjs lays the golden input out to the same drawing every time', async () => {
  const graph = connectionGraph();
  const elk = new ELK();
  const first = toDrawing(graph, await elk.layout(toElkGraph(graph)));
  const second = toDrawing(graph, await elk.layout(toElkGraph(graph)));
  assert.deepEqual(second, first);
  const geometry = {
    width: first.width,
    height: first.height,
    nodes: first.nodes.map((n) => ({ id: n.id, x: n.x, y: n.y, width: n.width, height: n.height })),
    edges: first.edges.map((e) => ({
      id: e.id,
      points: e.points,
      label: e.label && { x: e.label.x, y: e.label.y },
    })),
  };
  assertGolden('connection.layout.json', goldenJson(geometry));
});

test('roots are laid out above the target (retainers flow downwards)', async () => {
  const graph = cacheChainGraph();
  const drawing = toDrawing(graph, await new ELK().layout(toElkGraph(graph)));
  const ys = ['n1', 'n2', 'n3', 'n4'].map((id) => drawing.nodes.find((n) => n.id === id)!.y);
  assert.deepEqual(
    [...ys].sort((a, b) => a - b),
    ys,
  );
  for (const edge of drawing.edges) {
    assert.ok(edge.points.length >= 2, `edge ${edge.id} has a route`);
    assert.ok(edge.label, `edge ${edge.id} has a placed label`);
  }
});

test('node text: one line each for type, label, address and size; control characters visible', () => {
  const box = nodeBox(node('n7', 'str', 'line1\nline2\tx\u0007'), DEFAULT_TEXT_METRICS);
  assert.deepEqual(
    box.lines.map((l) => l.text),
    ['str', 'line1\\nline2\\tx\\x07', '0x7f3a5c0001c0 · 56 B'],
  );
  assert.equal(displayText('x'.repeat(100), 10), 'xxxxxxxxx…');
  assert.equal(textCells('漢字ab'), 6);
  // A cut never splits a surrogate pair.
  assert.equal(displayText('😀'.repeat(20), 5), '😀😀😀😀…');
});

test('finalizer and gc.garbage badges make the node taller', () => {
  const plain = nodeBox(node('n1', 'Session', 's'), DEFAULT_TEXT_METRICS);
  const marked = nodeBox(
    node('n1', 'Session', 's', { hasFinalizer: true, inGarbage: true }),
    DEFAULT_TEXT_METRICS,
  );
  assert.deepEqual(
    marked.badges.map((b) => b.text),
    ['__del__', 'gc.garbage'],
  );
  assert.ok(marked.height > plain.height);
});
