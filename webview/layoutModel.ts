/**
 * Pure conversion between the agent's graph and ELK: "graph -> ELK input" (node boxes sized from
 * their text, edge labels sized for ELK to place) and "ELK output -> drawing model" (what the SVG
 * renderer and the SVG export draw). No DOM: golden-tested in node.
 */
import type { ElkExtendedEdge, ElkLabel, ElkNode, ElkPoint, LayoutOptions } from 'elkjs/lib/elk-api';
import type { EdgeKind, GraphNode, ObjectGraph, SourceLocation } from '../common/agentProtocol';
import { formatAddress, formatBytes } from '../common/format';
import { ENGLISH_PANEL_STRINGS, formatString, type PanelStrings } from '../common/panelStrings';

/**
 * ELK options, fixed so the same graph always gets the same picture: layered top to bottom,
 * longest-path layering (roots on top, the target at the bottom), a fixed random seed.
 *
 * Speed (measured on 100-2,000-node retainer graphs, see test/webview/bench-layout.ts): crossing
 * minimisation is half of ELK's time and scales with `thoroughness`; 4 instead of the default 7
 * saves ~20% with the same or nearly the same crossings (+0-3%); 1-3 add up to 50% more
 * crossings on small graphs. Kept as they are because they cost more than they give:
 * greedy switch (ELK only runs it below 40 nodes), orthogonal routing (POLYLINE: same time,
 * twice as tall; SPLINES: slower), Brandes-Koepf placement (NETWORK_SIMPLEX and
 * LINEAR_SEGMENTS are 2-3x slower, SIMPLE no faster), no post-compaction (EDGE_LENGTH is 2-3x
 * slower). The layering key is `elk.layered.layering.strategy`: ELK ignores unknown keys
 * silently, so a test checks every key here against ELK's own list.
 */
export const ELK_LAYOUT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.layering.strategy': 'LONGEST_PATH',
  'elk.randomSeed': '42',
  'elk.layered.thoroughness': '4',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.spacing.edgeLabel': '3',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.padding': '[top=20,left=20,bottom=20,right=20]',
};

/** Font metrics the boxes are sized with. Node text is monospace, so one width per character. */
export interface TextMetricsLike {
  /** Advance width of one character of node text (12px monospace), in px. */
  readonly charWidth: number;
  /** Height of one line of node text, in px. */
  readonly lineHeight: number;
}

/** The metrics used when the page cannot measure (and by the golden tests). */
export const DEFAULT_TEXT_METRICS: TextMetricsLike = { charWidth: 7.2, lineHeight: 16 };

/** Longest node line and edge label drawn, in characters; the full text is in the tooltip. */
export const MAX_NODE_LINE_CHARS = 40;
export const MAX_EDGE_LABEL_CHARS = 32;

const NODE_PAD_X = 10;
const NODE_PAD_Y = 6;
const BADGE_HEIGHT = 15;
const BADGE_PAD_X = 5;
const BADGE_GAP = 4;
/** Badges and edge labels use smaller fonts than node text (10px and 11px vs 12px). */
const BADGE_FONT_RATIO = 10 / 12;
const EDGE_LABEL_FONT_RATIO = 11 / 12;
const MIN_NODE_WIDTH = 64;

/** What a line of text inside a node says; decides its CSS class. */
export type NodeLineRole = 'type' | 'label' | 'meta' | 'more';

/** One line of text inside a node, positioned relative to the node's top-left corner. */
export interface NodeLine {
  readonly role: NodeLineRole;
  readonly text: string;
  readonly x: number;
  /** Baseline. */
  readonly y: number;
}

/** A mark on a node: its class defines `__del__`, or it is in `gc.garbage`. */
export interface NodeBadge {
  readonly kind: 'finalizer' | 'garbage';
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A node's size and contents, before it is placed. */
export interface NodeBox {
  readonly width: number;
  readonly height: number;
  readonly lines: readonly NodeLine[];
  readonly badges: readonly NodeBadge[];
}

/** A placed node, ready to draw. */
export interface DrawnNode extends NodeBox {
  readonly id: string;
  readonly node: GraphNode;
  readonly x: number;
  readonly y: number;
  /** CSS classes saying what the node is (target, root, module, more, ...). */
  readonly classes: readonly string[];
  /** What a screen reader says for the node. */
  readonly ariaLabel: string;
  /** Full, uncut text for the tooltip. */
  readonly tooltip: string;
}

/** A placed edge label. */
export interface DrawnLabel {
  readonly text: string;
  readonly fullText: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A placed edge: a polyline from the holder to the held object. */
export interface DrawnEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly points: readonly ElkPoint[];
  readonly label?: DrawnLabel;
  /** For attribute edges: where the attribute is assigned (the label opens it). */
  readonly source?: SourceLocation;
}

/** Everything the renderer needs, in graph coordinates. */
export interface Drawing {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly DrawnNode[];
  readonly edges: readonly DrawnEdge[];
}

/** Width of text in character cells: East Asian wide characters and emoji take two. */
export function textCells(text: string): number {
  let cells = 0;
  for (const ch of text) cells += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return cells;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    cp >= 0x20000
  );
}

/**
 * Makes untrusted text fit one line: control characters (newlines in a repr) become visible
 * escapes, and text longer than `maxChars` is cut with an ellipsis, never inside a code point.
 */
export function displayText(text: string, maxChars: number): string {
  // eslint-disable-next-line no-control-regex -- untrusted labels' control characters are escaped on purpose
  const oneLine = text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  const chars = Array.from(oneLine);
  return chars.length <= maxChars ? oneLine : chars.slice(0, maxChars - 1).join('') + '…';
}

/** The last path segment of a source path, for "allocated at file.py:12". */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/**
 * The node's retained bytes when the host computed them (after Show Biggest Objects); undefined
 * otherwise, or when the value is not a usable byte count.
 */
export function retainedBytesOf(node: GraphNode): number | undefined {
  const bytes = node.retainedBytes;
  return typeof bytes === 'number' && Number.isFinite(bytes) && bytes >= 0 ? bytes : undefined;
}

/** The text lines a node shows, in order, without positions. */
export function nodeLineTexts(
  node: GraphNode,
  strings: PanelStrings = ENGLISH_PANEL_STRINGS,
): { role: NodeLineRole; text: string }[] {
  if (node.kind === 'more')
    return [{ role: 'more', text: formatString(strings.moreNode, node.moreCount ?? 0) }];
  const lines: { role: NodeLineRole; text: string }[] = [{ role: 'type', text: node.typeName || node.kind }];
  if (node.label) lines.push({ role: 'label', text: node.label });
  const retained = retainedBytesOf(node);
  const keeps = retained === undefined ? '' : ` · ${formatString(strings.nodeKeeps, formatBytes(retained))}`;
  lines.push({
    role: 'meta',
    text: `${formatAddress(node.address)} · ${formatBytes(node.shallowBytes)}${keeps}`,
  });
  if (node.allocatedAt) {
    lines.push({
      role: 'meta',
      text: formatString(strings.allocatedAt, baseName(node.allocatedAt.path), node.allocatedAt.line),
    });
  }
  return lines.map((l) => ({ role: l.role, text: displayText(l.text, MAX_NODE_LINE_CHARS) }));
}

/** Sizes a node from its text and lays out its lines and badges inside it. */
export function nodeBox(
  node: GraphNode,
  metrics: TextMetricsLike,
  strings: PanelStrings = ENGLISH_PANEL_STRINGS,
): NodeBox {
  const texts = nodeLineTexts(node, strings);
  const lines: NodeLine[] = texts.map((line, i) => ({
    role: line.role,
    text: line.text,
    x: NODE_PAD_X,
    y: round(NODE_PAD_Y + (i + 1) * metrics.lineHeight - metrics.lineHeight * 0.28),
  }));
  let width = Math.max(
    MIN_NODE_WIDTH,
    ...texts.map((t) => textCells(t.text) * metrics.charWidth + 2 * NODE_PAD_X),
  );
  let height = NODE_PAD_Y * 2 + texts.length * metrics.lineHeight;

  const badgeTexts: { kind: NodeBadge['kind']; text: string }[] = [];
  if (node.hasFinalizer) badgeTexts.push({ kind: 'finalizer', text: '__del__' });
  if (node.inGarbage) badgeTexts.push({ kind: 'garbage', text: 'gc.garbage' });
  const badges: NodeBadge[] = [];
  let badgeX = NODE_PAD_X;
  for (const badge of badgeTexts) {
    const badgeWidth = round(textCells(badge.text) * metrics.charWidth * BADGE_FONT_RATIO + 2 * BADGE_PAD_X);
    badges.push({ ...badge, x: badgeX, y: height - NODE_PAD_Y + 2, width: badgeWidth, height: BADGE_HEIGHT });
    badgeX += badgeWidth + BADGE_GAP;
  }
  if (badges.length > 0) {
    height += BADGE_HEIGHT + 4;
    width = Math.max(width, badgeX - BADGE_GAP + NODE_PAD_X);
  }
  return { width: Math.ceil(width), height: Math.ceil(height), lines, badges };
}

/** CSS classes of a node; the legend explains each. */
export function nodeClasses(node: GraphNode): string[] {
  const classes = ['node', `node--${node.kind}`];
  if (node.isTarget) classes.push('node--target');
  if (node.isRoot) classes.push('node--root');
  if (node.hasFinalizer) classes.push('node--finalizer');
  if (node.inGarbage) classes.push('node--garbage');
  return classes;
}

/** What a screen reader (and the tooltip's first line) says for a node. */
export function nodeAriaLabel(node: GraphNode, t: PanelStrings = ENGLISH_PANEL_STRINGS): string {
  if (node.kind === 'more') return formatString(t.moreNodeAria, node.moreCount ?? 0);
  const parts = [`${node.typeName || node.kind}${node.label ? ' ' + node.label : ''}`];
  parts.push(formatString(t.ariaAddress, formatAddress(node.address)), formatBytes(node.shallowBytes));
  const retained = retainedBytesOf(node);
  if (retained !== undefined) parts.push(formatString(t.ariaKeeps, formatBytes(retained)));
  if (node.isTarget) parts.push(t.ariaTarget);
  if (node.isRoot) parts.push(t.ariaRoot);
  if (node.hasFinalizer) parts.push(t.ariaFinalizer);
  if (node.inGarbage) parts.push(t.ariaGarbage);
  const source = node.source ?? node.allocatedAt;
  parts.push(source ? formatString(t.ariaSource, source.path, source.line) : t.ariaNoSource);
  return parts.join(', ');
}

/** The text of an edge's label as drawn. */
export function edgeLabelText(label: string): string {
  return displayText(label, MAX_EDGE_LABEL_CHARS);
}

/** Keeps only edges whose two ends are nodes of the graph (the agent's data is not trusted). */
function drawableEdges(graph: ObjectGraph) {
  const ids = new Set(graph.nodes.map((n) => n.id));
  return graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
}

/**
 * Above this many nodes ELK does not place edge labels: each label becomes a dummy node in the
 * layered algorithm, which doubles layout time (300 nodes: ~0.5 s -> ~0.25 s on 2 cores). The
 * labels of such graphs are put at the middle of their edge's middle segment instead.
 */
export const ELK_LABEL_NODE_LIMIT = 150;

/** Label size for an edge label text. */
function edgeLabelSize(text: string, metrics: TextMetricsLike): { width: number; height: number } {
  return {
    width: Math.ceil(textCells(text) * metrics.charWidth * EDGE_LABEL_FONT_RATIO + 8),
    height: Math.ceil(metrics.lineHeight * EDGE_LABEL_FONT_RATIO + 2),
  };
}

/** Whether ELK places the edge labels of this graph (see `ELK_LABEL_NODE_LIMIT`). */
export function elkPlacesLabels(graph: ObjectGraph): boolean {
  return graph.nodes.length <= ELK_LABEL_NODE_LIMIT;
}

/** Builds ELK's input for a graph: one child per node, one edge (with a sized label) per edge. */
export function toElkGraph(
  graph: ObjectGraph,
  metrics: TextMetricsLike = DEFAULT_TEXT_METRICS,
  strings: PanelStrings = ENGLISH_PANEL_STRINGS,
): ElkNode {
  const withLabels = elkPlacesLabels(graph);
  const children: ElkNode[] = graph.nodes.map((node) => {
    const box = nodeBox(node, metrics, strings);
    return { id: node.id, width: box.width, height: box.height };
  });
  const edges: ElkExtendedEdge[] = drawableEdges(graph).map((edge, i) => {
    const elkEdge: ElkExtendedEdge = { id: `e${i}`, sources: [edge.from], targets: [edge.to] };
    const text = edgeLabelText(edge.label);
    if (text && withLabels) {
      const label: ElkLabel = { id: `e${i}.label`, text, ...edgeLabelSize(text, metrics) };
      elkEdge.labels = [label];
    }
    return elkEdge;
  });
  return { id: 'root', layoutOptions: { ...ELK_LAYOUT_OPTIONS }, children, edges };
}

/** Turns ELK's output for `toElkGraph(graph)` into the drawing model. */
export function toDrawing(
  graph: ObjectGraph,
  laidOut: ElkNode,
  metrics: TextMetricsLike = DEFAULT_TEXT_METRICS,
  strings: PanelStrings = ENGLISH_PANEL_STRINGS,
): Drawing {
  const placed = new Map((laidOut.children ?? []).map((c) => [c.id, c]));
  const nodes: DrawnNode[] = graph.nodes.map((node) => {
    const box = nodeBox(node, metrics, strings);
    const at = placed.get(node.id);
    const source = node.source ?? node.allocatedAt;
    const ariaLabel = nodeAriaLabel(node, strings);
    const retained = retainedBytesOf(node);
    return {
      ...box,
      id: node.id,
      node,
      x: round(at?.x ?? 0),
      y: round(at?.y ?? 0),
      classes: nodeClasses(node),
      ariaLabel,
      tooltip:
        node.kind === 'more'
          ? ariaLabel
          : [
              node.typeName,
              node.label,
              retained === undefined ? '' : formatString(strings.ariaKeeps, formatBytes(retained)),
              source ? `${source.path}:${source.line}` : '',
            ]
              .filter(Boolean)
              .join('\n'),
    };
  });
  const laidOutEdges = new Map((laidOut.edges ?? []).map((e) => [e.id, e]));
  const edges: DrawnEdge[] = drawableEdges(graph).map((edge, i) => {
    const out = laidOutEdges.get(`e${i}`);
    const section = out?.sections?.[0];
    const points = section
      ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({
          x: round(p.x),
          y: round(p.y),
        }))
      : [];
    const elkLabel = out?.labels?.[0];
    const text = edgeLabelText(edge.label);
    const label: DrawnLabel | undefined =
      elkLabel && elkLabel.text
        ? {
            text: elkLabel.text,
            fullText: edge.label,
            x: round(elkLabel.x ?? 0),
            y: round(elkLabel.y ?? 0),
            width: elkLabel.width ?? 0,
            height: elkLabel.height ?? 0,
          }
        : text && points.length >= 2
          ? labelOnMiddleSegment(text, edge.label, points, metrics)
          : undefined;
    return { id: `e${i}`, from: edge.from, to: edge.to, kind: edge.kind, points, label, source: edge.source };
  });
  return { width: round(laidOut.width ?? 0), height: round(laidOut.height ?? 0), nodes, edges };
}

/** A label beside the middle of an edge's middle segment (when ELK did not place it). */
function labelOnMiddleSegment(
  text: string,
  fullText: string,
  points: readonly ElkPoint[],
  metrics: TextMetricsLike,
): DrawnLabel {
  const at = Math.floor((points.length - 1) / 2);
  const a = points[at];
  const b = points[at + 1];
  const size = edgeLabelSize(text, metrics);
  return {
    text,
    fullText,
    x: round((a.x + b.x) / 2 + 3),
    y: round((a.y + b.y) / 2 - size.height / 2),
    ...size,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
