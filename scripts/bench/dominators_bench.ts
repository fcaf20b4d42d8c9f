/**
 * Host side of the retained-size rows: reads heap graph files (the agent's `heapGraph` result as
 * JSON), one path per stdin line, decodes each and computes its dominators exactly as the host
 * does, and answers each with one JSON line: {ms, decodeMs, dominatorsMs, nodes, heapBytes}.
 * heap_bench.py keeps one running so its rounds interleave with the other rows.
 *
 * Usage: node --import tsx scripts/bench/dominators_bench.ts
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { HeapGraphResult } from '../../common/agentProtocol';
import { computeDominators } from '../../extension/core/retained/dominators';
import { decodeHeapGraph } from '../../extension/core/retained/heapGraph';

const lines = createInterface({ input: process.stdin });
lines.on('line', (path) => {
  const t0 = performance.now();
  const reply = JSON.parse(readFileSync(path.trim(), 'utf8')) as HeapGraphResult;
  const t1 = performance.now();
  const graph = decodeHeapGraph(reply);
  const t2 = performance.now();
  const d = computeDominators(graph);
  const t3 = performance.now();
  let heapBytes = 0;
  for (let i = 0; i < graph.nodeCount; i++) heapBytes += graph.sizes[i];
  process.stdout.write(
    JSON.stringify({
      ms: t3 - t0,
      parseMs: t1 - t0,
      decodeMs: t2 - t1,
      dominatorsMs: t3 - t2,
      nodes: graph.nodeCount,
      heapBytes,
      reachableBytes: d.reachableBytes,
    }) + '\n',
  );
});
