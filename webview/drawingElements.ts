/**
 * Builds the SVG elements of a drawing, off the document: one group of edges and one of nodes,
 * inserted by the view in one step. Each node and edge is a clone of a prepared template (the
 * elements and the attributes every copy shares are made once), then only what differs is set;
 * text goes in through `textContent` (labels are data from the debuggee).
 */
import { formatString, type PanelStrings } from '../common/panelStrings';
import { svg } from './dom';
import type { Drawing, DrawnEdge, DrawnNode } from './layoutModel';

/** The drawing as SVG elements, not yet in the document. */
export interface DrawingElements {
  readonly edges: SVGGElement;
  readonly nodes: SVGGElement;
  /** Node id -> its group (in reading order: top to bottom, left to right). */
  readonly nodeElements: Map<string, SVGGElement>;
}

/** Builds every element of the drawing. */
export function drawingElements(drawing: Drawing, strings: PanelStrings): DrawingElements {
  const templates = makeTemplates();
  const edges = svg('g', 'graph-edges');
  for (const edge of drawing.edges) edges.appendChild(edgeElement(edge, templates, strings));
  const nodes = svg('g', 'graph-nodes');
  const nodeElements = new Map<string, SVGGElement>();
  // DOM order is reading order (top to bottom, left to right), so Tab follows the picture.
  const ordered = [...drawing.nodes].sort((a, b) => a.y - b.y || a.x - b.x);
  for (const node of ordered) {
    const element = nodeElement(node, templates);
    nodeElements.set(node.id, element);
    nodes.appendChild(element);
  }
  return { edges, nodes, nodeElements };
}

interface Templates {
  /** `<g class=… tabindex=0 role=button><title/><rect class=node__ring/><rect class=node__box/></g>` */
  readonly node: SVGGElement;
  readonly line: SVGTextElement;
  /** `<g class=badge><rect class=badge__box rx=7/><text class=badge__text/></g>` */
  readonly badge: SVGGElement;
  /** `<g class=edge><polyline class=edge__line/></g>` */
  readonly edge: SVGGElement;
  /** `<g class=edge-label><title/><rect class=edge-label__box rx=2/><text class=edge-label__text x=4/></g>` */
  readonly label: SVGGElement;
}

function makeTemplates(): Templates {
  const node = svg('g', undefined, { tabindex: 0, role: 'button' });
  node.append(svg('title'), svg('rect', 'node__ring', { x: -4, y: -4 }), svg('rect', 'node__box'));
  const badge = svg('g');
  badge.append(svg('rect', 'badge__box', { rx: 7 }), svg('text', 'badge__text'));
  const edge = svg('g');
  edge.append(svg('polyline', 'edge__line'));
  const label = svg('g');
  label.append(
    svg('title'),
    svg('rect', 'edge-label__box', { rx: 2 }),
    svg('text', 'edge-label__text', { x: 4 }),
  );
  return { node, line: svg('text'), badge, edge, label };
}

function clone<E extends Element>(template: E): E {
  return template.cloneNode(true) as E;
}

function nodeElement(drawn: DrawnNode, t: Templates): SVGGElement {
  const group = clone(t.node);
  group.setAttribute('class', drawn.classes.join(' '));
  group.setAttribute('transform', `translate(${drawn.x} ${drawn.y})`);
  group.setAttribute('aria-label', drawn.ariaLabel);
  group.setAttribute('data-id', drawn.id);
  const [title, ring, box] = group.children;
  title.textContent = drawn.tooltip;
  const rounded = drawn.node.kind === 'module' || drawn.node.isRoot;
  ring.setAttribute('width', String(drawn.width + 8));
  ring.setAttribute('height', String(drawn.height + 8));
  ring.setAttribute('rx', rounded ? '13' : '6');
  box.setAttribute('width', String(drawn.width));
  box.setAttribute('height', String(drawn.height));
  box.setAttribute('rx', rounded ? '10' : '3');
  for (const line of drawn.lines) {
    const text = clone(t.line);
    text.setAttribute('class', `node__line node__line--${line.role}`);
    text.setAttribute('x', String(line.x));
    text.setAttribute('y', String(line.y));
    text.textContent = line.text;
    group.appendChild(text);
  }
  for (const badge of drawn.badges) {
    const mark = clone(t.badge);
    mark.setAttribute('class', `badge badge--${badge.kind}`);
    const [rect, text] = mark.children;
    rect.setAttribute('x', String(badge.x));
    rect.setAttribute('y', String(badge.y));
    rect.setAttribute('width', String(badge.width));
    rect.setAttribute('height', String(badge.height));
    text.setAttribute('x', String(badge.x + 5));
    text.setAttribute('y', String(badge.y + badge.height - 4));
    text.textContent = badge.text;
    group.appendChild(mark);
  }
  return group;
}

function edgeElement(edge: DrawnEdge, t: Templates, strings: PanelStrings): SVGGElement {
  const group = clone(t.edge);
  group.setAttribute('class', `edge edge--${edge.kind}`);
  group.setAttribute('data-from', edge.from);
  group.setAttribute('data-to', edge.to);
  const line = group.firstElementChild!;
  line.setAttribute('points', edge.points.map((p) => `${p.x},${p.y}`).join(' '));
  line.setAttribute('marker-end', `url(#${edge.kind === 'weak' ? 'lh-arrow-weak' : 'lh-arrow'})`);
  if (edge.label) {
    const l = edge.label;
    const linked = edge.source !== undefined;
    const label = clone(t.label);
    label.setAttribute('class', linked ? 'edge-label edge-label--link' : 'edge-label');
    label.setAttribute('transform', `translate(${l.x} ${l.y})`);
    label.setAttribute('data-edge', edge.id);
    if (linked) {
      label.setAttribute('tabindex', '0');
      label.setAttribute('role', 'link');
      label.setAttribute('aria-label', formatString(strings.edgeOpensSource, l.fullText));
    }
    const [title, box, text] = label.children;
    title.textContent = l.fullText;
    box.setAttribute('width', String(l.width));
    box.setAttribute('height', String(l.height));
    text.setAttribute('y', String(l.height - 4));
    text.textContent = l.text;
    group.appendChild(label);
  }
  return group;
}
