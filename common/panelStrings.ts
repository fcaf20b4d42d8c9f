/**
 * Every user-facing string of the graph panel, by key, with its English text. The host fills the
 * table in the user's language (`vscode.l10n.t`) and `buildPanelHtml` puts it in the page; the
 * webview reads it back with `parsePanelStrings` and never hard-codes text. `{0}`, `{1}` are
 * placeholders, filled by `formatString` (the same syntax as `vscode.l10n.t`). Python names
 * (`__del__`, `gc.garbage`) and data from the debuggee are not translated. Pure: no DOM, no
 * `vscode`.
 */

/** The English strings; the keys are the table's keys. */
export const ENGLISH_PANEL_STRINGS = {
  pageTitle: 'Retainer graph',
  defaultTitle: 'Object graph',
  modeRetainers: 'Retainers',
  modeChain: 'Why is it alive',
  modeReferences: 'References',
  modeCycle: 'Reference cycle',
  waitingForGraph: 'Waiting for a graph…',
  working: 'Working',
  /** {0}: number of nodes. */
  layingOut: 'Laying out {0} nodes…',
  /** {0}: objects, {1}: references. */
  statusCounts: '{0} objects, {1} references',
  /** {0}: number of hidden nodes. */
  statusCollapsed: '{0} collapsed into "+N more" nodes (click one to show more)',
  statusTruncated: 'the agent stopped at the node limit',
  noSource: 'No source for this node.',
  expandFirst: 'Expand this node first, then ask about one object.',
  nothingToExport: 'There is no graph to export yet.',
  stillLayingOut: 'The graph is still being laid out; export again in a moment.',
  /** {0}: the error. */
  layoutFailed: 'Could not lay out the graph: {0}',
  dismiss: 'Dismiss',

  toolbarLabel: 'Graph controls',
  depth: 'Depth',
  tooMany: 'Too many',
  ignoreTypes: 'Ignore types',
  ignoreTypesPlaceholder: 'e.g. dict, function',
  apply: 'Apply',
  applyTitle: 'Re-run the query with these limits',
  fit: 'Fit (F)',
  zoomIn: 'Zoom in (+)',
  zoomOut: 'Zoom out (-)',
  exportDot: 'Export DOT',
  exportDotTitle: 'Export the graph as Graphviz DOT',
  exportSvg: 'Export SVG',
  exportSvgTitle: 'Export the drawing as SVG',
  showGraphFirst: 'Show a graph first; its limits can then be changed.',
  depthInvalid: 'Depth must be a whole number of 1 or more.',
  tooManyInvalid: '"Too many" must be a whole number of 1 or more.',

  legendTitle: 'Legend',
  legendObject: 'Object: type, safe label, address, shallow size',
  legendTarget: 'The object asked about (red border)',
  legendRoot: 'Root: a module, running frame or chosen root type',
  legendFinalizer: '__del__: its class defines a finalizer',
  legendGarbage: 'gc.garbage: the collector could not free it',
  legendMore: '+N more: collapsed objects; click to expand',
  legendSelected: 'Selected or focused node',
  legendReference: 'Reference: the holder points at what it keeps alive',
  legendWeak: 'Weak reference: does not keep the object alive',
  legendLink: 'Underlined label: opens where the attribute is assigned',
  legendKeys:
    'Drag to pan, wheel or +/- to zoom, F to fit. Tab or arrows move between nodes; Enter or click opens source; Space, E or double-click expands; W asks why it is alive.',

  graphRoleDescription: 'object graph',
  graphLabel: 'Object graph',
  /** {0}: the attribute. */
  edgeOpensSource: '{0}: open where it is assigned',
  /** {0}: how many objects a "+N more" node stands for. */
  moreNode: '+{0} more',
  /** {0}: how many; read by screen readers. */
  moreNodeAria: '{0} more, press Enter to expand',
  /** {0}: file name, {1}: line. */
  allocatedAt: 'allocated at {0}:{1}',
  /** {0}: the address. */
  ariaAddress: 'address {0}',
  ariaTarget: 'the object asked about',
  ariaRoot: 'root',
  ariaFinalizer: 'defines __del__',
  ariaGarbage: 'in gc.garbage',
  /** {0}: path, {1}: line. */
  ariaSource: 'source {0}:{1}',
  ariaNoSource: 'no source',
  /** {0}: retained bytes, shown after the shallow size on a node's size line. */
  nodeKeeps: 'keeps {0}',
  /** {0}: retained bytes; read by screen readers and shown in the node's tooltip. */
  ariaKeeps: 'keeps {0} alive (retained size)',
} as const;

/** A key of the panel's string table. */
export type PanelStringKey = keyof typeof ENGLISH_PANEL_STRINGS;

/** The panel's strings in one language: every key, as the host sends them. */
export type PanelStrings = Readonly<Record<PanelStringKey, string>>;

/** Name of the `<meta>` whose content is the JSON of the panel's strings. */
export const PANEL_STRINGS_META_NAME = 'leak-hunter-strings';

/** The table with every English text passed through `translate` (e.g. `vscode.l10n.t`). */
export function translatePanelStrings(translate: (english: string) => string): PanelStrings {
  const out = {} as Record<PanelStringKey, string>;
  for (const key of Object.keys(ENGLISH_PANEL_STRINGS) as PanelStringKey[]) {
    out[key] = translate(ENGLISH_PANEL_STRINGS[key]);
  }
  return out;
}

/**
 * The strings from the page's JSON: every key that is a string is taken, anything missing or
 * malformed falls back to English, so a page with a partial or broken table still reads.
 */
export function parsePanelStrings(json: string | undefined): PanelStrings {
  let given: unknown;
  try {
    given = json ? JSON.parse(json) : undefined;
  } catch {
    given = undefined;
  }
  const out = { ...ENGLISH_PANEL_STRINGS } as Record<PanelStringKey, string>;
  if (typeof given !== 'object' || given === null) return out;
  for (const key of Object.keys(ENGLISH_PANEL_STRINGS) as PanelStringKey[]) {
    const value = (given as Record<string, unknown>)[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** Fills `{0}`, `{1}`, ... with the arguments; unknown placeholders stay as they are. */
export function formatString(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}
