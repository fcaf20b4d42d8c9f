/**
 * The retainer graph panel's host side: one webview panel that shows Show Retainers, Why Is This
 * Alive?, Show References and cycle graphs, and answers the webview's requests (expand a node,
 * change limits, open source, export). Speaks only the typed protocol in `common/panelProtocol.ts`;
 * every backend request goes through the request runner (progress, cancel, one wording of failures).
 */
import * as vscode from 'vscode';
import type { ChainRoot, GraphLimits, ObjectGraph, ObjectRef } from '../../common/agentProtocol';
import { formatAddress } from '../../common/format';
import {
  FromWebviewType,
  ToWebviewType,
  type FromWebviewMessage,
  type GraphMode,
  type ShowGraphMessage,
  type ToWebviewMessage,
} from '../../common/panelProtocol';
import { buildPanelHtml } from '../../common/panelHtml';
import { translatePanelStrings } from '../../common/panelStrings';
import { SubscriptionStore } from '../core/events';
import type { UserMessage } from '../core/failures';
import { graphLimits, labelOptions, readSetting, Setting } from '../host/config';
import type { Notifier } from '../host/notifier';
import type { RequestRunner } from '../host/requestRunner';
import type { TrackedSession } from '../host/sessionRegistry';
import { openSourceLocation } from '../host/sourceNavigator';
import { withRetainedSizes, type RetainedSizeSource } from './retainedSizes';

const VIEW_TYPE = 'leakHunter.retainerGraph';

/** What the panel currently shows, so limits can be changed and nodes expanded. */
interface PanelQuery {
  readonly tracked: TrackedSession;
  readonly mode: GraphMode;
  readonly target: ObjectRef;
  /** Where "Why Is This Alive?" starts: a module unless the user chose otherwise. */
  readonly root: ChainRoot;
  limits: GraphLimits;
}

/** Owns the single retainer graph panel. */
export class RetainerGraphPanels implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private query: PanelQuery | undefined;
  private ready: Promise<void> | undefined;
  private markReady: (() => void) | undefined;
  /** The open panel's listeners, disposed with it (a new panel gets new ones). */
  private readonly panelListeners = new SubscriptionStore();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runner: RequestRunner,
    private readonly notifier: Notifier,
    /** Retained sizes for the nodes, once Show Biggest Objects computed them. */
    private readonly retainedSizes?: RetainedSizeSource,
  ) {}

  /** How many listeners the panel holds (none while it is closed), for the extension-host tests. */
  get listenerCount(): number {
    return this.panelListeners.size;
  }

  /** The last graph sent to the webview, for the extension-host tests. */
  lastGraph: ShowGraphMessage | undefined;

  /** Runs a graph query and shows its result in the panel (opening it if needed). */
  async show(
    tracked: TrackedSession,
    mode: GraphMode,
    target: ObjectRef,
    root: ChainRoot = { kind: 'module' },
  ): Promise<void> {
    this.query = { tracked, mode, target, root, limits: graphLimits() };
    this.open();
    await this.runQuery();
  }

  /** Shows a graph that is already at hand (a cycle example). */
  showGraph(
    tracked: TrackedSession,
    mode: GraphMode,
    title: string,
    graph: ObjectGraph,
    hint?: string,
  ): void {
    const target = graph.nodes.find((n) => n.id === graph.targetId) ?? graph.nodes[0];
    this.query = {
      tracked,
      mode,
      target: { address: target?.address ?? 0, typeKey: target?.typeKey ?? '' },
      root: { kind: 'module' },
      limits: graphLimits(),
    };
    this.open();
    this.panel!.title = panelTitle(mode);
    void this.postGraph(tracked, { mode, title, graph, limits: this.query.limits, hint });
  }

  /** Posts a graph to show, with its nodes' retained sizes when they were computed. */
  private async postGraph(tracked: TrackedSession, message: Omit<ShowGraphMessage, 'type'>): Promise<void> {
    const { graph, staleNote } = await this.sized(tracked, message.graph);
    const hint = [message.hint, staleNote].filter(Boolean).join(' ') || undefined;
    await this.post({ ...message, type: ToWebviewType.ShowGraph, graph, hint });
  }

  /**
   * `graph` with retained sizes (one worker call), and a note when the heap changed since they were
   * computed (a snapshot taken after them), so old sizes are never silently mixed with new nodes.
   */
  private async sized(
    tracked: TrackedSession,
    graph: ObjectGraph,
  ): Promise<{ graph: ObjectGraph; staleNote?: string }> {
    const sized = await withRetainedSizes(graph, tracked.session.id, this.retainedSizes, (error) =>
      this.runner.log(`[graph panel] no retained sizes: ${String(error)}`),
    );
    const snapshots = tracked.model.snapshots;
    const lastSnapshot = snapshots[snapshots.length - 1]?.receivedAt ?? 0;
    if (!sized.computedAt || lastSnapshot <= sized.computedAt.getTime()) {
      return { graph: sized.graph };
    }
    const staleNote = vscode.l10n.t(
      'Retained sizes ("keeps") are from Show Biggest Objects at {0}; a snapshot taken since shows the heap has changed. Run Show Biggest Objects again for current sizes.',
      sized.computedAt.toLocaleTimeString(),
    );
    return { graph: sized.graph, staleNote };
  }

  private open(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const distRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      panelTitle('retainers'),
      { viewColumn: vscode.ViewColumn.Two, preserveFocus: true },
      {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [distRoot, mediaRoot],
      },
    );
    panel.iconPath = vscode.Uri.joinPath(mediaRoot, 'leak-hunter.svg');
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    const uri = (root: vscode.Uri, file: string) =>
      panel.webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
    panel.webview.html = buildPanelHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      mainScriptUri: uri(distRoot, 'main.js'),
      elementsScriptUri: uri(distRoot, 'vscode-elements.js'),
      elkWorkerUri: uri(distRoot, 'elk-worker.js'),
      codiconCssUri: uri(distRoot, 'codicon.css'),
      graphCssUri: uri(mediaRoot, 'graph.css'),
      // The webview's English table (common/panelStrings.ts) is the message list: each entry goes
      // through vscode.l10n.t here, so one table feeds the page and a translation bundle alike.
      strings: translatePanelStrings((english) => vscode.l10n.t(english)),
      language: vscode.env.language,
    });
    this.panelListeners.add(panel.webview.onDidReceiveMessage((m: FromWebviewMessage) => this.onMessage(m)));
    this.panelListeners.add(
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.query = undefined;
        this.panelListeners.dispose();
        // Closed before the app said it was ready: let pending posts finish (they drop).
        this.markReady?.();
      }),
    );
    this.panel = panel;
  }

  private async runQuery(): Promise<void> {
    const q = this.query;
    if (!q) {
      return;
    }
    const { tracked, mode, target } = q;
    const what = `${target.typeKey} at ${formatAddress(target.address)}`;
    this.panel!.title = panelTitle(mode);
    await this.post({ type: ToWebviewType.Busy, busy: true });
    const labels = labelOptions();
    const options = { title: modeTitle(mode), report: (m: UserMessage) => this.reportFailure(m) };
    if (mode === 'chain') {
      const maxDepth = readSetting(Setting.ChainMaxDepth);
      const result = await this.runner.run(tracked, options, (backend, token) =>
        backend.chain(
          { target, root: q.root, maxDepth, labels, mergeInstanceDicts: q.limits.mergeInstanceDicts },
          token,
        ),
      );
      if (result) {
        await this.postGraph(tracked, {
          mode,
          title: vscode.l10n.t('Why is {0} alive?', what),
          graph: result.graph,
          limits: q.limits,
        });
        if (!result.found) {
          await this.postNotice(
            'warning',
            vscode.l10n.t(
              'No chain from {0} to {1} within {2} steps: it is kept by something else (a running frame, a cycle, native code). Try Show Retainers.',
              rootText(q.root),
              what,
              maxDepth,
            ),
          );
        }
      }
    } else {
      const references = mode === 'references';
      const params = { target, limits: q.limits, labels };
      const graph = await this.runner.run(tracked, options, (backend, token) =>
        references ? backend.references(params, token) : backend.retainers(params, token),
      );
      if (graph) {
        await this.postGraph(tracked, {
          mode,
          title: references
            ? vscode.l10n.t('What {0} refers to', what)
            : vscode.l10n.t('What keeps {0}', what),
          graph,
          limits: q.limits,
        });
      }
    }
    await this.post({ type: ToWebviewType.Busy, busy: false });
  }

  private async onMessage(message: FromWebviewMessage): Promise<void> {
    const q = this.query;
    switch (message.type) {
      case FromWebviewType.Ready:
        this.markReady?.();
        return;
      case FromWebviewType.OpenSource:
        await openSourceLocation(
          this.notifier,
          q?.tracked.session,
          message.location,
          vscode.l10n.t('this node'),
        );
        return;
      case FromWebviewType.WhyAlive:
        if (q) {
          await this.show(q.tracked, 'chain', message.target);
        }
        return;
      case FromWebviewType.ChangeLimits:
        if (q) {
          q.limits = message.limits;
          await this.runQuery();
        }
        return;
      case FromWebviewType.Expand:
        if (q) {
          await this.expand(q, message.nodeId, message.target, message.offset);
        }
        return;
      case FromWebviewType.ExportResult:
        await this.saveExport(message.format, message.text);
        return;
      case FromWebviewType.Log:
        this.runner.log(`[graph panel] ${message.text}`);
        return;
      default:
        this.runner.log(`[graph panel] unknown message: ${JSON.stringify(message).slice(0, 200)}`);
    }
  }

  private async expand(q: PanelQuery, nodeId: string, target: ObjectRef, offset: number): Promise<void> {
    await this.post({ type: ToWebviewType.Busy, busy: true });
    const graph = await this.runner.run(
      q.tracked,
      { title: vscode.l10n.t('Expanding the graph'), report: (m) => this.reportFailure(m) },
      (backend, token) =>
        backend.expand(
          {
            target,
            limits: q.limits,
            labels: labelOptions(),
            offset,
            direction: q.mode === 'references' ? 'references' : 'retainers',
          },
          token,
        ),
    );
    if (graph) {
      const { graph: sized } = await this.sized(q.tracked, graph);
      await this.post({ type: ToWebviewType.MergeGraph, expandedId: nodeId, graph: sized });
    }
    await this.post({ type: ToWebviewType.Busy, busy: false });
  }

  /** A failure is told inside the panel; when an action helps, also in a notification with its button. */
  private reportFailure(message: UserMessage): void {
    void this.postNotice(message.level, message.text);
    if (message.action) {
      void this.notifier.showMessage(message);
    }
  }

  private postNotice(level: UserMessage['level'], text: string): Promise<void> {
    return this.post({ type: ToWebviewType.Notice, level, text });
  }

  private async saveExport(format: 'dot' | 'svg', text: string): Promise<void> {
    const uri = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export graph as {0}', format.toUpperCase()),
      filters: format === 'dot' ? { 'Graphviz DOT': ['dot', 'gv'] } : { SVG: ['svg'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]
        ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `retainers.${format}`)
        : undefined,
    });
    if (uri) {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      void this.notifier.show('info', vscode.l10n.t('Leak Hunter: graph saved to {0}.', uri.fsPath));
    }
  }

  private async post(message: ToWebviewMessage): Promise<void> {
    if (!this.panel) {
      return;
    }
    await this.ready;
    const panel = this.panel;
    if (!panel) {
      return; // closed while waiting for the app
    }
    if (message.type === ToWebviewType.ShowGraph) {
      this.lastGraph = message;
    }
    await panel.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    this.panelListeners.dispose();
  }
}

function rootText(root: ChainRoot): string {
  return root.kind === 'module'
    ? vscode.l10n.t('a module')
    : root.kind === 'frame'
      ? vscode.l10n.t('a running frame')
      : vscode.l10n.t('an object of type {0}', root.typeName);
}

/** What a graph of `mode` shows, as a progress title says it. */
function modeTitle(mode: GraphMode): string {
  switch (mode) {
    case 'chain':
      return vscode.l10n.t('Why Is This Alive?');
    case 'references':
      return vscode.l10n.t('References');
    case 'cycle':
      return vscode.l10n.t('Reference Cycle');
    default:
      return vscode.l10n.t('Retainers');
  }
}

function panelTitle(mode: GraphMode): string {
  return vscode.l10n.t('Leak Hunter: {0}', modeTitle(mode));
}

function makeNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}
