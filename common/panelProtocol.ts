/**
 * The one typed message protocol between the extension host (`RetainerGraphPanel`) and the
 * webview app (`webview/`). Pure: imported by both sides, never imports `vscode` or the DOM.
 */
import type { GraphLimits, ObjectGraph, ObjectRef, SourceLocation } from './agentProtocol';

/** What the panel shows. */
export type GraphMode = 'retainers' | 'chain' | 'references' | 'cycle';

export const enum ToWebviewType {
  /** Replace the whole graph. */
  ShowGraph = 'showGraph',
  /** Merge more nodes and edges into the current graph (expand, "+N more"). */
  MergeGraph = 'mergeGraph',
  /** The host is working (true) or done (false). */
  Busy = 'busy',
  /** A message to show inside the panel (e.g. "No chain found", an error). */
  Notice = 'notice',
  /** Reply to an export request: the text to save is produced by the webview itself. */
  RequestExport = 'requestExport',
}

export interface ShowGraphMessage {
  readonly type: ToWebviewType.ShowGraph;
  readonly mode: GraphMode;
  /** Title line, e.g. "Why is Connection 0x7f… alive?". */
  readonly title: string;
  readonly graph: ObjectGraph;
  readonly limits: GraphLimits;
  /** For cycles: the kind of cycle and the usual fix. */
  readonly hint?: string;
}

export interface MergeGraphMessage {
  readonly type: ToWebviewType.MergeGraph;
  /** The node that was expanded (a `more` node is replaced by what it stood for). */
  readonly expandedId: string;
  readonly graph: ObjectGraph;
}

export interface BusyMessage {
  readonly type: ToWebviewType.Busy;
  readonly busy: boolean;
}

export interface NoticeMessage {
  readonly type: ToWebviewType.Notice;
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
}

export interface RequestExportMessage {
  readonly type: ToWebviewType.RequestExport;
  readonly format: 'dot' | 'svg';
}

export type ToWebviewMessage =
  ShowGraphMessage | MergeGraphMessage | BusyMessage | NoticeMessage | RequestExportMessage;

export const enum FromWebviewType {
  /** The app has loaded and can receive messages. */
  Ready = 'ready',
  /** Open the source of a node (or of an attribute edge). */
  OpenSource = 'openSource',
  /** Add the referrers (or referents) of a node; for a `more` node, the collapsed ones. */
  Expand = 'expand',
  /** Re-run the current query with other limits (depth, too many, ignored types). */
  ChangeLimits = 'changeLimits',
  /** Ask "Why is this alive?" for a node. */
  WhyAlive = 'whyAlive',
  /** The exported text, to be saved by the host. */
  ExportResult = 'exportResult',
  /** Something went wrong in the webview; the host logs it. */
  Log = 'log',
}

export interface ReadyMessage {
  readonly type: FromWebviewType.Ready;
}

export interface OpenSourceMessage {
  readonly type: FromWebviewType.OpenSource;
  readonly location: SourceLocation;
}

export interface ExpandMessage {
  readonly type: FromWebviewType.Expand;
  readonly nodeId: string;
  /** The object to expand; for a `more` node, the object whose referrers were collapsed. */
  readonly target: ObjectRef;
  /** For a `more` node: how many are already shown. */
  readonly offset: number;
}

export interface ChangeLimitsMessage {
  readonly type: FromWebviewType.ChangeLimits;
  readonly limits: GraphLimits;
}

export interface WhyAliveMessage {
  readonly type: FromWebviewType.WhyAlive;
  readonly target: ObjectRef;
}

export interface ExportResultMessage {
  readonly type: FromWebviewType.ExportResult;
  readonly format: 'dot' | 'svg';
  readonly text: string;
}

export interface LogMessage {
  readonly type: FromWebviewType.Log;
  readonly level: 'info' | 'error';
  readonly text: string;
}

export type FromWebviewMessage =
  | ReadyMessage
  | OpenSourceMessage
  | ExpandMessage
  | ChangeLimitsMessage
  | WhyAliveMessage
  | ExportResultMessage
  | LogMessage;
