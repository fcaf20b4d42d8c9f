/**
 * Pure graph operations of the retainer graph panel: merging expansions, bounding what is laid
 * out, and formatting. No DOM, no `vscode`: unit-tested in node.
 */
import type { GraphEdge, GraphNode, ObjectGraph, ObjectRef } from '../common/agentProtocol';
import { refOf } from '../common/format';

/**
 * The most nodes (including "+N more" nodes) the panel lays out at once. ELK needs ~0.2-0.8 s for
 * 300 nodes on a 2-core machine (facts.md section 6) and seconds for 2,000, so anything beyond
 * this is collapsed client-side and revealed on demand.
 */
export const CLIENT_NODE_BOUND = 300;

/** How many collapsed nodes one click on a client-side "+N more" node reveals. */
export const REVEAL_STEP = 60;

/** Prefix of the ids of "+N more" nodes made by the panel itself (not by the agent). */
export const CLIENT_MORE_PREFIX = 'client-more:';

/** Whether a node id was made by `boundGraph` rather than sent by the agent. */
export function isClientMoreId(id: string): boolean {
  return id.startsWith(CLIENT_MORE_PREFIX);
}

/** A key identifying an edge for de-duplication when graphs are merged. */
function edgeKey(edge: GraphEdge): string {
  return `${edge.from}\u0000${edge.to}\u0000${edge.label}`;
}

/**
 * Merges an expansion into the current graph. The expanded node, when it is a `more` node, is
 * replaced by what it stood for (the protocol says so); nodes and edges already present are kept
 * once. The target stays the original target.
 */
export function mergeGraphs(current: ObjectGraph, incoming: ObjectGraph, expandedId: string): ObjectGraph {
  const expanded = current.nodes.find((n) => n.id === expandedId);
  const dropId = expanded?.kind === 'more' ? expandedId : undefined;
  const nodes = new Map<string, GraphNode>();
  for (const node of current.nodes) if (node.id !== dropId) nodes.set(node.id, node);
  for (const node of incoming.nodes) if (!nodes.has(node.id) && node.id !== dropId) nodes.set(node.id, node);
  const edges = new Map<string, GraphEdge>();
  for (const edge of [...current.edges, ...incoming.edges]) {
    if (edge.from === dropId || edge.to === dropId) continue;
    if (!nodes.has(edge.from) || !nodes.has(edge.to)) continue;
    if (!edges.has(edgeKey(edge))) edges.set(edgeKey(edge), edge);
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    targetId: current.targetId,
    truncated: current.truncated || incoming.truncated,
  };
}

/** What an Expand request needs for a node: the object to expand and how many are shown. */
export interface ExpandRequest {
  readonly target: ObjectRef;
  readonly offset: number;
}

/**
 * For an agent `more` node: the object whose referrers (or referents) were collapsed is the node
 * at the other end of its one edge; the offset counts that object's edges already shown in the
 * same direction. For any other node: the node itself, offset 0.
 */
export function expandRequestFor(graph: ObjectGraph, nodeId: string): ExpandRequest | undefined {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) return undefined;
  if (node.kind !== 'more') return { target: refOf(node), offset: 0 };
  const edge = graph.edges.find((e) => e.from === nodeId || e.to === nodeId);
  if (!edge) return undefined;
  const moreHoldsOwner = edge.from === nodeId; // retainers: "+N more" -> owner
  const ownerId = moreHoldsOwner ? edge.to : edge.from;
  const owner = graph.nodes.find((n) => n.id === ownerId);
  if (!owner) return undefined;
  const offset = graph.edges.filter((e) =>
    moreHoldsOwner ? e.to === ownerId && e.from !== nodeId : e.from === ownerId && e.to !== nodeId,
  ).length;
  return { target: refOf(owner), offset };
}

/** The graph the panel lays out, plus what it collapsed to get there. */
export interface BoundedGraph {
  readonly graph: ObjectGraph;
  /** Client "+N more" node id -> the hidden node ids it stands for, nearest first. */
  readonly collapsed: ReadonlyMap<string, readonly string[]>;
  /** Nodes of the full graph that are hidden. */
  readonly hiddenCount: number;
}

/**
 * Bounds a graph to at most `bound` drawn nodes (counting the "+N more" nodes it adds), plus the
 * nodes in `revealed` and the "+N more" nodes hanging off them. Nodes
 * nearest the target (breadth-first over edges in both directions, in the agent's order, so the
 * result is deterministic) are kept, plus every id in `revealed`; each hidden node is collapsed
 * into one "+N more" node hanging off its nearest kept ancestor in that search.
 */
export function boundGraph(
  graph: ObjectGraph,
  bound: number,
  revealed: ReadonlySet<string> = new Set(),
): BoundedGraph {
  if (graph.nodes.length <= bound) return { graph, collapsed: new Map(), hiddenCount: 0 };
  const { order, parent } = breadthFirstFromTarget(graph);

  // Shrink the kept prefix until it plus the "+N more" nodes hanging off it fit the bound.
  // Revealed nodes and their own "+N more" nodes come on top: the user asked for them.
  let keepCount = Math.max(1, bound - 1);
  let groups = groupHidden(order, parent, keepCount, revealed);
  const overBound = () => {
    const prefix = new Set(order.slice(0, keepCount));
    const prefixGroups = [...groups.keys()].filter(
      (anchor) => anchor === undefined || prefix.has(anchor),
    ).length;
    return keepCount + prefixGroups - bound;
  };
  for (
    let attempt = 0, over = overBound();
    attempt < 8 && over > 0 && keepCount > 1;
    attempt++, over = overBound()
  ) {
    keepCount = Math.max(1, keepCount - over);
    groups = groupHidden(order, parent, keepCount, revealed);
  }

  const hidden = new Set<string>();
  for (const members of groups.values()) for (const id of members) hidden.add(id);

  const nodes: GraphNode[] = graph.nodes.filter((n) => !hidden.has(n.id));
  const edges: GraphEdge[] = graph.edges.filter((e) => !hidden.has(e.from) && !hidden.has(e.to));
  const collapsed = new Map<string, readonly string[]>();
  for (const [anchorId, members] of groups) {
    const moreId = CLIENT_MORE_PREFIX + (anchorId ?? '(unconnected)');
    collapsed.set(moreId, members);
    nodes.push(clientMoreNode(moreId, members.length));
    if (anchorId === undefined) continue;
    // Draw the "+N more" node on the side where its members are: above the anchor when they
    // hold it (retainers), below when it holds them (references).
    const membersHoldAnchor = graph.edges.some((e) => e.to === anchorId && members.includes(e.from));
    edges.push({
      from: membersHoldAnchor ? moreId : anchorId,
      to: membersHoldAnchor ? anchorId : moreId,
      label: '',
      kind: 'other',
    });
  }
  return { graph: { ...graph, nodes, edges }, collapsed, hiddenCount: hidden.size };
}

/** Breadth-first order from the target over edges in both directions; unreachable nodes last. */
function breadthFirstFromTarget(graph: ObjectGraph): {
  order: string[];
  parent: Map<string, string | undefined>;
} {
  const neighbours = new Map<string, string[]>();
  for (const node of graph.nodes) neighbours.set(node.id, []);
  for (const edge of graph.edges) {
    neighbours.get(edge.to)?.push(edge.from);
    neighbours.get(edge.from)?.push(edge.to);
  }
  const parent = new Map<string, string | undefined>();
  const order: string[] = [];
  const start = neighbours.has(graph.targetId) ? graph.targetId : graph.nodes[0]?.id;
  if (start !== undefined) {
    parent.set(start, undefined);
    order.push(start);
    for (let i = 0; i < order.length; i++) {
      for (const next of neighbours.get(order[i]) ?? []) {
        if (parent.has(next)) continue;
        parent.set(next, order[i]);
        order.push(next);
      }
    }
  }
  for (const node of graph.nodes) {
    if (parent.has(node.id)) continue;
    parent.set(node.id, undefined);
    order.push(node.id);
  }
  return { order, parent };
}

/**
 * Groups the nodes beyond the kept prefix (minus revealed ones) by their nearest kept ancestor.
 * Key `undefined` collects nodes with no kept ancestor (not connected to the target).
 */
function groupHidden(
  order: readonly string[],
  parent: ReadonlyMap<string, string | undefined>,
  keepCount: number,
  revealed: ReadonlySet<string>,
): Map<string | undefined, string[]> {
  const kept = new Set(order.slice(0, keepCount));
  for (const id of revealed) kept.add(id);
  const anchorOf = new Map<string, string | undefined>();
  const groups = new Map<string | undefined, string[]>();
  for (const id of order) {
    if (kept.has(id)) continue;
    const up = parent.get(id);
    // Parents precede children in breadth-first order, so a hidden parent's anchor is known.
    const anchor = up === undefined ? undefined : kept.has(up) ? up : anchorOf.get(up);
    anchorOf.set(id, anchor);
    let members = groups.get(anchor);
    if (!members) groups.set(anchor, (members = []));
    members.push(id);
  }
  return groups;
}

/** A "+N more" node made by the panel. */
function clientMoreNode(id: string, count: number): GraphNode {
  return {
    id,
    kind: 'more',
    address: 0,
    typeKey: '',
    typeName: '',
    label: '',
    shallowBytes: 0,
    isTarget: false,
    isRoot: false,
    hasFinalizer: false,
    inGarbage: false,
    moreCount: count,
  };
}
