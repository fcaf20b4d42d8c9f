/**
 * Draws a laid-out graph as SVG (DOM APIs only, text via `textContent`) and handles pan, zoom,
 * fit, selection and keyboard navigation. What an interaction means is decided by the app
 * through `GraphViewActions`.
 */
import type { GraphNode } from '../common/agentProtocol';
import type { PanelStrings } from '../common/panelStrings';
import { svg } from './dom';
import { drawingElements } from './drawingElements';
import type { Drawing, DrawnEdge, DrawnNode } from './layoutModel';

/** What the user asked for on a node or an edge label. */
export interface GraphViewActions {
  /** Click or Enter. */
  activateNode(node: GraphNode): void;
  /** Double-click, Space or E. */
  expandNode(node: GraphNode): void;
  /** W. */
  whyAlive(node: GraphNode): void;
  /** Click or Enter on an attribute edge label that has a source. */
  openEdgeSource(edge: DrawnEdge): void;
}

const MIN_SCALE = 0.02;
const MAX_SCALE = 4;
const ZOOM_STEP = 1.25;
const FIT_MARGIN = 16;
/** Below this scale node text is too small to read. */
const READABLE_SCALE = 0.55;
/** The scale a big graph opens at, centred on the target. */
const DETAIL_SCALE = 0.9;

/** The SVG graph canvas with its viewport (pan/zoom) state. */
export class GraphView {
  /** The element to put in the page. */
  readonly element: HTMLDivElement;
  private readonly canvas: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private drawing?: Drawing;
  private nodeElements = new Map<string, SVGGElement>();
  private scale = 1;
  private tx = 0;
  private ty = 0;
  private selectedId?: string;
  private drag?: { pointerId: number; x: number; y: number };

  constructor(
    private readonly strings: PanelStrings,
    private readonly actions: GraphViewActions,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'graph-view';
    this.canvas = svg('svg', 'graph-canvas', {
      role: 'group',
      'aria-roledescription': strings.graphRoleDescription,
      'aria-label': strings.graphLabel,
    });
    this.canvas.appendChild(this.markers());
    this.viewport = svg('g', 'graph-viewport');
    this.canvas.appendChild(this.viewport);
    this.element.appendChild(this.canvas);
    this.listen();
  }

  /**
   * Replaces what is drawn. `keepView` keeps pan/zoom (after an expansion); otherwise the graph
   * is fitted, unless that makes text unreadable: then the view centres on `anchorId` (the
   * target) at a readable scale, and F shows the whole graph.
   */
  render(drawing: Drawing, options: { keepView?: boolean; anchorId?: string } = {}): void {
    // The view's size is read before the new drawing enters the document: read after, it would
    // force a synchronous style and layout of the whole drawing, and another for the transform.
    const size = this.viewSize();
    this.drawing = drawing;
    const { edges, nodes, nodeElements } = drawingElements(drawing, this.strings);
    this.nodeElements = nodeElements;
    if (this.selectedId) this.nodeElements.get(this.selectedId)?.classList.add('node--selected');
    if (!options.keepView) {
      this.fitInto(size);
      if (this.scale < READABLE_SCALE && options.anchorId)
        this.centerOn(options.anchorId, DETAIL_SCALE, size);
    }
    this.applyTransform();
    this.viewport.replaceChildren(edges, nodes);
  }

  /** Centres the view on a node at a given scale. */
  centerOn(id: string, scale = this.scale, size = this.viewSize()): void {
    const node = this.drawing?.nodes.find((n) => n.id === id);
    if (!node) return;
    const { width, height } = size;
    this.scale = clamp(scale, MIN_SCALE, MAX_SCALE);
    this.tx = width / 2 - (node.x + node.width / 2) * this.scale;
    this.ty = height / 2 - (node.y + node.height / 2) * this.scale;
    this.applyTransform();
  }

  /** Removes the drawing. */
  clear(): void {
    this.drawing = undefined;
    this.nodeElements.clear();
    this.viewport.replaceChildren();
  }

  /** Number of nodes drawn. */
  get nodeCount(): number {
    return this.nodeElements.size;
  }

  /** Scales and centres the whole graph into the visible area. */
  fit(): void {
    this.fitInto(this.viewSize());
    this.applyTransform();
  }

  /** Sets the scale and offset that fit the drawing into a view of `size`. */
  private fitInto(size: { width: number; height: number }): void {
    if (!this.drawing) return;
    const { width, height } = size;
    const w = Math.max(1, this.drawing.width);
    const h = Math.max(1, this.drawing.height);
    this.scale = clamp(
      Math.min((width - 2 * FIT_MARGIN) / w, (height - 2 * FIT_MARGIN) / h, 1.25),
      MIN_SCALE,
      MAX_SCALE,
    );
    this.tx = (width - w * this.scale) / 2;
    this.ty = Math.max(FIT_MARGIN, (height - h * this.scale) / 2);
  }

  /** Zooms by a factor around a point of the view (default: its centre). */
  zoomBy(factor: number, around?: { x: number; y: number }): void {
    const { width, height } = this.viewSize();
    const cx = around?.x ?? width / 2;
    const cy = around?.y ?? height / 2;
    const next = clamp(this.scale * factor, MIN_SCALE, MAX_SCALE);
    this.tx = cx - ((cx - this.tx) * next) / this.scale;
    this.ty = cy - ((cy - this.ty) * next) / this.scale;
    this.scale = next;
    this.applyTransform();
  }

  /** Zooms in one step. */
  zoomIn(): void {
    this.zoomBy(ZOOM_STEP);
  }

  /** Zooms out one step. */
  zoomOut(): void {
    this.zoomBy(1 / ZOOM_STEP);
  }

  /** Moves keyboard focus to a node and pans it into view. */
  focusNode(id: string): void {
    const element = this.nodeElements.get(id);
    if (!element) return;
    element.focus({ preventScroll: true });
    this.revealNode(id);
  }

  /** The id of the focused node, if a node has focus. */
  focusedId(): string | undefined {
    const active = document.activeElement;
    return active instanceof SVGGElement ? active.dataset.id : undefined;
  }

  /** Marks a node as selected (the last one clicked or opened). */
  select(id: string): void {
    if (this.selectedId) this.nodeElements.get(this.selectedId)?.classList.remove('node--selected');
    this.selectedId = id;
    this.nodeElements.get(id)?.classList.add('node--selected');
  }

  private viewSize(): { width: number; height: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { width: Math.max(1, rect.width), height: Math.max(1, rect.height) };
  }

  private applyTransform(): void {
    this.viewport.setAttribute('transform', `translate(${this.tx} ${this.ty}) scale(${this.scale})`);
  }

  /** Pans so that a node is inside the view (centred if it was outside). */
  private revealNode(id: string): void {
    const node = this.drawing?.nodes.find((n) => n.id === id);
    if (!node) return;
    const { width, height } = this.viewSize();
    const left = node.x * this.scale + this.tx;
    const top = node.y * this.scale + this.ty;
    const right = left + node.width * this.scale;
    const bottom = top + node.height * this.scale;
    if (left >= 0 && top >= 0 && right <= width && bottom <= height) return;
    this.centerOn(id);
  }

  private markers(): SVGDefsElement {
    const defs = svg('defs');
    for (const [id, className] of [
      ['lh-arrow', 'edge__arrow'],
      ['lh-arrow-weak', 'edge__arrow edge__arrow--weak'],
    ]) {
      const marker = svg('marker', undefined, {
        id,
        viewBox: '0 0 10 10',
        refX: 10,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
      });
      marker.appendChild(svg('path', className, { d: 'M0,0L10,5L0,10z' }));
      defs.appendChild(marker);
    }
    return defs;
  }

  private nodeAt(target: EventTarget | null): DrawnNode | undefined {
    const element = target instanceof Element ? target.closest<SVGGElement>('g.node') : null;
    const id = element?.dataset.id;
    return id === undefined ? undefined : this.drawing?.nodes.find((n) => n.id === id);
  }

  private edgeLabelAt(target: EventTarget | null): DrawnEdge | undefined {
    const element = target instanceof Element ? target.closest<SVGGElement>('g.edge-label--link') : null;
    const id = element?.dataset.edge;
    return id === undefined ? undefined : this.drawing?.edges.find((e) => e.id === id);
  }

  private listen(): void {
    this.canvas.addEventListener('click', (event) => {
      const edge = this.edgeLabelAt(event.target);
      if (edge) return this.actions.openEdgeSource(edge);
      const drawn = this.nodeAt(event.target);
      // The second click of a double-click belongs to the double-click (expand), not to "open".
      if (!drawn || event.detail > 1) return;
      this.select(drawn.id);
      this.nodeElements.get(drawn.id)?.focus({ preventScroll: true });
      this.actions.activateNode(drawn.node);
    });
    this.canvas.addEventListener('dblclick', (event) => {
      const drawn = this.nodeAt(event.target);
      if (drawn && drawn.node.kind !== 'more') this.actions.expandNode(drawn.node);
    });
    this.canvas.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.canvas.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const rect = this.canvas.getBoundingClientRect();
        const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.002));
        this.zoomBy(factor, { x: event.clientX - rect.left, y: event.clientY - rect.top });
      },
      { passive: false },
    );
    this.canvas.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 || this.nodeAt(event.target) || this.edgeLabelAt(event.target)) return;
      this.drag = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
      this.canvas.setPointerCapture(event.pointerId);
      this.canvas.classList.add('graph-canvas--panning');
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (!this.drag || event.pointerId !== this.drag.pointerId) return;
      this.tx += event.clientX - this.drag.x;
      this.ty += event.clientY - this.drag.y;
      this.drag = { ...this.drag, x: event.clientX, y: event.clientY };
      this.applyTransform();
    });
    const endDrag = (event: PointerEvent) => {
      if (!this.drag || event.pointerId !== this.drag.pointerId) return;
      this.drag = undefined;
      this.canvas.classList.remove('graph-canvas--panning');
    };
    this.canvas.addEventListener('pointerup', endDrag);
    this.canvas.addEventListener('pointercancel', endDrag);
    // The browser scrolls even overflow:hidden boxes to show a focused element; the view pans
    // itself instead.
    this.element.addEventListener('focusin', (event) => {
      this.element.scrollTop = 0;
      this.element.scrollLeft = 0;
      const drawn = this.nodeAt(event.target);
      if (drawn) this.revealNode(drawn.id);
    });
  }

  private onKeyDown(event: KeyboardEvent): void {
    const edge = this.edgeLabelAt(event.target);
    if (edge && event.key === 'Enter') {
      event.preventDefault();
      return this.actions.openEdgeSource(edge);
    }
    const drawn = this.nodeAt(event.target);
    if (!drawn || event.altKey || event.ctrlKey || event.metaKey) return;
    const direction = ARROWS[event.key];
    if (direction) {
      event.preventDefault();
      const next = this.neighbourInDirection(drawn, direction);
      if (next) this.focusNode(next.id);
      return;
    }
    switch (event.key) {
      case 'Enter':
        event.preventDefault();
        this.select(drawn.id);
        return this.actions.activateNode(drawn.node);
      case ' ':
      case 'e':
      case 'E':
        event.preventDefault();
        return this.actions.expandNode(drawn.node);
      case 'w':
      case 'W':
        event.preventDefault();
        return this.actions.whyAlive(drawn.node);
    }
  }

  /** The nearest node whose centre lies in a direction, preferring nodes in line with this one. */
  private neighbourInDirection(
    from: DrawnNode,
    direction: { dx: number; dy: number },
  ): DrawnNode | undefined {
    const cx = from.x + from.width / 2;
    const cy = from.y + from.height / 2;
    let best: DrawnNode | undefined;
    let bestScore = Infinity;
    for (const node of this.drawing?.nodes ?? []) {
      if (node.id === from.id) continue;
      const dx = node.x + node.width / 2 - cx;
      const dy = node.y + node.height / 2 - cy;
      const along = dx * direction.dx + dy * direction.dy;
      if (along <= 1) continue;
      const across = Math.abs(dx * direction.dy - dy * direction.dx);
      const score = along + 2 * across;
      if (score < bestScore) {
        bestScore = score;
        best = node;
      }
    }
    return best;
  }
}

const ARROWS: Readonly<Record<string, { dx: number; dy: number }>> = {
  ArrowUp: { dx: 0, dy: -1 },
  ArrowDown: { dx: 0, dy: 1 },
  ArrowLeft: { dx: -1, dy: 0 },
  ArrowRight: { dx: 1, dy: 0 },
};

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
