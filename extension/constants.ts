/** Command ids, view ids and context keys (a leaf: imports nothing). A test checks these match package.json. */

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
  ShowBiggestObjects = 'leakHunter.showBiggestObjects',
  SortTypes = 'leakHunter.sortTypes',
  FindLeaks = 'leakHunter.findLeaks',
  RecordRepetition = 'leakHunter.recordRepetition',
  StopRecording = 'leakHunter.stopRecording',
  CopyLeakReport = 'leakHunter.copyLeakReport',
  ShowLeakSuspect = 'leakHunter.showLeakSuspect',
  OpenLeakSource = 'leakHunter.openLeakSource',
}

/** Every command, once: a command left out here fails the typecheck. */
const COMMANDS: Record<Command, true> = {
  [Command.TakeSnapshot]: true,
  [Command.ShowGrowth]: true,
  [Command.SetBaseline]: true,
  [Command.ShowGrowthSinceBaseline]: true,
  [Command.Refresh]: true,
  [Command.FilterTypes]: true,
  [Command.ClearFilter]: true,
  [Command.ShowOutput]: true,
  [Command.GoToTypeDefinition]: true,
  [Command.ShowRetainers]: true,
  [Command.WhyIsThisAlive]: true,
  [Command.ShowReferences]: true,
  [Command.FindObjectsByType]: true,
  [Command.FindObjectAtAddress]: true,
  [Command.CopyAddress]: true,
  [Command.StartAllocationTracking]: true,
  [Command.StopAllocationTracking]: true,
  [Command.FindReferenceCycles]: true,
  [Command.ShowUncollectable]: true,
  [Command.FindLeakingObjects]: true,
  [Command.ShowCycleGroup]: true,
  [Command.ReleaseCycles]: true,
  [Command.ShowBiggestObjects]: true,
  [Command.SortTypes]: true,
  [Command.FindLeaks]: true,
  [Command.RecordRepetition]: true,
  [Command.StopRecording]: true,
  [Command.CopyLeakReport]: true,
  [Command.ShowLeakSuspect]: true,
  [Command.OpenLeakSource]: true,
};

/** Every command id, for registration and the package.json consistency test. */
export const ALL_COMMANDS = Object.keys(COMMANDS) as readonly Command[];

export const TYPES_VIEW_ID = 'leakHunter.types';
export const BIGGEST_OBJECTS_VIEW_ID = 'leakHunter.biggestObjects';
export const LEAK_SUSPECTS_VIEW_ID = 'leakHunter.leakSuspects';

export const enum ContextKey {
  /** A type filter is set on the types view. */
  Filtered = 'leakHunter.filtered',
  /** A Find Leaks recording is running. */
  Recording = 'leakHunter.findLeaks.recording',
}
