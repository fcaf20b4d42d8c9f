/**
 * Tracks the debug sessions a backend can read, gives each one its backend and its session
 * model, and picks the session a command works on. Runtime-neutral: which sessions are read,
 * and how, is the backends' business.
 */
import * as vscode from 'vscode';
import type { HeapBackend, HeapBackendProvider } from '../backend/heapBackend';
import { LeakHunterError, type RuntimeWords } from '../core/failures';
import { SessionModel } from '../core/sessionModel';

/** One tracked debug session. */
export interface TrackedSession {
  readonly session: vscode.DebugSession;
  readonly backend: HeapBackend;
  readonly model: SessionModel;
  /** The runtime's words, for messages about this session. */
  readonly words: RuntimeWords;
}

/** Keeps a `TrackedSession` per live debug session a backend reads, and the last one after it ends. */
export class SessionRegistry implements vscode.Disposable {
  private readonly live = new Map<string, TrackedSession>();
  private lastShown: TrackedSession | undefined;
  private readonly shownChanged = new vscode.EventEmitter<TrackedSession | undefined>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Fires when the shown session changed, or its model did. */
  readonly onDidChangeShown = this.shownChanged.event;

  constructor(
    private readonly providers: readonly HeapBackendProvider[],
    private readonly log: (line: string) => void,
  ) {
    this.disposables.push(
      this.shownChanged,
      vscode.debug.onDidStartDebugSession((s) => this.track(s)),
      vscode.debug.onDidTerminateDebugSession((s) => this.end(s)),
    );
    const active = vscode.debug.activeDebugSession;
    if (active) {
      this.track(active);
    }
  }

  /** The session whose data the view shows: the last one whose model changed, even after it ended. */
  get shown(): TrackedSession | undefined {
    return this.lastShown;
  }

  /** The words of the runtimes read, for messages before a session is known. */
  get words(): RuntimeWords {
    return this.providers[0].words;
  }

  /**
   * The session a command works on: the only readable session, or the one the user picks when
   * there are several (the active one first). Throws a `LeakHunterError` (no session, or a
   * session of another type) when there is none; undefined when the user dismissed the pick.
   */
  async pick(): Promise<TrackedSession | undefined> {
    const candidates = [...this.live.values()];
    if (candidates.length === 0) {
      const other = vscode.debug.activeDebugSession;
      throw new LeakHunterError(
        other
          ? { kind: 'wrongSessionType', sessionName: other.name, sessionType: other.type }
          : { kind: 'noSession' },
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
        description: t.session.id === active?.id ? vscode.l10n.t('active') : undefined,
        detail: t.model.latest
          ? vscode.l10n.t('last snapshot: {0} objects', t.model.latest.totalObjects.toLocaleString())
          : vscode.l10n.t('no snapshot yet'),
        tracked: t,
      })),
      {
        title: vscode.l10n.t('Leak Hunter: which debug session?'),
        placeHolder: vscode.l10n.t('Pick the program to inspect'),
      },
    );
    return picked?.tracked;
  }

  private track(session: vscode.DebugSession): void {
    const provider = this.providers.find((p) => p.serves(session));
    if (!provider || this.live.has(session.id)) {
      return;
    }
    const model = new SessionModel(session.name);
    const tracked: TrackedSession = {
      session,
      backend: provider.create(session, this.log),
      model,
      words: provider.words,
    };
    // The view follows the session worked on last; an ended session stays shown if it was.
    model.onDidChange(({ change }) => {
      if (change !== 'ended') {
        this.lastShown = tracked;
      }
      if (this.lastShown === tracked) {
        this.shownChanged.fire(tracked);
      }
    });
    this.live.set(session.id, tracked);
    this.log(`Tracking debug session "${session.name}" (${session.type}).`);
  }

  private end(session: vscode.DebugSession): void {
    const tracked = this.live.get(session.id);
    if (!tracked) {
      return;
    }
    this.live.delete(session.id);
    tracked.backend.dispose();
    this.log(`Debug session "${session.name}" ended; keeping its last snapshot.`);
    tracked.model.markEnded();
  }

  dispose(): void {
    for (const t of this.live.values()) {
      t.backend.dispose();
      t.model.dispose();
    }
    this.live.clear();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
