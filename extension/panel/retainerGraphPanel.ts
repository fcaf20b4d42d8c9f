/**
 * The retainer graph panel's host side: one webview panel that shows Show Retainers, Why Is This
 * Alive?, Show References and cycle graphs, and answers the webview's requests (expand a node,
 * change limits, open source, export). Speaks only the typed protocol in `core/panelProtocol.ts`.
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
import { graphLimits, labelOptions, readSetting, Setting } from '../config';
import { AgentCallError } from '../debug/agentClient';
import type { TrackedSession } from '../debug/pythonSessions';
import { openSourceLocation } from '../debug/sourceNavigator';
import type { Notifier } from '../notifier';
import { buildPanelHtml } from '../../common/panelHtml';

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
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly notifier: Notifier,
    private readonly log: (line: string) => void,
  ) {}

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
    this.panel!.title = `Leak Hunter: ${modeTitle(mode)}`;
    void this.post({ type: ToWebviewType.ShowGraph, mode, title, graph, limits: this.query.limits, hint });
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
      'Leak Hunter: Retainers',
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
    });
    panel.webview.onDidReceiveMessage(
      (m: FromWebviewMessage) => this.onMessage(m),
      undefined,
      this.disposables,
    );
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.query = undefined;
        // Closed before the app said it was ready: let pending posts finish (they drop).
        this.markReady?.();
      },
      undefined,
      this.disposables,
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
    this.panel!.title = `Leak Hunter: ${modeTitle(mode)}`;
    await this.post({ type: ToWebviewType.Busy, busy: true });
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Leak Hunter: ${modeTitle(mode)}…`,
          cancellable: true,
        },
        async (_p, token) => {
          const labels = labelOptions();
          if (mode === 'chain') {
            const result = await tracked.agent.call(
              'chain',
              { target, root: q.root, maxDepth: readSetting(Setting.ChainMaxDepth), labels },
              token,
            );
            await this.post({
              type: ToWebviewType.ShowGraph,
              mode,
              title: `Why is ${what} alive?`,
              graph: result.graph,
              limits: q.limits,
            });
            if (!result.found) {
              await this.post({
                type: ToWebviewType.Notice,
                level: 'warning',
                text: `No chain from ${rootText(q.root)} to ${what} within ${readSetting(Setting.ChainMaxDepth)} steps: it is kept by something else (a running frame, a cycle, C code). Try Show Retainers.`,
              });
            }
            return;
          }
          const method = mode === 'references' ? 'references' : 'retainers';
          const graph = await tracked.agent.call(method, { target, limits: q.limits, labels }, token);
          await this.post({
            type: ToWebviewType.ShowGraph,
            mode,
            title: mode === 'references' ? `What ${what} refers to` : `What keeps ${what}`,
            graph,
            limits: q.limits,
          });
        },
      );
    } catch (error) {
      await this.failed(error);
    } finally {
      await this.post({ type: ToWebviewType.Busy, busy: false });
    }
  }

  private async onMessage(message: FromWebviewMessage): Promise<void> {
    const q = this.query;
    switch (message.type) {
      case FromWebviewType.Ready:
        this.markReady?.();
        return;
      case FromWebviewType.OpenSource:
        await openSourceLocation(this.notifier, q?.tracked.session, message.location, 'this node');
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
        this.log(`[graph panel] ${message.text}`);
        return;
      default:
        this.log(`[graph panel] unknown message: ${JSON.stringify(message).slice(0, 200)}`);
    }
  }

  private async expand(q: PanelQuery, nodeId: string, target: ObjectRef, offset: number): Promise<void> {
    if (q.tracked.heap.ended) {
      await this.post({
        type: ToWebviewType.Notice,
        level: 'warning',
        text: 'The debug session ended: the graph cannot grow any more.',
      });
      return;
    }
    await this.post({ type: ToWebviewType.Busy, busy: true });
    try {
      const graph = await q.tracked.agent.call('expand', {
        target,
        limits: q.limits,
        labels: labelOptions(),
        offset,
        direction: q.mode === 'references' ? 'references' : 'retainers',
      });
      await this.post({ type: ToWebviewType.MergeGraph, expandedId: nodeId, graph });
    } catch (error) {
      await this.failed(error);
    } finally {
      await this.post({ type: ToWebviewType.Busy, busy: false });
    }
  }

  private async failed(error: unknown): Promise<void> {
    if (error instanceof AgentCallError && error.kind === 'cancelled') {
      await this.post({ type: ToWebviewType.Notice, level: 'info', text: 'Cancelled.' });
      return;
    }
    this.log(
      `Graph query failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    const text =
      error instanceof AgentCallError && error.kind === 'sessionEnded'
        ? 'The program ended before the graph was ready.'
        : error instanceof AgentCallError && error.agentCode === 'object_not_found'
          ? 'That object no longer exists: it was freed, or its address now holds another object. Take a new snapshot.'
          : `Could not build the graph: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    await this.post({ type: ToWebviewType.Notice, level: 'error', text });
  }

  private async saveExport(format: 'dot' | 'svg', text: string): Promise<void> {
    const uri = await vscode.window.showSaveDialog({
      title: `Export graph as ${format.toUpperCase()}`,
      filters: format === 'dot' ? { 'Graphviz DOT': ['dot', 'gv'] } : { SVG: ['svg'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]
        ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `retainers.${format}`)
        : undefined,
    });
    if (uri) {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      void this.notifier.show('info', `Leak Hunter: graph saved to ${uri.fsPath}.`);
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
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

function rootText(root: ChainRoot): string {
  return root.kind === 'module'
    ? 'a module'
    : root.kind === 'frame'
      ? 'a running frame'
      : `an object of type ${root.typeName}`;
}

function modeTitle(mode: GraphMode): string {
  switch (mode) {
    case 'chain':
      return 'Why Is This Alive?';
    case 'references':
      return 'References';
    case 'cycle':
      return 'Reference Cycle';
    default:
      return 'Retainers';
  }
}

function makeNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}
