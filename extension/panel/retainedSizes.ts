/**
 * Retained sizes on graph nodes: when Show Biggest Objects has computed a session's dominator
 * tree, each graph the panel shows gets its nodes' retained bytes from it (one worker call per
 * graph) before it is posted. Nothing here starts that heavy computation.
 */
import type { ObjectGraph } from '../../common/agentProtocol';

/** Where the panel finds a session's retained sizes (the Biggest Objects result and its worker). */
export interface RetainedSizeSource {
  /** When retained sizes were computed for `sessionId`; undefined when they were not (or are gone). */
  computedAt(sessionId: string): Date | undefined;
  /** Retained bytes of the objects at `addresses` (-1 for one not in the computed tree). */
  retainedOf(sessionId: string, addresses: readonly number[]): Promise<readonly number[]>;
}

/** A graph with retained bytes filled where known, and when those sizes were computed. */
export interface SizedGraph {
  readonly graph: ObjectGraph;
  /** Set when at least one node got retained bytes. */
  readonly computedAt?: Date;
}

/**
 * `graph` with `retainedBytes` on each node the session's computed tree knows ("+N more" nodes and
 * objects newer than the computation get none). The graph is returned as it is when no sizes were
 * computed or the worker cannot answer (`onError` hears why): sizes are extra, never a failure.
 */
export async function withRetainedSizes(
  graph: ObjectGraph,
  sessionId: string,
  source: RetainedSizeSource | undefined,
  onError: (error: unknown) => void,
): Promise<SizedGraph> {
  const computedAt = source?.computedAt(sessionId);
  const objects = graph.nodes.filter((n) => n.kind !== 'more');
  if (!source || !computedAt || objects.length === 0) return { graph };
  let retained: readonly number[];
  try {
    retained = await source.retainedOf(
      sessionId,
      objects.map((n) => n.address),
    );
  } catch (error) {
    onError(error);
    return { graph };
  }
  const byId = new Map(objects.map((n, i) => [n.id, retained[i] ?? -1]));
  let sized = 0;
  const nodes = graph.nodes.map((node) => {
    const bytes = byId.get(node.id) ?? -1;
    if (bytes < 0) return node;
    sized++;
    return { ...node, retainedBytes: bytes };
  });
  return sized === 0 ? { graph } : { graph: { ...graph, nodes }, computedAt };
}
