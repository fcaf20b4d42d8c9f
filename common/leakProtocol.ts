/**
 * The Find Leaks part of the host<->agent protocol (`agentProtocol.ts` lists the methods):
 * a recording is a baseline (`leakStart`), one snapshot per repetition of the suspect action
 * (`leakSample`), the suspects found so far (`leakSuspects`) and its end (`leakStop`).
 *
 * Between calls the agent keeps identities only (addresses with types, weak references that never
 * keep an object alive, container lengths), never a user object.
 */
import type { ObjectGraph, ObjectSummary, SourceLocation } from './agentProtocol';

/** One type among those that grew most since the baseline. */
export interface GrowingType {
  /** Type key (`module.qualname`, or the bare name of a builtin). */
  readonly key: string;
  /** Short name. */
  readonly name: string;
  /** Instances now. */
  readonly count: number;
  /** Instances now minus instances at the baseline (> 0). */
  readonly delta: number;
}

/** The reply to `leakStart` (repetition 0: the baseline) and to each `leakSample`. */
export interface LeakSnapshotResult {
  /** 0 for the baseline, then 1, 2, ... */
  readonly repetition: number;
  /** Objects counted (the agent's and the debugger's excluded). */
  readonly totalObjects: number;
  /** Seconds since the epoch, as the debuggee sees it. */
  readonly takenAt: number;
  /** Objects made since the baseline and alive at every snapshot since they were first seen. */
  readonly newSinceBaseline: number;
  /** Up to 10 types, most grown first. */
  readonly topGrowing: readonly GrowingType[];
  readonly agentMillis: number;
}

export interface LeakSuspectsParams {
  readonly labels: { readonly mode: 'safe' | 'repr'; readonly maxLength: number };
  /** Suspects returned at most, biggest first. */
  readonly maxSuspects: number;
  /** Draw each suspect's representative chain (the Why Is This Alive? search). */
  readonly chains: boolean;
}

/** One step of a retainer path: how the previous object holds this one, and what this one is. */
export interface LeakPathStep {
  /** `_registry`, `.connections`, `[*]` (an index or key, generalised), `{key}`, `cache`; empty for the root. */
  readonly label: string;
  readonly typeKey: string;
  /** `module app`, `class Session`, or the short type name. */
  readonly display: string;
}

/** Where the suspect's container is filled, and how that was found. */
export interface LeakSource extends SourceLocation {
  /**
   * `allocation`: where the representative object was allocated (allocation tracking on);
   * `adds`: a line that adds to the container (`name.append(`, `name[k] = `);
   * `lru_cache`: the cached function; `assigned`: where the container itself is assigned.
   */
  readonly why: 'allocation' | 'adds' | 'lru_cache' | 'assigned';
}

/** The container that accumulates: LeakCanary's boundary between "not leaking" and "leaking". */
export interface SuspectReference {
  /** How the user names it: `app._registry`, `ConnectionManager.connections`, `Service.lookup cache`. */
  readonly name: string;
  readonly address: number;
  readonly typeKey: string;
  readonly typeName: string;
  /** It was among the baseline's objects (an empty dict is not tracked, so it may read false). */
  readonly existedAtBaseline: boolean;
  /** Its length at each snapshot (baseline first) for dict / list / set / deque; null where unknown. */
  readonly lengths: ReadonlyArray<number | null> | null;
  /** In plain words: "`_registry` gained 200 entries in 5 repetitions; nothing removed them". */
  readonly reason: string;
}

/** A group of objects made after the baseline that survived and grew, with one retainer path shape. */
export interface LeakSuspect {
  /** Stable inside one reply. */
  readonly id: string;
  /** `module app -> _registry (list) -> [*] -> Connection`. */
  readonly path: string;
  readonly steps: readonly LeakPathStep[];
  /** Type of the group's objects. */
  readonly typeKey: string;
  readonly typeName: string;
  /** Objects in the group now. */
  readonly count: number;
  /** Of them, how many existed at each snapshot (baseline first: always 0). */
  readonly series: readonly number[];
  /** Average growth per repetition after the first one. */
  readonly growthPerRepetition: number;
  /** Shallow bytes of the group's objects. */
  readonly shallowBytes: number;
  /** New objects kept only through the group's objects, and their shallow bytes. */
  readonly keptObjects: number;
  readonly keptBytes: number;
  /** The most common types among the kept objects. */
  readonly keeps: ReadonlyArray<{ readonly typeName: string; readonly count: number }>;
  readonly reference: SuspectReference;
  /** The group's oldest object: the one the chain is drawn for. */
  readonly representative: ObjectSummary;
  /** Lines that add to the container, best first (may be empty). */
  readonly sources: readonly LeakSource[];
  /** The representative chain from a module (absent when chains were not asked for; null if none found). */
  readonly chain?: ObjectGraph | null;
  /** The chain's edge out of the suspect reference, to highlight. */
  readonly suspectEdge?: { readonly from: string; readonly to: string; readonly label: string };
}

export interface LeakSuspectsResult {
  /** Repetitions recorded so far (snapshots after the baseline). */
  readonly repetitions: number;
  /** Biggest first (shallow plus kept bytes). */
  readonly suspects: readonly LeakSuspect[];
  /** Objects made since the baseline that are still alive and reachable from a module. */
  readonly survivors: number;
  /** Why there is nothing to say yet (fewer than 2 repetitions). */
  readonly note?: string;
  readonly agentMillis: number;
}

export interface LeakStopResult {
  /** False when no recording was running. */
  readonly stopped: boolean;
  readonly repetitions: number;
}

// The Find Leaks methods join the method tables of `agentProtocol.ts` (a module augmentation, so
// that file need not import this one and no import cycle forms).
declare module './agentProtocol' {
  interface AgentParams {
    leakStart: Record<string, never>;
    leakSample: Record<string, never>;
    leakSuspects: LeakSuspectsParams;
    leakStop: Record<string, never>;
  }
  interface AgentResults {
    leakStart: LeakSnapshotResult;
    leakSample: LeakSnapshotResult;
    leakSuspects: LeakSuspectsResult;
    leakStop: LeakStopResult;
  }
}
