/**
 * Finding objects (objgraph's `by_type` and `at`) and what to do with one: Why Is This Alive?,
 * Show Retainers, Show References, Copy Address. `pickObject` and `pickAction` are shared with
 * the graph and cycle commands.
 */
import * as vscode from 'vscode';
import type { ChainRoot, ObjectSummary } from '../../common/agentProtocol';
import { formatAddress, refOf } from '../../common/format';
import type { GraphMode } from '../../common/panelProtocol';
import { Command } from '../constants';
import { parseAddress } from '../core/addresses';
import { labelOptions, readSetting, Setting } from '../host/config';
import type { TrackedSession } from '../host/sessionRegistry';
import { CycleMemberItem, InstanceItem, TypeItem } from '../views/typesView';
import type { CommandContext, ObjectItem, SomeCommandHandlers } from './commandTable';

/** An object the user chose, with its session. */
export interface PickedObject {
  readonly tracked: TrackedSession;
  readonly object: ObjectSummary;
}

/** Whether a command argument is a tree item that stands for one object. */
export function isObjectItem(item: unknown): item is ObjectItem {
  return item instanceof InstanceItem || item instanceof CycleMemberItem;
}

/** The find commands. */
export function findCommands(
  c: CommandContext,
): SomeCommandHandlers<Command.FindObjectsByType | Command.FindObjectAtAddress | Command.CopyAddress> {
  return {
    [Command.FindObjectsByType]: async () => {
      const found = await pickObject(c);
      if (found) {
        await pickAction(c, found);
      }
    },
    [Command.FindObjectAtAddress]: async () => {
      const found = await pickObjectAtAddress(c);
      if (found) {
        await pickAction(c, found);
      }
    },
    [Command.CopyAddress]: async (item) => {
      if (isObjectItem(item)) {
        await vscode.env.clipboard.writeText(formatAddress(item.object.address));
      }
    },
  };
}

/** objgraph's `by_type`: a type name (the selected type by default), then one of its instances. */
export async function pickObject(c: CommandContext): Promise<PickedObject | undefined> {
  const title = vscode.l10n.t('Finding objects');
  const tracked = await c.runner.pickSession(title);
  if (!tracked) {
    return undefined;
  }
  const selected = c.tree.view.selection[0];
  const typeName = (
    await vscode.window.showInputBox({
      title: vscode.l10n.t('Leak Hunter: Find Objects by Type'),
      prompt: vscode.l10n.t('Type name, short or module-qualified'),
      placeHolder: vscode.l10n.t('e.g. Connection or myapp.net.Connection'),
      value: selected instanceof TypeItem ? selected.row.key : undefined,
      validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Enter a type name') : undefined),
    })
  )?.trim();
  if (!typeName) {
    return undefined;
  }
  const limit = readSetting(Setting.MaxInstances);
  const result = await c.runner.run(tracked, { title }, (backend, token) =>
    backend.find({ typeName, limit, labels: labelOptions() }, token),
  );
  if (!result) {
    return undefined;
  }
  if (result.objects.length === 0) {
    void c.notifier.show(
      'warning',
      vscode.l10n.t('No live object of type "{0}". Check the name in the Leak Hunter view.', typeName),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    result.objects.map((o) => ({ label: o.label, description: formatAddress(o.address), object: o })),
    {
      title: vscode.l10n.t('{0} objects of type {1}', result.total.toLocaleString(), typeName),
      placeHolder: vscode.l10n.t('Pick an object'),
      matchOnDescription: true,
    },
  );
  return picked ? { tracked, object: picked.object } : undefined;
}

/** objgraph's `at`: the object at an address the user types. */
async function pickObjectAtAddress(c: CommandContext): Promise<PickedObject | undefined> {
  const title = vscode.l10n.t('Looking up the object');
  const tracked = await c.runner.pickSession(title);
  if (!tracked) {
    return undefined;
  }
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Leak Hunter: Find Object at Address'),
    prompt: vscode.l10n.t('Address of an object, as the debugger or its repr shows it'),
    placeHolder: vscode.l10n.t('0x7f3a2c1b4d90 or 139888'),
    validateInput: (v) =>
      parseAddress(v) === undefined
        ? vscode.l10n.t('Enter a hexadecimal (0x…) or decimal address')
        : undefined,
  });
  const address = text === undefined ? undefined : parseAddress(text);
  if (address === undefined) {
    return undefined;
  }
  const result = await c.runner.run(tracked, { title }, (backend, token) =>
    backend.find({ address, limit: 1, labels: labelOptions() }, token),
  );
  const object = result?.objects[0];
  if (result && !object) {
    void c.notifier.show(
      'warning',
      vscode.l10n.t(
        'No tracked object lives at {0}. It may have been freed, or be an object the collector does not track (a number, a string).',
        formatAddress(address),
      ),
    );
  }
  return object ? { tracked, object } : undefined;
}

/** Asks what to do with an object, and does it. */
export async function pickAction(c: CommandContext, { tracked, object }: PickedObject): Promise<void> {
  type Action = { label: string; detail?: string; run: () => PromiseLike<unknown> };
  const ref = refOf(object);
  const show = (mode: GraphMode, root?: ChainRoot) => c.panels.show(tracked, mode, ref, root);
  const actions: Action[] = [
    {
      label: `$(question) ${vscode.l10n.t('Why Is This Alive?')}`,
      detail: vscode.l10n.t('The shortest chain from a module'),
      run: () => show('chain'),
    },
    {
      label: `$(question) ${vscode.l10n.t('Why Is This Alive? From a Running Frame')}`,
      detail: vscode.l10n.t('The shortest chain from a function that is running now (its locals)'),
      run: () => show('chain', { kind: 'frame' }),
    },
    {
      label: `$(question) ${vscode.l10n.t('Why Is This Alive? From an Object of a Type…')}`,
      detail: vscode.l10n.t('The shortest chain from any object of a type you name'),
      run: async () => {
        const typeName = await vscode.window.showInputBox({
          title: vscode.l10n.t('Why Is This Alive? From objects of which type?'),
          placeHolder: vscode.l10n.t('e.g. ConnectionManager'),
          validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Enter a type name') : undefined),
        });
        return typeName ? show('chain', { kind: 'type', typeName: typeName.trim() }) : undefined;
      },
    },
    { label: `$(references) ${vscode.l10n.t('Show Retainers')}`, run: () => show('retainers') },
    { label: `$(arrow-right) ${vscode.l10n.t('Show References')}`, run: () => show('references') },
    {
      label: `$(copy) ${vscode.l10n.t('Copy Address')}`,
      run: () => vscode.env.clipboard.writeText(formatAddress(object.address)),
    },
  ];
  const picked = await vscode.window.showQuickPick(actions, {
    title: vscode.l10n.t('{0} at {1}', object.typeName, formatAddress(object.address)),
  });
  await picked?.run();
}
