/** The graph commands on one object: Why Is This Alive?, Show Retainers, Show References. */
import { refOf } from '../../common/format';
import type { GraphMode } from '../../common/panelProtocol';
import { Command } from '../constants';
import type { CommandContext, ObjectItem, SomeCommandHandlers } from './commandTable';
import { isObjectItem, pickObject } from './findCommands';

/** The graph commands. */
export function graphCommands(
  c: CommandContext,
): SomeCommandHandlers<Command.ShowRetainers | Command.WhyIsThisAlive | Command.ShowReferences> {
  /** Draws the graph of the item's object, or of an object the user finds by type. */
  const showGraph = async (mode: GraphMode, item?: ObjectItem) => {
    const found = isObjectItem(item) ? { tracked: item.tracked, object: item.object } : await pickObject(c);
    if (found) {
      await c.panels.show(found.tracked, mode, refOf(found.object));
    }
  };
  return {
    [Command.ShowRetainers]: (item) => showGraph('retainers', item),
    [Command.WhyIsThisAlive]: (item) => showGraph('chain', item),
    [Command.ShowReferences]: (item) => showGraph('references', item),
  };
}
