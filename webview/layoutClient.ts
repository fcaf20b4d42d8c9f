/**
 * Runs ELK off the UI thread. The worker script is fetched as text from its webview URI and
 * started from a blob: URL, because `new Worker(webviewUri)` is refused in a VS Code webview
 * (the resource origin differs from the page's; facts.md section 6).
 */
import ELK from 'elkjs/lib/elk-api';
import type { ELK as ElkInstance, ElkNode } from 'elkjs/lib/elk-api';

/** Thrown (as a rejection) when a newer layout replaced a running one. */
export class LayoutSupersededError extends Error {
  constructor() {
    super('layout superseded by a newer one');
  }
}

/** Lays out ELK graphs in a Web Worker, one at a time; a new request cancels the running one. */
export class ElkLayoutClient {
  private workerUrl?: Promise<string>;
  private elk?: ElkInstance;
  private running?: { readonly reject: (reason: Error) => void };

  constructor(private readonly workerScriptUri: string) {}

  /** Lays out `graph`; rejects with `LayoutSupersededError` if another layout starts first. */
  async layout(graph: ElkNode): Promise<ElkNode> {
    this.cancelRunning();
    let reject!: (reason: Error) => void;
    const cancelled = new Promise<never>((_, r) => (reject = r));
    const running = { reject };
    this.running = running;
    try {
      const elk = await Promise.race([this.instance(), cancelled]);
      return await Promise.race([elk.layout(graph), cancelled]);
    } finally {
      if (this.running === running) this.running = undefined;
    }
  }

  /** Stops the worker. */
  dispose(): void {
    this.cancelRunning();
    this.elk?.terminateWorker();
    this.elk = undefined;
  }

  /**
   * A layout nobody waits for any more would keep the worker busy for seconds on a big graph:
   * terminate it and start a fresh worker for the next request.
   */
  private cancelRunning(): void {
    if (!this.running) return;
    this.running.reject(new LayoutSupersededError());
    this.running = undefined;
    this.elk?.terminateWorker();
    this.elk = undefined;
  }

  private async instance(): Promise<ElkInstance> {
    if (this.elk) return this.elk;
    const url = await this.blobUrl();
    this.elk ??= new ELK({ workerFactory: () => new Worker(url) });
    return this.elk;
  }

  /** The worker script as a blob: URL, fetched once per panel. */
  private blobUrl(): Promise<string> {
    if (!this.workerUrl) {
      this.workerUrl = fetch(this.workerScriptUri).then(async (response) => {
        if (!response.ok) throw new Error(`Could not load the layout worker (HTTP ${response.status})`);
        const text = await response.text();
        return URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
      });
      // Let a failed fetch be retried on the next layout rather than cached forever.
      this.workerUrl.catch(() => (this.workerUrl = undefined));
    }
    return this.workerUrl;
  }
}
