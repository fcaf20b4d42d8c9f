/**
 * The palette and context-menu commands. Each long request runs inside a cancellable progress
 * notification; user-facing failures say what to do next, cancellation is silent, and the rest
 * goes to the "Leak Hunter" Output channel.
 */
import * as vscode from 'vscode';
import type { ChainRoot, ObjectSummary, SnapshotResult } from '../common/agentProtocol';
import { formatGrowthTable } from './core/growth';
import { formatAddress } from '../common/format';
import { parseAddress } from './core/addresses';
import { firstLine, refOf } from '../common/format';
import { Command, TYPES_VIEW_ID } from './constants';
import { labelOptions, readSetting, Setting } from './config';
import { AgentCallError, type CancellationLike } from './debug/agentClient';
import type { PythonSessions, TrackedSession } from './debug/pythonSessions';
import { openSourceLocation } from './debug/sourceNavigator';
import { UserFacingError } from './errors';
import type { Notifier } from './notifier';
import type { GraphMode } from '../common/panelProtocol';
import type { RetainerGraphPanels } from './panel/retainerGraphPanel';
import {
  CycleGroupItem,
  CycleMemberItem,
  InstanceItem,
  TypeItem,
  type TypesTreeProvider,
} from './views/typesView';

/** Registers every Leak Hunter command. */
export class LeakHunterCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly sessions: PythonSessions,
    private readonly tree: TypesTreeProvider,
    private readonly panels: RetainerGraphPanels,
    private readonly output: vscode.OutputChannel,
    private readonly notifier: Notifier,
  ) {
    const register = (id: Command, handler: (...args: never[]) => unknown) =>
      this.disposables.push(vscode.commands.registerCommand(id, handler));
    register(Command.TakeSnapshot, () => this.takeSnapshot());
    register(Command.Refresh, () => this.takeSnapshot());
    register(Command.ShowGrowth, () => this.showGrowth('previous'));
    register(Command.ShowGrowthSinceBaseline, () => this.showGrowth('baseline'));
    register(Command.SetBaseline, () => this.setBaseline());
    register(Command.FilterTypes, () => this.filterTypes());
    register(Command.ClearFilter, () => this.tree.setFilter(''));
    register(Command.ShowOutput, () => this.output.show(true));
    register(Command.GoToTypeDefinition, (item?: TypeItem) => this.goToTypeDefinition(item));
    register(Command.ShowRetainers, (item?: ObjectItem) => this.showGraph('retainers', item));
    register(Command.WhyIsThisAlive, (item?: ObjectItem) => this.showGraph('chain', item));
    register(Command.ShowReferences, (item?: ObjectItem) => this.showGraph('references', item));
    register(Command.ShowCycleGroup, (item?: CycleGroupItem) => this.showCycleGroup(item));
    register(Command.ReleaseCycles, () => this.releaseCycles());
    register(Command.FindObjectsByType, () => this.findObjectsByType());
    register(Command.FindObjectAtAddress, () => this.findObjectAtAddress());
    register(Command.CopyAddress, (item?: ObjectItem) => this.copyAddress(item));
    register(Command.StartAllocationTracking, () => this.allocationTracking(true));
    register(Command.StopAllocationTracking, () => this.allocationTracking(false));
    register(Command.FindReferenceCycles, (scope?: unknown) => this.findReferenceCycles(scope));
    register(Command.ShowUncollectable, () => this.showGroups('garbage'));
    register(Command.FindLeakingObjects, () => this.showGroups('leaking'));
  }

  // ------------------------------------------------------------ snapshots and growth

  private async takeSnapshot(): Promise<void> {
    await this.withSession('Taking a heap snapshot', async (tracked, token) => {
      const snapshot = await this.snapshot(tracked, { setBaseline: false, compareToBaseline: false }, token);
      tracked.heap.recordSnapshot(snapshot);
      this.sessions.show(tracked);
      this.log(
        `Snapshot #${snapshot.sequence}: ${snapshot.totalObjects} objects in ${snapshot.agentMillis.toFixed(0)} ms.`,
      );
      await revealView();
    });
  }

  private async setBaseline(): Promise<void> {
    await this.withSession('Setting the baseline', async (tracked, token) => {
      const snapshot = await this.snapshot(tracked, { setBaseline: true, compareToBaseline: false }, token);
      tracked.heap.recordBaseline(snapshot);
      this.sessions.show(tracked);
      this.log(`Baseline set at snapshot #${snapshot.sequence} (${snapshot.totalObjects} objects).`);
      void this.notifier.show(
        'info',
        `Leak Hunter: baseline set (${snapshot.totalObjects.toLocaleString()} objects). Exercise your program, then run "Show Growth Since Baseline".`,
      );
      await revealView();
    });
  }

  private async showGrowth(against: 'previous' | 'baseline'): Promise<void> {
    await this.withSession('Measuring growth', async (tracked, token) => {
      if (against === 'baseline' && !tracked.heap.baseline) {
        throw new UserFacingError(
          'There is no baseline yet. Run "Leak Hunter: Set Baseline", exercise your program, then run "Show Growth Since Baseline".',
          'Set Baseline',
          Command.SetBaseline,
        );
      }
      const snapshot = await this.snapshot(
        tracked,
        { setBaseline: false, compareToBaseline: against === 'baseline' },
        token,
      );
      const report = tracked.heap.recordGrowth(snapshot, against);
      this.sessions.show(tracked);
      await revealView();
      if (!report) {
        void this.notifier.show(
          'info',
          'Leak Hunter: this is the first snapshot, so there is nothing to compare with yet. Exercise your program, then run "Show Growth" again.',
        );
        return;
      }
      const title =
        against === 'baseline'
          ? `Growth since the baseline (snapshot #${report.fromSequence} -> #${report.toSequence})`
          : `Growth (snapshot #${report.fromSequence} -> #${report.toSequence})`;
      this.output.appendLine('');
      this.output.appendLine(`${title}, ${new Date().toLocaleString()}, session "${tracked.session.name}":`);
      this.output.appendLine(formatGrowthTable(report, readSetting(Setting.MaxTypes)));
    });
  }

  private snapshot(
    tracked: TrackedSession,
    options: { setBaseline: boolean; compareToBaseline: boolean },
    token: CancellationLike,
  ): Promise<SnapshotResult> {
    return tracked.agent.call(
      'snapshot',
      { collect: readSetting(Setting.CollectGarbage), ...options },
      token,
    );
  }

  private async filterTypes(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Leak Hunter: Filter Types',
      prompt: 'Show only types whose module-qualified name contains this text (empty clears the filter)',
      value: this.tree.filter,
      placeHolder: 'e.g. Connection, myapp.models, dict',
    });
    if (value !== undefined) {
      await this.tree.setFilter(value);
    }
  }

  // ------------------------------------------------------------ source

  private async goToTypeDefinition(item?: TypeItem): Promise<void> {
    if (!(item instanceof TypeItem)) {
      void this.notifier.show('info', 'Pick a type in the Leak Hunter view, then use "Go to Definition".');
      return;
    }
    await this.run('Finding the definition', item.tracked, async (token) => {
      const result = await item.tracked.agent.call('typeSource', { typeKey: item.row.key }, token);
      if (!result.location) {
        void this.notifier.show(
          'info',
          `${item.row.key} has no Python source${result.reason ? `: ${result.reason}` : ''}.`,
        );
        return;
      }
      await openSourceLocation(this.notifier, item.tracked.session, result.location, item.row.key);
    });
  }

  // ------------------------------------------------------------ graphs

  private async showGraph(mode: GraphMode, item?: ObjectItem): Promise<void> {
    if (item instanceof InstanceItem || item instanceof CycleMemberItem) {
      await this.panels.show(item.tracked, mode, refOf(item.object));
      return;
    }
    const found = await this.pickObject();
    if (found) {
      await this.panels.show(found.tracked, mode, refOf(found.object));
    }
  }

  /** objgraph's `by_type`: a type name, then one of its instances, then an action. */
  private async findObjectsByType(): Promise<void> {
    const found = await this.pickObject();
    if (found) {
      await this.pickAction(found.tracked, found.object);
    }
  }

  /** objgraph's `at`: an address, then an action. */
  private async findObjectAtAddress(): Promise<void> {
    const tracked = await this.pickSession();
    if (!tracked) {
      return;
    }
    const text = await vscode.window.showInputBox({
      title: 'Leak Hunter: Find Object at Address',
      prompt: 'Address of a gc-tracked object, as id() or repr() shows it',
      placeHolder: '0x7f3a2c1b4d90 or 139888',
      validateInput: (v) =>
        parseAddress(v) === undefined ? 'Enter a hexadecimal (0x…) or decimal address' : undefined,
    });
    const address = text === undefined ? undefined : parseAddress(text);
    if (address === undefined) {
      return;
    }
    await this.run('Looking up the object', tracked, async (token) => {
      const result = await tracked.agent.call('find', { address, limit: 1, labels: labelOptions() }, token);
      const object = result.objects[0];
      if (!object) {
        void this.notifier.show(
          'warning',
          `No gc-tracked object lives at ${formatAddress(address)}. It may have been freed, or be an untracked object (an int, a str).`,
        );
        return;
      }
      await this.pickAction(tracked, object);
    });
  }

  private async pickObject(): Promise<{ tracked: TrackedSession; object: ObjectSummary } | undefined> {
    const tracked = await this.pickSession();
    if (!tracked) {
      return undefined;
    }
    const selected = this.tree.view.selection[0];
    const typeName = await vscode.window.showInputBox({
      title: 'Leak Hunter: Find Objects by Type',
      prompt: 'Type name, short or module-qualified',
      placeHolder: 'e.g. Connection or myapp.net.Connection',
      value: selected instanceof TypeItem ? selected.row.key : undefined,
      validateInput: (v) => (v.trim() === '' ? 'Enter a type name' : undefined),
    });
    if (!typeName) {
      return undefined;
    }
    const result = await this.run('Finding objects', tracked, (token) =>
      tracked.agent.call(
        'find',
        { typeName: typeName.trim(), limit: readSetting(Setting.MaxInstances), labels: labelOptions() },
        token,
      ),
    );
    if (!result) {
      return undefined;
    }
    if (result.objects.length === 0) {
      void this.notifier.show(
        'warning',
        `No live object of type "${typeName.trim()}". Check the name in the Leak Hunter view.`,
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      result.objects.map((o) => ({ label: o.label, description: formatAddress(o.address), object: o })),
      {
        title: `${result.total.toLocaleString()} objects of type ${typeName.trim()}`,
        placeHolder: 'Pick an object',
        matchOnDescription: true,
      },
    );
    return picked ? { tracked, object: picked.object } : undefined;
  }

  private async pickAction(tracked: TrackedSession, object: ObjectSummary): Promise<void> {
    type Action = { label: string; detail?: string; run: () => PromiseLike<unknown> };
    const ref = refOf(object);
    const show = (mode: GraphMode, root?: ChainRoot) => this.panels.show(tracked, mode, ref, root);
    const actions: Action[] = [
      {
        label: '$(question) Why Is This Alive?',
        detail: 'The shortest chain from a module',
        run: () => show('chain'),
      },
      {
        label: '$(question) Why Is This Alive? From a Running Frame',
        detail: 'The shortest chain from a function that is running now (its locals)',
        run: () => show('chain', { kind: 'frame' }),
      },
      {
        label: '$(question) Why Is This Alive? From an Object of a Type…',
        detail: 'The shortest chain from any object of a type you name',
        run: async () => {
          const typeName = await vscode.window.showInputBox({
            title: 'Why Is This Alive? From objects of which type?',
            placeHolder: 'e.g. ConnectionManager',
            validateInput: (v) => (v.trim() === '' ? 'Enter a type name' : undefined),
          });
          return typeName ? show('chain', { kind: 'type', typeName: typeName.trim() }) : undefined;
        },
      },
      { label: '$(references) Show Retainers', run: () => show('retainers') },
      { label: '$(arrow-right) Show References', run: () => show('references') },
      {
        label: '$(copy) Copy Address',
        run: () => vscode.env.clipboard.writeText(formatAddress(object.address)),
      },
    ];
    const picked = await vscode.window.showQuickPick(actions, {
      title: `${object.typeName} at ${formatAddress(object.address)}`,
    });
    await picked?.run();
  }

  private async copyAddress(item?: ObjectItem): Promise<void> {
    if (item instanceof InstanceItem || item instanceof CycleMemberItem) {
      await vscode.env.clipboard.writeText(formatAddress(item.object.address));
    }
  }

  private async allocationTracking(enable: boolean): Promise<void> {
    await this.withSession(
      enable ? 'Starting allocation tracking' : 'Stopping allocation tracking',
      async (tracked, token) => {
        const result = await tracked.agent.call(
          'allocationTracking',
          { enable, frames: readSetting(Setting.AllocationFrames) },
          token,
        );
        if (result.startedByUser) {
          void this.notifier.show(
            'info',
            'Your program already traces allocations with tracemalloc; Leak Hunter uses it and leaves it as it is.',
          );
        } else if (result.tracking) {
          void this.notifier.show(
            'info',
            'Leak Hunter: allocation tracking is on. Objects created from now on show where they were allocated. It slows your program down: run "Stop Allocation Tracking" when done.',
          );
        } else {
          void this.notifier.show('info', 'Leak Hunter: allocation tracking is off.');
        }
      },
    );
  }

  // ------------------------------------------------------------ cycles and garbage

  /** `scopeArgument` ('all' or 'sinceBaseline') skips the question, for keybindings and scripts. */
  private async findReferenceCycles(scopeArgument?: unknown): Promise<void> {
    await this.withSession('Finding reference cycles', async (tracked, token) => {
      const scope =
        scopeArgument === 'all' || scopeArgument === 'sinceBaseline'
          ? scopeArgument
          : tracked.heap.baseline
            ? await pickCycleScope()
            : 'all';
      if (scope === 'sinceBaseline' && !tracked.heap.baseline) {
        throw new UserFacingError(
          'There is no baseline yet. Run "Leak Hunter: Set Baseline" first, then exercise your program.',
          'Set Baseline',
          Command.SetBaseline,
        );
      }
      if (!scope) {
        return;
      }
      const result = await tracked.agent.call(
        'cycles',
        { scope, keepAlive: true, maxGroups: 200, labels: labelOptions() },
        token,
      );
      this.output.appendLine('');
      this.output.appendLine(
        `Reference cycles (${scope === 'all' ? 'all' : 'since the baseline'}): ${result.totalCycles} cycles, ${result.totalObjects} objects`,
      );
      for (const g of result.groups) {
        this.output.appendLine(`  ${g.signature}  x${g.count}${g.hasFinalizer ? '  (__del__)' : ''}`);
      }
      tracked.heap.cycles = result;
      this.sessions.show(tracked);
      await revealView();
      if (result.groups.length === 0) {
        void this.notifier.show(
          'info',
          'Leak Hunter: no reference cycles are waiting for the cycle collector. Objects that only the cycle collector would free show here.',
        );
        return;
      }
      await this.showCycleGroup(undefined, tracked, result.groups[0]);
    });
  }

  /** Draws one cycle of a group in the graph panel. */
  private async showCycleGroup(
    item?: CycleGroupItem,
    tracked = item?.tracked,
    group = item?.group,
  ): Promise<void> {
    if (!tracked || !group) {
      return;
    }
    if (!group.example) {
      void this.notifier.show('info', `Leak Hunter: no example of "${group.signature}" was kept to draw.`);
      return;
    }
    this.panels.showGraph(
      tracked,
      'cycle',
      `Cycle: ${group.signature} (x${group.count})`,
      group.example,
      group.hint,
    );
  }

  /** Lets the program free the cycle examples Leak Hunter kept alive for inspection. */
  private async releaseCycles(): Promise<void> {
    await this.withSession('Releasing the kept cycles', async (tracked, token) => {
      const result = await tracked.agent.call('releaseKept', {}, token);
      tracked.heap.cycles = undefined;
      this.sessions.show(tracked);
      void this.notifier.show(
        'info',
        `Leak Hunter: released ${result.released} kept objects; the garbage collector frees them as it would have.`,
      );
    });
  }

  private async showGroups(kind: 'garbage' | 'leaking'): Promise<void> {
    const title =
      kind === 'garbage' ? 'Uncollectable objects (gc.garbage)' : 'Leaking objects (nothing refers to them)';
    await this.withSession(
      `Listing ${kind === 'garbage' ? 'uncollectable' : 'leaking'} objects`,
      async (tracked, token) => {
        const result = await tracked.agent.call(kind, { labels: labelOptions(), maxGroups: 200 }, token);
        this.output.appendLine('');
        this.output.appendLine(`${title}: ${result.total}`);
        if (result.note) {
          this.output.appendLine(result.note);
        }
        for (const g of result.groups) {
          this.output.appendLine(`  ${g.typeName}  ${g.count}`);
        }
        if (result.groups.length === 0) {
          void this.notifier.show(
            'info',
            `Leak Hunter: ${title}: none.${result.note ? ` ${result.note}` : ''}`,
          );
          return;
        }
        const picked = await vscode.window.showQuickPick(
          result.groups.flatMap((g) =>
            g.examples.map((o) => ({
              label: o.label,
              description: `${g.typeName} · ${formatAddress(o.address)}`,
              object: o,
            })),
          ),
          { title: `${title}: ${result.total}`, placeHolder: 'Pick an object to see what keeps it' },
        );
        if (picked) {
          await this.pickAction(tracked, picked.object);
        }
      },
    );
  }

  // ------------------------------------------------------------ plumbing

  private async pickSession(): Promise<TrackedSession | undefined> {
    try {
      return await this.sessions.pick();
    } catch (error) {
      this.report(error, 'pick a debug session');
      return undefined;
    }
  }

  /** Picks a session, then runs `work` on it inside a cancellable progress notification. */
  private async withSession(
    title: string,
    work: (tracked: TrackedSession, token: CancellationLike) => Promise<void>,
  ): Promise<void> {
    const tracked = await this.pickSession();
    if (tracked) {
      await this.run(title, tracked, (token) => work(tracked, token));
    }
  }

  /** Runs one agent request with progress and cancel; returns undefined when it failed. */
  private async run<T>(
    title: string,
    tracked: TrackedSession,
    work: (token: CancellationLike) => Promise<T>,
  ): Promise<T | undefined> {
    if (tracked.heap.ended) {
      void this.notifier.show(
        'warning',
        `The debug session "${tracked.session.name}" has ended. Start your program again under the debugger to take new snapshots.`,
      );
      return undefined;
    }
    try {
      return await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Leak Hunter: ${title}…`,
          cancellable: true,
        },
        (_progress, token) => work(token),
      );
    } catch (error) {
      this.report(error, title.toLowerCase());
      return undefined;
    }
  }

  private report(error: unknown, doing: string): void {
    if (error instanceof AgentCallError && error.kind === 'cancelled') {
      this.log(`Cancelled: ${doing}.`);
      return;
    }
    if (error instanceof UserFacingError) {
      const actions =
        error.actionLabel && error.actionCommand ? [[error.actionLabel, error.actionCommand] as const] : [];
      void this.notifier.show('warning', error.message, ...actions);
      return;
    }
    this.log(
      `Failed to ${doing}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    if (error instanceof AgentCallError && error.kind === 'sessionEnded') {
      void this.notifier.show(
        'warning',
        'Leak Hunter: the program ended before the command finished. The last snapshot is kept in the Leak Hunter view.',
      );
      return;
    }
    if (error instanceof AgentCallError && error.kind === 'notPython') {
      void this.notifier.show(
        'error',
        'Leak Hunter could not run its helper in this debug session: is it a CPython program under debugpy? See the "Leak Hunter" output for details.',
      );
      return;
    }
    void this.notifier.show('error', `Leak Hunter could not ${doing}: ${firstLine(error)}`, [
      'Show Output',
      () => this.output.show(true),
    ]);
  }

  private log(line: string): void {
    this.output.appendLine(`[${new Date().toISOString()}] ${line}`);
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

/** A tree item that stands for one object. */
type ObjectItem = InstanceItem | CycleMemberItem;

async function revealView(): Promise<void> {
  await vscode.commands.executeCommand(`${TYPES_VIEW_ID}.focus`);
}

async function pickCycleScope(): Promise<'all' | 'sinceBaseline' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Cycles created since the baseline', scope: 'sinceBaseline' as const },
      { label: 'All cycles', scope: 'all' as const, description: "includes libraries' own cycles" },
    ],
    { title: 'Leak Hunter: Find Reference Cycles' },
  );
  return picked?.scope;
}
