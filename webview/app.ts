/**
 * The retainer graph panel app: holds the graph the host sent, bounds it, lays it out in the
 * ELK worker, draws it, and turns the user's gestures into `FromWebviewMessage`s.
 */
import type { GraphLimits, GraphNode, ObjectGraph, SourceLocation } from '../common/agentProtocol';
import {
  FromWebviewType,
  ToWebviewType,
  type FromWebviewMessage,
  type GraphMode,
  type NoticeMessage,
  type ToWebviewMessage,
} from '../common/panelProtocol';
import { html } from './dom';
import { drawingToSvg, graphToDot } from './exportFormats';
import { resolvePalette, type ExportPalette } from '../common/nodeColors';
import {
  boundGraph,
  CLIENT_NODE_BOUND,
  expandRequestFor,
  isClientMoreId,
  mergeGraphs,
  REVEAL_STEP,
  type BoundedGraph,
} from './graphModel';
import { firstLine, refOf } from '../common/format';
import {
  ENGLISH_PANEL_STRINGS,
  formatString,
  type PanelStringKey,
  type PanelStrings,
} from '../common/panelStrings';
import { GraphView } from './graphView';
import { ElkLayoutClient, LayoutSupersededError, recordLayoutTimings } from './layoutClient';
import {
  DEFAULT_TEXT_METRICS,
  ELK_LAYOUT_OPTIONS,
  toDrawing,
  toElkGraph,
  type Drawing,
  type TextMetricsLike,
} from './layoutModel';
import { buildLegend } from './legend';
import { describe, isGraph, isMessage } from './messageChecks';
import { Toolbar } from './toolbar';

/** Posts a message to the extension host. */
export type PostMessage = (message: FromWebviewMessage) => void;

/** What the page is doing; mirrored on `<body data-graph-state>` for tests and the bench. */
export type GraphState = 'empty' | 'layingOut' | 'ready' | 'error';

/** The string that names each mode when the host sends no title. */
const MODE_NAMES: Readonly<Record<GraphMode, PanelStringKey>> = {
  retainers: 'modeRetainers',
  chain: 'modeChain',
  references: 'modeReferences',
  cycle: 'modeCycle',
};

/** The panel app. */
export class GraphPanelApp {
  private readonly view: GraphView;
  private readonly toolbar: Toolbar;
  private readonly layout: ElkLayoutClient;
  private readonly titleElement: HTMLElement;
  private readonly hintElement: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly indicator: HTMLElement;
  private readonly status: HTMLElement;
  private metrics: TextMetricsLike = DEFAULT_TEXT_METRICS;

  private graph?: ObjectGraph;
  private limits?: GraphLimits;
  private title = '';
  private bounded?: BoundedGraph;
  private drawing?: Drawing;
  /** Nodes the user revealed from client-side "+N more" nodes; kept on every re-bound. */
  private revealed = new Set<string>();
  private hostBusy = false;

  constructor(
    root: HTMLElement,
    elkWorkerUri: string,
    private readonly post: PostMessage,
    private readonly strings: PanelStrings = ENGLISH_PANEL_STRINGS,
    private readonly locale = 'en',
  ) {
    this.layout = new ElkLayoutClient(elkWorkerUri, ELK_LAYOUT_OPTIONS);
    // The worker's fetch, start and warm-up run while the page is built, not after it.
    if (elkWorkerUri) this.warmUpLayout();
    const header = html('header', 'panel-header');
    this.titleElement = html('h1', 'panel-header__title', {}, strings.defaultTitle);
    this.hintElement = html('p', 'panel-header__hint', { hidden: '' });
    header.append(this.titleElement, this.hintElement);

    this.toolbar = new Toolbar(strings, {
      applyLimits: (limits) => this.post({ type: FromWebviewType.ChangeLimits, limits }),
      fit: () => this.view.fit(),
      zoomIn: () => this.view.zoomIn(),
      zoomOut: () => this.view.zoomOut(),
      exportAs: (format) => this.exportAs(format),
      invalid: (text) => this.showNotice('warning', text),
    });
    this.progress = html('div', 'progress', {
      role: 'progressbar',
      'aria-label': strings.working,
      hidden: '',
    });
    this.progress.appendChild(html('div', 'progress__bar'));
    this.banner = html('div', 'banner', { role: 'status', hidden: '' });

    this.view = new GraphView(strings, {
      activateNode: (node) => this.activateNode(node),
      expandNode: (node) => this.expandNode(node),
      whyAlive: (node) => this.whyAlive(node),
      openEdgeSource: (edge) => edge.source && this.openSource(edge.source),
    });
    this.indicator = html('div', 'layout-indicator', { role: 'status', hidden: '' });
    const stage = html('main', 'stage');
    stage.append(this.view.element, this.indicator, buildLegend(strings));
    this.status = html('footer', 'status-line', { role: 'status' }, strings.waitingForGraph);

    root.append(header, this.toolbar.element, this.progress, this.banner, stage, this.status);
    this.setState('empty');
    document.addEventListener('keydown', (event) => this.onGlobalKey(event));
  }

  /**
   * Starts the layout worker and warms ELK up with a tiny graph now, so the first real graph is
   * laid out by a warm worker (call once, as soon as the page loads).
   */
  warmUpLayout(): void {
    void this.layout.warmUp();
  }

  /** Font metrics of node text as the page renders it (monospace: one width per character). */
  measureText(): void {
    const probe = this.view.element.ownerDocument.createElement('canvas').getContext('2d');
    if (!probe) return;
    const family =
      getComputedStyle(document.body).getPropertyValue('--vscode-editor-font-family').trim() || 'monospace';
    probe.font = `12px ${family}`;
    const sample = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const charWidth = probe.measureText(sample).width / sample.length;
    if (charWidth > 3 && charWidth < 20)
      this.metrics = { charWidth: Math.round(charWidth * 100) / 100, lineHeight: 16 };
  }

  /** Handles one message from the host; anything unexpected is logged, never thrown. */
  handleMessage(data: unknown): void {
    try {
      if (!isMessage(data))
        return this.log('info', `Ignored a message that is not a panel message: ${describe(data)}`);
      const message = data as ToWebviewMessage;
      switch (message.type) {
        case ToWebviewType.ShowGraph:
          if (!isGraph(message.graph)) return this.log('error', 'showGraph without a valid graph');
          return void this.showGraph(
            message.title,
            message.mode,
            message.graph,
            message.limits,
            message.hint,
          );
        case ToWebviewType.MergeGraph:
          if (!isGraph(message.graph)) return this.log('error', 'mergeGraph without a valid graph');
          return void this.mergeGraph(message.expandedId, message.graph);
        case ToWebviewType.Busy:
          this.hostBusy = message.busy === true;
          return this.updateProgress();
        case ToWebviewType.Notice:
          return this.showNotice(message.level, String(message.text));
        case ToWebviewType.RequestExport:
          return this.exportAs(message.format === 'svg' ? 'svg' : 'dot');
        default:
          return this.log(
            'info',
            `Ignored unknown message type ${JSON.stringify((data as { type: unknown }).type)}`,
          );
      }
    } catch (error) {
      this.log('error', `Failed to handle ${describe(data)}: ${firstLine(error)}`);
    }
  }

  private async showGraph(
    title: string,
    mode: GraphMode,
    graph: ObjectGraph,
    limits: GraphLimits,
    hint?: string,
  ) {
    this.title = String(title ?? '');
    const modeName = MODE_NAMES[mode] as PanelStringKey | undefined;
    this.titleElement.textContent =
      this.title || (modeName && this.strings[modeName]) || this.strings.defaultTitle;
    this.hintElement.textContent = hint ?? '';
    this.hintElement.hidden = !hint;
    this.limits = limits;
    this.toolbar.setLimits(limits);
    this.graph = graph;
    this.revealed = new Set();
    this.hideNotice();
    await this.relayout({ keepView: false });
  }

  private async mergeGraph(expandedId: string, incoming: ObjectGraph) {
    if (!this.graph) return this.log('info', 'mergeGraph before showGraph ignored');
    this.graph = mergeGraphs(this.graph, incoming, expandedId);
    // Whatever the host added stays visible even if it is beyond the client bound.
    for (const node of incoming.nodes) this.revealed.add(node.id);
    const focusId = this.graph.nodes.some((n) => n.id === expandedId) ? expandedId : incoming.nodes[0]?.id;
    await this.relayout({ keepView: true, focusId: this.graphHasFocus() ? focusId : undefined });
  }

  /** Bounds the graph, lays it out in the worker and draws it; the UI stays live meanwhile. */
  private async relayout(options: { keepView: boolean; focusId?: string }): Promise<void> {
    const graph = this.graph;
    if (!graph) return;
    const started = performance.now();
    const bound = Math.max(10, Math.min(this.limits?.maxNodes ?? CLIENT_NODE_BOUND, CLIENT_NODE_BOUND));
    const bounded = boundGraph(graph, bound, this.revealed);
    const count = bounded.graph.nodes.length;
    this.indicator.textContent = formatString(this.strings.layingOut, this.number(count));
    this.indicator.hidden = false;
    this.setState('layingOut');
    this.updateProgress();
    try {
      const input = toElkGraph(bounded.graph, this.metrics, this.strings);
      const prepared = performance.now();
      const laidOut = await this.layout.layout(input);
      if (this.graph !== graph) return; // a newer graph arrived meanwhile
      const laidOutAt = performance.now();
      this.bounded = bounded;
      this.drawing = toDrawing(bounded.graph, laidOut.graph, this.metrics, this.strings);
      this.view.render(this.drawing, {
        keepView: options.keepView && this.view.nodeCount > 0,
        anchorId: graph.targetId,
      });
      if (options.focusId) this.view.focusNode(options.focusId);
      recordLayoutTimings(started, prepared, laidOut, laidOutAt);
      this.status.textContent = this.statusText(graph, bounded);
      this.indicator.hidden = true;
      this.setState('ready');
    } catch (error) {
      if (error instanceof LayoutSupersededError) return;
      this.indicator.hidden = true;
      this.setState('error');
      this.showNotice('error', formatString(this.strings.layoutFailed, firstLine(error)));
      this.log('error', `layout failed: ${firstLine(error)}`);
    } finally {
      this.updateProgress();
    }
  }

  private statusText(graph: ObjectGraph, bounded: BoundedGraph): string {
    const objects = graph.nodes.filter((n) => n.kind !== 'more').length;
    const parts = [
      formatString(this.strings.statusCounts, this.number(objects), this.number(graph.edges.length)),
    ];
    if (bounded.hiddenCount > 0)
      parts.push(formatString(this.strings.statusCollapsed, this.number(bounded.hiddenCount)));
    if (graph.truncated) parts.push(this.strings.statusTruncated);
    return parts.join(' · ');
  }

  /** A count in the user's language. */
  private number(value: number): string {
    try {
      return value.toLocaleString(this.locale);
    } catch {
      return value.toLocaleString('en');
    }
  }

  private activateNode(node: GraphNode): void {
    if (node.kind === 'more') return this.expandNode(node);
    const location = node.source ?? node.allocatedAt;
    if (location) this.openSource(location);
    else this.showNotice('info', this.strings.noSource);
  }

  private openSource(location: SourceLocation): void {
    this.post({ type: FromWebviewType.OpenSource, location: { path: location.path, line: location.line } });
  }

  private expandNode(node: GraphNode): void {
    if (isClientMoreId(node.id)) return this.revealCollapsed(node.id);
    if (!this.graph) return;
    const request = expandRequestFor(this.graph, node.id);
    if (!request) return this.log('error', `cannot expand node ${node.id}: its owner is not in the graph`);
    this.post({
      type: FromWebviewType.Expand,
      nodeId: node.id,
      target: request.target,
      offset: request.offset,
    });
  }

  /** A client-side "+N more" node: its members are already here; show the next few. */
  private revealCollapsed(moreId: string): void {
    const members = this.bounded?.collapsed.get(moreId) ?? [];
    for (const id of members.slice(0, REVEAL_STEP)) this.revealed.add(id);
    void this.relayout({ keepView: true, focusId: this.graphHasFocus() ? members[0] : undefined });
  }

  /** Only a user who is working in the graph with the keyboard gets focus moved for them. */
  private graphHasFocus(): boolean {
    return this.view.element.contains(document.activeElement);
  }

  private whyAlive(node: GraphNode): void {
    if (node.kind === 'more') return this.showNotice('info', this.strings.expandFirst);
    this.post({ type: FromWebviewType.WhyAlive, target: refOf(node) });
  }

  private exportAs(format: 'dot' | 'svg'): void {
    if (!this.graph) return this.showNotice('info', this.strings.nothingToExport);
    const text =
      format === 'dot'
        ? graphToDot(this.graph, this.title || 'ObjectGraph', this.strings)
        : this.drawing
          ? drawingToSvg(this.drawing, this.themePalette(), this.title)
          : undefined;
    if (text === undefined) return this.showNotice('info', this.strings.stillLayingOut);
    this.post({ type: FromWebviewType.ExportResult, format, text });
  }

  /** The current theme's colours, resolved, for a standalone SVG. */
  private themePalette(): ExportPalette {
    const style = getComputedStyle(document.documentElement);
    const read = (name: string) => style.getPropertyValue(name).trim() || undefined;
    return resolvePalette(read, read('--vscode-editor-font-family'));
  }

  private showNotice(level: NoticeMessage['level'], text: string): void {
    this.banner.replaceChildren();
    this.banner.className = `banner banner--${level}`;
    this.banner.setAttribute('role', level === 'error' ? 'alert' : 'status');
    const close = html(
      'button',
      'banner__close',
      { type: 'button', 'aria-label': this.strings.dismiss, title: this.strings.dismiss },
      '×',
    );
    close.addEventListener('click', () => this.hideNotice());
    this.banner.append(html('span', 'banner__text', {}, text), close);
    this.banner.hidden = false;
  }

  private hideNotice(): void {
    this.banner.hidden = true;
    this.banner.replaceChildren();
  }

  private updateProgress(): void {
    this.progress.hidden = !(this.hostBusy || document.body.dataset.graphState === 'layingOut');
  }

  private setState(state: GraphState): void {
    document.body.dataset.graphState = state;
  }

  private onGlobalKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event)) return;
    switch (event.key) {
      case '+':
      case '=':
        return this.view.zoomIn();
      case '-':
      case '_':
        return this.view.zoomOut();
      case 'f':
      case 'F':
        return this.view.fit();
    }
  }

  private log(level: 'info' | 'error', text: string): void {
    this.post({ type: FromWebviewType.Log, level, text });
  }
}

/** Key presses inside text fields are typing, not shortcuts. */
function isTyping(event: KeyboardEvent): boolean {
  return event
    .composedPath()
    .some((t) => t instanceof HTMLElement && /^(INPUT|TEXTAREA|VSCODE-TEXTFIELD)$/.test(t.tagName));
}
