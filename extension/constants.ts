/** Command ids, view ids and context keys. A test checks these match package.json. */

export const enum Command {
  TakeSnapshot = 'leakHunter.takeSnapshot',
  ShowGrowth = 'leakHunter.showGrowth',
  SetBaseline = 'leakHunter.setBaseline',
  ShowGrowthSinceBaseline = 'leakHunter.showGrowthSinceBaseline',
  Refresh = 'leakHunter.refresh',
  FilterTypes = 'leakHunter.filterTypes',
  ClearFilter = 'leakHunter.clearFilter',
  ShowOutput = 'leakHunter.showOutput',
  GoToTypeDefinition = 'leakHunter.goToTypeDefinition',
  ShowRetainers = 'leakHunter.showRetainers',
  WhyIsThisAlive = 'leakHunter.whyIsThisAlive',
  ShowReferences = 'leakHunter.showReferences',
  FindObjectsByType = 'leakHunter.findObjectsByType',
  FindObjectAtAddress = 'leakHunter.findObjectAtAddress',
  CopyAddress = 'leakHunter.copyAddress',
  StartAllocationTracking = 'leakHunter.startAllocationTracking',
  StopAllocationTracking = 'leakHunter.stopAllocationTracking',
  FindReferenceCycles = 'leakHunter.findReferenceCycles',
  ShowUncollectable = 'leakHunter.showUncollectable',
  FindLeakingObjects = 'leakHunter.findLeakingObjects',
  ShowCycleGroup = 'leakHunter.showCycleGroup',
  ReleaseCycles = 'leakHunter.releaseCycles',
}

/** Every command id, for the package.json consistency test. */
export const ALL_COMMANDS: readonly Command[] = [
  Command.TakeSnapshot,
  Command.ShowGrowth,
  Command.SetBaseline,
  Command.ShowGrowthSinceBaseline,
  Command.Refresh,
  Command.FilterTypes,
  Command.ClearFilter,
  Command.ShowOutput,
  Command.GoToTypeDefinition,
  Command.ShowRetainers,
  Command.WhyIsThisAlive,
  Command.ShowReferences,
  Command.FindObjectsByType,
  Command.FindObjectAtAddress,
  Command.CopyAddress,
  Command.StartAllocationTracking,
  Command.StopAllocationTracking,
  Command.FindReferenceCycles,
  Command.ShowUncollectable,
  Command.FindLeakingObjects,
  Command.ShowCycleGroup,
  Command.ReleaseCycles,
];

export const TYPES_VIEW_ID = 'leakHunter.types';

export const enum ContextKey {
  /** A type filter is set on the types view. */
  Filtered = 'leakHunter.filtered',
}

/** Debug types Leak Hunter can read: the Python Debugger's (`debugpy`) and its older name. */
export const SUPPORTED_DEBUG_TYPES: readonly string[] = ['debugpy', 'python'];
