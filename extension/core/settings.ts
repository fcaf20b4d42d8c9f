/** Leak Hunter's setting keys and defaults. Pure, so a unit test checks them against package.json. */

/** Setting keys, under the `leakHunter` section. A test checks they match package.json. */
export const enum Setting {
  CollectGarbage = 'snapshot.collectGarbage',
  MaxTypes = 'view.maxTypes',
  MaxInstances = 'view.maxInstances',
  ShowUnreachable = 'view.showUnreachable',
  UseRepr = 'labels.useRepr',
  LabelMaxLength = 'labels.maxLength',
  GraphMaxDepth = 'graph.maxDepth',
  GraphTooMany = 'graph.tooMany',
  GraphMaxNodes = 'graph.maxNodes',
  ChainMaxDepth = 'graph.chainMaxDepth',
  GraphIgnoreTypes = 'graph.ignoreTypes',
  MergeInstanceDicts = 'graph.mergeInstanceDicts',
  AllocationFrames = 'allocationTracking.frames',
  FindLeaksInterval = 'findLeaks.intervalSeconds',
}

/** Every setting key, for the package.json consistency test. */
export const ALL_SETTINGS: readonly Setting[] = [
  Setting.CollectGarbage,
  Setting.MaxTypes,
  Setting.MaxInstances,
  Setting.ShowUnreachable,
  Setting.UseRepr,
  Setting.LabelMaxLength,
  Setting.GraphMaxDepth,
  Setting.GraphTooMany,
  Setting.GraphMaxNodes,
  Setting.ChainMaxDepth,
  Setting.GraphIgnoreTypes,
  Setting.MergeInstanceDicts,
  Setting.AllocationFrames,
  Setting.FindLeaksInterval,
];

export interface SettingTypes {
  [Setting.CollectGarbage]: boolean;
  [Setting.MaxTypes]: number;
  [Setting.MaxInstances]: number;
  [Setting.ShowUnreachable]: boolean;
  [Setting.UseRepr]: boolean;
  [Setting.LabelMaxLength]: number;
  [Setting.GraphMaxDepth]: number;
  [Setting.GraphTooMany]: number;
  [Setting.GraphMaxNodes]: number;
  [Setting.ChainMaxDepth]: number;
  [Setting.GraphIgnoreTypes]: string[];
  [Setting.MergeInstanceDicts]: boolean;
  [Setting.AllocationFrames]: number;
  [Setting.FindLeaksInterval]: number;
}

export const SETTING_DEFAULTS: SettingTypes = {
  [Setting.CollectGarbage]: false,
  [Setting.MaxTypes]: 100,
  [Setting.MaxInstances]: 50,
  [Setting.ShowUnreachable]: false,
  [Setting.UseRepr]: false,
  [Setting.LabelMaxLength]: 120,
  [Setting.GraphMaxDepth]: 5,
  [Setting.GraphTooMany]: 10,
  [Setting.GraphMaxNodes]: 300,
  [Setting.ChainMaxDepth]: 40,
  [Setting.GraphIgnoreTypes]: [],
  [Setting.MergeInstanceDicts]: true,
  [Setting.AllocationFrames]: 10,
  [Setting.FindLeaksInterval]: 5,
};
