/** DOT and SVG export: golden text, and untrusted labels escaped for each format. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ELK from 'elkjs';
import { drawingToSvg, escapeDotString, escapeXml, graphToDot } from '../../webview/exportFormats';
import { toDrawing, toElkGraph } from '../../webview/layoutModel';
import { cacheChainGraph, connectionGraph, xssGraph } from './fixtures';
import { assertGolden } from './golden';

test('DOT export of the _cache chain matches the golden file', () => {
  assertGolden('cache-chain.dot', graphToDot(cacheChainGraph(), 'Why is OBJ alive?'));
  assertGolden('connection.dot', graphToDot(connectionGraph()));
});

test('DOT strings escape quotes, backslashes, newlines and control characters', () => {
  assert.equal(escapeDotString('a"b'), 'a\\"b');
  assert.equal(escapeDotString('C:\\x\\N'), 'C:\\\\x\\\\N');
  assert.equal(escapeDotString('1\n2'), '1\\n2');
  assert.equal(escapeDotString('\u0007'), '\\\\x07');
  const dot = graphToDot(xssGraph());
  // Every quoted string is closed where it should be: no line has an odd number of bare quotes.
  for (const line of dot.split('\n')) {
    const bareQuotes = line.replace(/\\\\/g, '').replace(/\\"/g, '').match(/"/g)?.length ?? 0;
    assert.equal(bareQuotes % 2, 0, line);
  }
});

test('SVG export escapes labels and is well-formed text', async () => {
  const graph = xssGraph();
  const svg = drawingToSvg(toDrawing(graph, await new ELK().layout(toElkGraph(graph))), undefined, '<title>');
  assert.ok(!svg.includes('<img'));
  assert.ok(!svg.includes('<script'));
  assert.ok(!svg.includes('<svg onload'));
  assert.ok(svg.includes('&lt;img src=x onerror='));
  assert.equal(escapeXml(`<&>"'`), '&lt;&amp;&gt;&quot;&#39;');
});
