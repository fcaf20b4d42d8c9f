/**
 * The retained-size worker (a worker_thread, bundled to dist/retainedWorker.js): decodes a heap
 * graph, computes its dominator tree off the extension host's event loop, and keeps it per
 * session so expanding a node is one quick query.
 */
import { parentPort } from 'node:worker_threads';
import { computeDominators, SUPER_ROOT } from '../../core/retained/dominators';
import { decodeHeapGraph } from '../../core/retained/heapGraph';
import { DominatorTree } from '../../core/retained/retainedModel';
import type { WorkerReply, WorkerRequest } from './retainedMessages';

const trees = new Map<string, DominatorTree>();

function handle(request: WorkerRequest): WorkerReply {
  if (request.kind === 'forget') {
    trees.delete(request.key);
    return { id: request.id, ok: true };
  }
  if (request.kind === 'retainedOf') {
    const tree = trees.get(request.key);
    if (!tree) return { id: request.id, ok: false, code: 'notComputed' };
    const retained = request.addresses.map((a) => {
      const i = tree.graph.indexOf(a);
      return i < 0 ? -1 : tree.dominators.retained[i];
    });
    return { id: request.id, ok: true, retained };
  }
  if (request.kind === 'dominated') {
    const tree = trees.get(request.key);
    if (!tree) return { id: request.id, ok: false, code: 'notComputed' };
    return { id: request.id, ok: true, entries: tree.dominated(request.index, request.limit) };
  }
  const t0 = performance.now();
  const graph = decodeHeapGraph(request.graph);
  const t1 = performance.now();
  const dominators = computeDominators(graph);
  const tree = new DominatorTree(graph, dominators);
  const t2 = performance.now();
  trees.set(request.key, tree);
  return {
    id: request.id,
    ok: true,
    summary: {
      nodeCount: graph.nodeCount,
      trackedCount: request.graph.trackedCount,
      edgeCount: graph.succ.length,
      reachableBytes: dominators.reachableBytes,
      unreachableBytes: dominators.unreachableBytes,
      unreachableCount: dominators.unreachableCount,
      estimatedCount: request.graph.estimated.length,
      top: tree.dominated(SUPER_ROOT, request.limit),
      types: tree.typeTotals(),
      millis: { decode: t1 - t0, dominators: t2 - t1 },
    },
  };
}

parentPort?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = handle(request);
  } catch (error) {
    reply = {
      id: request.id,
      ok: false,
      code: 'failed',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
  parentPort?.postMessage(reply);
});
