/**
 * Messages between the extension host and the retained-size worker (`retainedWorker.ts`). The
 * worker keeps each session's dominator tree; the host asks it for pieces.
 */
import type { HeapGraphResult } from '../../../common/agentProtocol';
import type { DominatorEntry, TypeRetained } from '../../core/retained/retainedModel';

/** What one computation found, for the view's header and the Types view. */
export interface RetainedSummary {
  readonly nodeCount: number;
  readonly trackedCount: number;
  readonly edgeCount: number;
  readonly reachableBytes: number;
  readonly unreachableBytes: number;
  readonly unreachableCount: number;
  readonly estimatedCount: number;
  /** The roots' level of the dominator tree, biggest first. */
  readonly top: readonly DominatorEntry[];
  readonly types: readonly TypeRetained[];
  readonly millis: { readonly decode: number; readonly dominators: number };
}

export type WorkerRequest =
  | {
      readonly id: number;
      readonly kind: 'compute';
      readonly key: string;
      readonly graph: HeapGraphResult;
      readonly limit: number;
    }
  | {
      readonly id: number;
      readonly kind: 'dominated';
      readonly key: string;
      readonly index: number;
      readonly limit: number;
    }
  | {
      readonly id: number;
      readonly kind: 'retainedOf';
      readonly key: string;
      readonly addresses: readonly number[];
    }
  | { readonly id: number; readonly kind: 'forget'; readonly key: string };

export type WorkerReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly summary?: RetainedSummary;
      readonly entries?: readonly DominatorEntry[];
      /** For `retainedOf`: retained bytes per address asked (-1: not in the graph). */
      readonly retained?: readonly number[];
    }
  | {
      readonly id: number;
      readonly ok: false;
      /** `notComputed`: no tree kept for that session; `failed`: an error (its first line in `detail`). */
      readonly code: 'notComputed' | 'failed';
      readonly detail?: string;
    };
