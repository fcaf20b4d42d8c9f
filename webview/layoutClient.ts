/**
 * Runs ELK off the UI thread. The worker script is fetched as text from its webview URI and
 * started from a blob: URL, because `new Worker(webviewUri)` is refused in a VS Code webview
 * (the resource origin differs from the page's; facts.md section 6).
 *
 * One worker serves the whole panel. It is started and warmed up (small layouts through the same
 * code paths) as soon as the panel loads, so the first real graph pays as little as possible for
 * fetching the 1.6 MB script, compiling it and ELK's JIT warm-up; a real graph goes before the
 * warm-up, which goes on when the panel is idle. A layout that a newer one supersedes is not
 * killed (a fresh worker would be cold again): its result is dropped, and requests that were
 * superseded before they reached the worker are never sent at all.
 */
import ELK from 'elkjs/lib/elk-api';
import type { ELK as ElkInstance, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';

/** Thrown (as a rejection) when a newer layout replaced a running or waiting one. */
export class LayoutSupersededError extends Error {
  constructor() {
    super('layout superseded by a newer one');
  }
}

/**
 * A superseded layout bigger than this many nodes is killed with its worker rather than waited
 * for: finishing it would cost more than starting and warming a new worker (~0.3-0.6 s).
 */
export const KILL_SUPERSEDED_ABOVE_NODES = 800;

/**
 * A synthetic retainer-like graph for the warm-up: `layers` layers of `width` nodes, each node
 * held by one or two nodes of the layer above, so ELK runs the same phases as on a real graph
 * (long edges, crossings to minimise, orthogonal routing, labels when `labels`).
 */
export function warmUpGraph(
  layoutOptions: ElkNode['layoutOptions'],
  layers: number,
  width: number,
  labels: boolean,
): ElkNode {
  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  const id = (layer: number, i: number) => `n${layer}_${i}`;
  for (let layer = 0; layer < layers; layer++) {
    const count = layer === 0 ? 1 : Math.min(width, layer * 3);
    for (let i = 0; i < count; i++) {
      children.push({ id: id(layer, i), width: 90 + ((i * 37) % 120), height: 46 });
      if (layer === 0) continue;
      const above = layer === 1 ? 1 : Math.min(width, (layer - 1) * 3);
      const targets = [(i * 7) % above];
      if (i % 3 === 0) targets.push((i * 5 + 1) % above);
      for (const to of new Set(targets)) {
        const edgeId = `e${edges.length}`;
        edges.push({
          id: edgeId,
          sources: [id(layer, i)],
          targets: [id(layer - 1, to)],
          labels: labels ? [{ id: `${edgeId}.label`, text: `.a${i}`, width: 40, height: 12 }] : undefined,
        });
      }
    }
  }
  return { id: 'warm-up', layoutOptions: { ...layoutOptions }, children, edges };
}

/**
 * The warm-up: a tiny graph (starts the worker and compiles ELK's code), then small graphs with
 * and without labels until the JIT has optimised the hot paths. Each step is small (~40 nodes),
 * so a real graph that arrives meanwhile waits for one short step at most.
 */
const WARM_UP_STEPS: readonly (readonly [layers: number, width: number, labels: boolean])[] = [
  [3, 2, true],
  ...Array.from({ length: 5 }, () => [[6, 12, true] as const, [6, 12, false] as const]).flat(),
];

/**
 * After a real layout, the rest of the warm-up waits for this much idle time (longer than
 * drawing a big graph takes on a loaded machine), so it runs while the user reads the graph
 * and delays a next one by one short step at most.
 */
const WARM_UP_IDLE_MS = 2000;

/** A finished layout and where its time went (for the bench: test/webview/bench-layout.ts). */
export interface LayoutResult {
  readonly graph: ElkNode;
  /** From the request to the worker taking it: a warm-up step, or starting the worker. */
  readonly queuedMs: number;
  /** ELK's own layout time, as ELK measures it in the worker. */
  readonly elkMs: number;
  /** The rest of the round trip: copying the graph both ways, ELK's JSON import and export. */
  readonly transferMs: number;
}

interface Request {
  readonly graph: ElkNode;
  readonly requestedAt: number;
  readonly resolve: (result: LayoutResult) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * ELK reports its execution time in a unit that is 1e-6 of a millisecond off (a long-arithmetic
 * quirk of its GWT build): this factor turns it into milliseconds, as checked against the wall
 * clock around the same layouts.
 */
const ELK_TIME_TO_MS = 1e6;

/** Lays out ELK graphs in one long-lived Web Worker; only the newest request's result is used. */
export class ElkLayoutClient {
  private workerUrl?: Promise<string>;
  private elk?: ElkInstance;
  private starting?: Promise<ElkInstance>;
  /** Counts killed workers, so a start that a kill overtook does not install its worker. */
  private workerGeneration = 0;
  /** The request the worker is working on (or the warm-up, with no request). */
  private running?: { readonly request?: Request; readonly nodes: number; readonly elk: ElkInstance };
  /** The newest request, waiting for the worker. */
  private pending?: Request;
  private warming?: Promise<void>;
  /** When a real layout was last asked for or finished (`performance.now()`). */
  private lastRealLayoutAt = -Infinity;
  private disposed = false;

  /**
   * @param warmUpOptions layout options of the warm-up graph (those of the real layouts, so the
   *   same ELK phases are compiled).
   */
  constructor(
    private readonly workerScriptUri: string,
    private readonly warmUpOptions: ElkNode['layoutOptions'] = {},
  ) {}

  /**
   * Fetches the worker script, starts the worker and runs a tiny layout, before any graph
   * arrives. Never rejects: a failure shows up (and is retried) on the first real layout.
   */
  warmUp(): Promise<void> {
    this.warming ??= (async () => {
      try {
        for (const [layers, width, labels] of WARM_UP_STEPS) {
          let elk: ElkInstance;
          do {
            // Real layouts go first; the warm-up goes on once the panel has been idle a while.
            await this.idle();
            elk = await this.instance();
          } while (this.running || this.pending);
          if (this.disposed) return;
          const running = { nodes: 0, elk };
          this.running = running;
          try {
            await elk.layout(warmUpGraph(this.warmUpOptions, layers, width, labels));
          } finally {
            if (this.running === running) this.running = undefined;
            this.pump();
          }
        }
      } catch {
        // Reported by the first real layout, which retries the fetch.
      }
    })();
    return this.warming;
  }

  /** Resolves once no layout has been asked for or run for `WARM_UP_IDLE_MS` (or on dispose). */
  private async idle(): Promise<void> {
    const busy = () =>
      this.running || this.pending || performance.now() - this.lastRealLayoutAt < WARM_UP_IDLE_MS;
    while (!this.disposed && busy()) await new Promise((resolve) => setTimeout(resolve, WARM_UP_IDLE_MS));
  }

  /** Lays out `graph`; rejects with `LayoutSupersededError` if another layout starts first. */
  layout(graph: ElkNode): Promise<LayoutResult> {
    if (this.disposed) return Promise.reject(new Error('the layout client was disposed'));
    return new Promise<LayoutResult>((resolve, reject) => {
      this.pending?.reject(new LayoutSupersededError());
      this.pending = { graph, requestedAt: performance.now(), resolve, reject };
      this.lastRealLayoutAt = performance.now();
      const running = this.running;
      if (running?.request && running.nodes > KILL_SUPERSEDED_ABOVE_NODES) {
        // Too big to wait for: drop the worker with it; the next one starts cold.
        running.request.reject(new LayoutSupersededError());
        this.running = undefined;
        this.killWorker();
      }
      this.pump();
    });
  }

  /** Stops the worker; waiting requests are rejected as superseded. */
  dispose(): void {
    this.disposed = true;
    this.pending?.reject(new LayoutSupersededError());
    this.pending = undefined;
    this.running?.request?.reject(new LayoutSupersededError());
    this.running = undefined;
    this.killWorker();
  }

  /** Sends the newest waiting request to the worker once it is free. */
  private pump(): void {
    if (this.running || !this.pending || this.disposed) return;
    const request = this.pending;
    this.pending = undefined;
    void this.run(request);
  }

  private async run(request: Request): Promise<void> {
    // Marks the worker busy while the script is still being fetched, too.
    const placeholder = { request, nodes: request.graph.children?.length ?? 0, elk: undefined! };
    this.running = placeholder;
    let current: { readonly request?: Request; readonly nodes: number; readonly elk: ElkInstance } =
      placeholder;
    try {
      const elk = await this.instance();
      if (this.running !== placeholder) return; // killed or disposed meanwhile
      current = { ...placeholder, elk };
      this.running = current;
      const sentAt = performance.now();
      const result = await elk.layout(request.graph, { measureExecutionTime: true });
      const roundTripMs = performance.now() - sentAt;
      if (this.running !== current) return; // killed meanwhile: already rejected
      if (this.pending) return request.reject(new LayoutSupersededError());
      const elkMs = Math.min(roundTripMs, elkExecutionMs(result));
      // The timing tree is not part of the layout.
      delete (result as { logging?: unknown }).logging;
      request.resolve({
        graph: result,
        queuedMs: sentAt - request.requestedAt,
        elkMs,
        transferMs: roundTripMs - elkMs,
      });
    } catch (error) {
      if (this.running === current || this.running === placeholder) request.reject(error);
      // A worker that failed is not trusted with the next layout.
      if (this.running === current && this.elk === current.elk) this.killWorker();
    } finally {
      if (this.running === current || this.running === placeholder) this.running = undefined;
      this.lastRealLayoutAt = performance.now();
      this.pump();
    }
  }

  private killWorker(): void {
    this.elk?.terminateWorker();
    this.elk = undefined;
    this.starting = undefined;
    this.workerGeneration++;
  }

  /** The running worker, once it has loaded ELK (started on first use). */
  private instance(): Promise<ElkInstance> {
    this.starting ??= this.startWorker();
    return this.starting;
  }

  private async startWorker(): Promise<ElkInstance> {
    const generation = this.workerGeneration;
    try {
      const url = await this.blobUrl();
      if (this.disposed) throw new Error('the layout client was disposed');
      if (this.workerGeneration !== generation) throw new LayoutSupersededError(); // killed meanwhile
      const created = performance.now();
      const elk = new ELK({ algorithms: ['layered'], workerFactory: () => new Worker(url) });
      this.elk = elk;
      // The first answer comes once the worker has compiled and run ELK's 1.6 MB script.
      await elk.knownLayoutAlgorithms();
      performance.measure('leak-hunter:worker-boot', { start: created });
      return elk;
    } catch (error) {
      if (this.workerGeneration === generation) this.starting = undefined;
      throw error;
    }
  }

  /** The worker script as a blob: URL, fetched once per panel. */
  private blobUrl(): Promise<string> {
    if (!this.workerUrl) {
      const started = performance.now();
      this.workerUrl = fetch(this.workerScriptUri).then(async (response) => {
        if (!response.ok) throw new Error(`Could not load the layout worker (HTTP ${response.status})`);
        // As a Blob straight away: no decoding of 1.6 MB into a string and back.
        const script = await response.blob();
        performance.measure('leak-hunter:worker-fetch', { start: started });
        return URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
      });
      // Let a failed fetch be retried on the next layout rather than cached forever.
      this.workerUrl.catch(() => (this.workerUrl = undefined));
    }
    return this.workerUrl;
  }
}

/** ELK's own time for a layout run with `measureExecutionTime`, in ms (0 when not reported). */
function elkExecutionMs(result: ElkNode): number {
  const seconds = (result as { logging?: { executionTime?: unknown } }).logging?.executionTime;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * ELK_TIME_TO_MS : 0;
}

/**
 * Records where one layout's time went, as `performance.measure` entries for the bench
 * (test/webview/bench-layout.ts): bounding and ELK input on the main thread, waiting for the
 * worker, ELK itself, the copies and ELK's JSON import and export, drawing.
 */
export function recordLayoutTimings(
  started: number,
  prepared: number,
  laidOut: LayoutResult,
  laidOutAt: number,
): void {
  performance.measure('leak-hunter:prepare', { start: started, end: prepared });
  performance.measure('leak-hunter:queue', { start: prepared, duration: laidOut.queuedMs });
  performance.measure('leak-hunter:elk', { start: prepared + laidOut.queuedMs, duration: laidOut.elkMs });
  performance.measure('leak-hunter:transfer', { start: prepared, duration: laidOut.transferMs });
  performance.measure('leak-hunter:render', { start: laidOutAt });
  performance.mark('leak-hunter:laid-out', { startTime: laidOutAt });
}
