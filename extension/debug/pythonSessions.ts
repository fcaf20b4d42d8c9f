/**
 * Tracks the debug sessions Leak Hunter can read (Python via debugpy), gives each one its heap
 * agent and heap history, and picks the session a command works on.
 */
import * as vscode from 'vscode';
import { SUPPORTED_DEBUG_TYPES } from '../constants';
import { SessionHeapState } from '../core/heapModel';
import { PythonHeapAgent, type DapEvaluator } from './agentClient';
import { UserFacingError } from '../errors';

/** One tracked Python debug session. */
export interface TrackedSession {
  readonly session: vscode.DebugSession;
  readonly agent: PythonHeapAgent;
  readonly heap: SessionHeapState;
}

/** Keeps a `TrackedSession` per live Python debug session, and the last one after it ends. */
export class PythonSessions implements vscode.Disposable {
  private readonly live = new Map<string, TrackedSession>();
  private lastShown: TrackedSession | undefined;
  private readonly changed = new vscode.EventEmitter<TrackedSession | undefined>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Fires when a session's heap data changed, started or ended. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly loadAgentSource: () => string,
    private readonly log: (line: string) => void,
  ) {
    this.disposables.push(
      this.changed,
      vscode.debug.onDidStartDebugSession((s) => this.track(s)),
      vscode.debug.onDidTerminateDebugSession((s) => this.end(s)),
    );
    for (const s of activeSessions()) {
      this.track(s);
    }
  }

  /** The session whose data the view shows: the last one worked on, even after it ended. */
  get shown(): TrackedSession | undefined {
    return this.lastShown;
  }

  /** Marks a session as the one shown, and tells the view. */
  show(tracked: TrackedSession): void {
    this.lastShown = tracked;
    this.changed.fire(tracked);
  }

  /**
   * The session a command works on: the only Python session, or the one the user picks when
   * there are several (the active one first). Throws a `UserFacingError` that says what to do
   * when there is none. Returns undefined when the user dismissed the pick.
   */
  async pick(): Promise<TrackedSession | undefined> {
    const candidates = [...this.live.values()];
    if (candidates.length === 0) {
      const other = vscode.debug.activeDebugSession;
      if (other) {
        throw new UserFacingError(
          `Leak Hunter reads Python programs debugged with debugpy, but the active debug session "${other.name}" is of type "${other.type}". Start your Python program with a "debugpy" (Python Debugger) launch configuration and try again.`,
        );
      }
      throw new UserFacingError(
        'No Python debug session. Start your program under the debugger (Run and Debug, a "debugpy" launch configuration), then run this command again.',
        'Open Run and Debug',
        'workbench.view.debug',
      );
    }
    if (candidates.length === 1) {
      return candidates[0];
    }
    const active = vscode.debug.activeDebugSession;
    const ordered = [...candidates].sort((a, b) =>
      a.session.id === active?.id ? -1 : b.session.id === active?.id ? 1 : 0,
    );
    const picked = await vscode.window.showQuickPick(
      ordered.map((t) => ({
        label: t.session.name,
        description: t.session.id === active?.id ? 'active' : undefined,
        detail: t.heap.latest
          ? `last snapshot: ${t.heap.latest.totalObjects.toLocaleString()} objects`
          : 'no snapshot yet',
        tracked: t,
      })),
      { title: 'Leak Hunter: which debug session?', placeHolder: 'Pick the Python program to inspect' },
    );
    return picked?.tracked;
  }

  private track(session: vscode.DebugSession): void {
    if (!SUPPORTED_DEBUG_TYPES.includes(session.type) || this.live.has(session.id)) {
      return;
    }
    const evaluator: DapEvaluator = {
      evaluate: async (args) => session.customRequest('evaluate', args),
    };
    const tracked: TrackedSession = {
      session,
      agent: new PythonHeapAgent(evaluator, this.loadAgentSource(), this.log),
      heap: new SessionHeapState(session.name),
    };
    this.live.set(session.id, tracked);
    this.log(`Tracking debug session "${session.name}" (${session.type}).`);
  }

  private end(session: vscode.DebugSession): void {
    const tracked = this.live.get(session.id);
    if (!tracked) {
      return;
    }
    this.live.delete(session.id);
    tracked.agent.dispose();
    tracked.heap.ended = true;
    this.log(`Debug session "${session.name}" ended; keeping its last snapshot.`);
    this.changed.fire(tracked);
  }

  dispose(): void {
    for (const t of this.live.values()) {
      t.agent.dispose();
    }
    this.live.clear();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

function activeSessions(): vscode.DebugSession[] {
  const active = vscode.debug.activeDebugSession;
  return active ? [active] : [];
}
