/** Typed access to Leak Hunter's settings (`contributes.configuration` in package.json). */
import * as vscode from 'vscode';
import type { GraphLimits, LabelOptions } from '../../common/agentProtocol';
import { Setting, SETTING_DEFAULTS, type SettingTypes } from '../core/settings';

export { Setting };

/** Reads one setting, falling back to its documented default. */
export function readSetting<K extends Setting>(key: K): SettingTypes[K] {
  return vscode.workspace.getConfiguration('leakHunter').get<SettingTypes[K]>(key) ?? SETTING_DEFAULTS[key];
}

/** How instance labels are made, from the settings. */
export function labelOptions(): LabelOptions {
  return {
    mode: readSetting(Setting.UseRepr) ? 'repr' : 'safe',
    maxLength: readSetting(Setting.LabelMaxLength),
  };
}

/** Retainer graph limits, from the settings. */
export function graphLimits(): GraphLimits {
  return {
    maxDepth: readSetting(Setting.GraphMaxDepth),
    tooMany: readSetting(Setting.GraphTooMany),
    maxNodes: readSetting(Setting.GraphMaxNodes),
    ignoreTypes: readSetting(Setting.GraphIgnoreTypes),
    mergeInstanceDicts: readSetting(Setting.MergeInstanceDicts),
  };
}
