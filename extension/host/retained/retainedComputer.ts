/**
 * Runs the retained-size worker and talks to it: compute a session's dominator tree from a heap
 * graph, list what a node dominates, forget a session. One worker, started on first use.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HeapGraphResult } from '../../../common/agentProtocol';
import type { DominatorEntry } from '../../core/retained/retainedModel';
import type { RetainedSummary, WorkerReply, WorkerRequest } from './retainedMessages';

/** A request the worker could not answer; `code` says why (the host words it). */
export class RetainedWorkerError extends Error {
  constructor(
    readonly code: 'notComputed' | 'failed' | 'stopped',
    detail: string,
  ) {
    super(detail);
  }
}

type Pending = { resolve: (reply: WorkerReply & { ok: true }) => void; reject: (error: Error) => void };

/** The worker's client. `workerFile` is dist/retainedWorker.js. */
export class RetainedComputer {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly workerFile: string) {}

  /** For an extension rooted at `extensionRoot`. */
  static forExtension(extensionRoot: string): RetainedComputer {
    return new RetainedComputer(join(extensionRoot, 'dist', 'retainedWorker.js'));
  }

  /** Computes (and keeps, under `key`) the dominator tree of `graph`. */
  async compute(key: string, graph: HeapGraphResult, limit: number): Promise<RetainedSummary> {
    const reply = await this.send({ id: 0, kind: 'compute', key, graph, limit });
    return reply.summary!;
  }

  /** What node `index` of `key`'s tree dominates directly (SUPER_ROOT: the roots' level). */
  async dominated(key: string, index: number, limit: number): Promise<readonly DominatorEntry[]> {
    const reply = await this.send({ id: 0, kind: 'dominated', key, index, limit });
    return reply.entries ?? [];
  }

  /**
   * Retained bytes of the objects at `addresses` in `key`'s last computed tree (-1 for one not in
   * it), e.g. to show beside graph nodes' shallow bytes (GraphNode.retainedBytes).
   */
  async retainedOf(key: string, addresses: readonly number[]): Promise<readonly number[]> {
    const reply = await this.send({ id: 0, kind: 'retainedOf', key, addresses });
    return reply.retained ?? [];
  }

  /** Drops `key`'s tree. */
  forget(key: string): void {
    if (this.worker) void this.send({ id: 0, kind: 'forget', key }).catch(() => undefined);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new RetainedWorkerError('stopped', 'disposed'));
    this.pending.clear();
  }

  private send(request: WorkerRequest): Promise<WorkerReply & { ok: true }> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply);
      else p.reject(new RetainedWorkerError(reply.code, reply.detail ?? reply.code));
    });
    worker.on('error', (error) => this.fail(new RetainedWorkerError('failed', error.message)));
    worker.on('exit', (code) => this.fail(new RetainedWorkerError('stopped', `exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
