/**
 * The one table of the graph's colours: which VS Code theme colour each part of the graph uses on
 * screen, the concrete colour an export writes when no theme is at hand, and how much of a node's
 * colour tints its box. The panel's CSS variables (`panelColorsCss`) and the SVG and DOT exports
 * (`resolvePalette`) are both made from it, so screen and exports cannot drift apart. Pure: no
 * DOM, no `vscode`.
 */

/** A part of the graph that has a colour of its own. */
export type PanelColorRole =
  | 'background'
  | 'foreground'
  | 'muted'
  | 'nodeFill'
  | 'nodeBorder'
  | 'edge'
  | 'weakEdge'
  | 'link'
  | 'target'
  | 'root'
  | 'more'
  | 'finalizer'
  | 'garbage';

/** One row of the table. */
export interface PanelColor {
  /** The VS Code theme colour (a CSS variable of the webview) the screen uses. */
  readonly themeVariable: string;
  /** What exports write when the theme cannot be read: VS Code Light Modern's value. */
  readonly fallback: string;
}

/** The colours, by role. */
export const PANEL_COLORS: Readonly<Record<PanelColorRole, PanelColor>> = {
  background: { themeVariable: '--vscode-editor-background', fallback: '#ffffff' },
  foreground: { themeVariable: '--vscode-editor-foreground', fallback: '#3b3b3b' },
  muted: { themeVariable: '--vscode-descriptionForeground', fallback: '#767676' },
  nodeFill: { themeVariable: '--vscode-editorWidget-background', fallback: '#f8f8f8' },
  nodeBorder: { themeVariable: '--vscode-editorWidget-border', fallback: '#c8c8c8' },
  edge: { themeVariable: '--vscode-descriptionForeground', fallback: '#767676' },
  weakEdge: { themeVariable: '--vscode-charts-purple', fallback: '#652d90' },
  link: { themeVariable: '--vscode-textLink-foreground', fallback: '#005fb8' },
  target: { themeVariable: '--vscode-charts-red', fallback: '#e51400' },
  root: { themeVariable: '--vscode-charts-green', fallback: '#388a34' },
  more: { themeVariable: '--vscode-charts-blue', fallback: '#1a85ff' },
  finalizer: { themeVariable: '--vscode-charts-orange', fallback: '#d18616' },
  garbage: { themeVariable: '--vscode-charts-purple', fallback: '#652d90' },
};

/** The node kinds whose box is drawn in a colour of their own, in order of precedence. */
export type NodeColorRole = 'target' | 'more' | 'root' | 'garbage' | 'finalizer';

/**
 * How much (percent) of a node role's colour is mixed into the node fill. The screen draws the
 * finalizer and garbage marks as badges, so their boxes stay neutral there; DOT has no badges
 * and uses `DOT_MARK_TINT_PERCENT` for them.
 */
export const NODE_TINT_PERCENT: Readonly<Record<NodeColorRole, number>> = {
  target: 12,
  more: 10,
  root: 14,
  garbage: 0,
  finalizer: 0,
};

/** The box tint of finalizer and garbage nodes in DOT, which cannot draw badges. */
export const DOT_MARK_TINT_PERCENT = 20;

/** The screen's name for a role's colour: `--lh-color-ROLE`. */
export function colorVariable(role: PanelColorRole): string {
  return `--lh-color-${role}`;
}

/** The screen's name for a node role's tinted box fill: `--lh-fill-ROLE`. */
export function fillVariable(role: NodeColorRole): string {
  return `--lh-fill-${role}`;
}

/**
 * The CSS (one `:root` rule) that defines the screen's colour variables from the table; the
 * panel adopts it as a constructed stylesheet and media/graph.css uses only these variables
 * for graph colours.
 */
export function panelColorsCss(): string {
  const lines: string[] = [];
  for (const [role, color] of Object.entries(PANEL_COLORS) as [PanelColorRole, PanelColor][]) {
    lines.push(`  ${colorVariable(role)}: var(${color.themeVariable}, ${color.fallback});`);
  }
  for (const [role, percent] of Object.entries(NODE_TINT_PERCENT) as [NodeColorRole, number][]) {
    const fill = `var(${colorVariable('nodeFill')})`;
    lines.push(
      percent > 0
        ? `  ${fillVariable(role)}: color-mix(in srgb, var(${colorVariable(role)}) ${percent}%, ${fill});`
        : `  ${fillVariable(role)}: ${fill};`,
    );
  }
  return `:root {\n${lines.join('\n')}\n}\n`;
}

/** Concrete colours for a standalone export, one per role, plus the tinted node fills. */
export interface ExportPalette {
  readonly colors: Readonly<Record<PanelColorRole, string>>;
  readonly fills: Readonly<Record<NodeColorRole, string>>;
  readonly fontFamily: string;
}

/**
 * Resolves the table into concrete colours: `readTheme` gives a theme variable's value (or
 * nothing, then the fallback is used). Fills are mixed here as the screen's `color-mix` does;
 * a colour that cannot be parsed leaves the fill neutral.
 */
export function resolvePalette(
  readTheme: (variable: string) => string | undefined = () => undefined,
  fontFamily = 'monospace',
): ExportPalette {
  const colors = {} as Record<PanelColorRole, string>;
  for (const [role, color] of Object.entries(PANEL_COLORS) as [PanelColorRole, PanelColor][]) {
    colors[role] = readTheme(color.themeVariable)?.trim() || color.fallback;
  }
  const fills = {} as Record<NodeColorRole, string>;
  for (const [role, percent] of Object.entries(NODE_TINT_PERCENT) as [NodeColorRole, number][]) {
    fills[role] = mixColors(colors[role], colors.nodeFill, percent) ?? colors.nodeFill;
  }
  return { colors, fills, fontFamily };
}

/** The palette exports use when the theme cannot be read. */
export const DEFAULT_EXPORT_PALETTE: ExportPalette = resolvePalette();

/**
 * `percent`% of `color` over `base`, as `color-mix(in srgb, ...)` computes it, as `#rrggbb`;
 * undefined when either is not a `#rgb`/`#rrggbb`/`rgb()` colour.
 */
export function mixColors(color: string, base: string, percent: number): string | undefined {
  const a = parseColor(color);
  const b = parseColor(base);
  if (!a || !b) return undefined;
  const t = Math.min(100, Math.max(0, percent)) / 100;
  return `#${a
    .map((c, i) =>
      Math.round(c * t + b[i] * (1 - t))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function parseColor(text: string): [number, number, number] | undefined {
  const value = text.trim().toLowerCase();
  let m = /^#([0-9a-f]{3})$/.exec(value);
  if (m) return [...m[1]].map((c) => parseInt(c + c, 16)) as [number, number, number];
  m = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/.exec(value);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16)) as [number, number, number];
  m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(value);
  if (m)
    return [Number(m[1]), Number(m[2]), Number(m[3])].map((c) => Math.min(255, c)) as [
      number,
      number,
      number,
    ];
  return undefined;
}

/** The colour role of a node's box, if it has one: target first, then "+N more", root, marks. */
export function nodeColorRole(node: {
  readonly kind: string;
  readonly isTarget: boolean;
  readonly isRoot: boolean;
  readonly inGarbage: boolean;
  readonly hasFinalizer: boolean;
}): NodeColorRole | undefined {
  if (node.isTarget) return 'target';
  if (node.kind === 'more') return 'more';
  if (node.isRoot) return 'root';
  if (node.inGarbage) return 'garbage';
  if (node.hasFinalizer) return 'finalizer';
  return undefined;
}
