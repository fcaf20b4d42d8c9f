/**
 * Pure exporters: Graphviz DOT (what objgraph users know) from the graph data, and standalone
 * SVG from the drawing model. Every label is untrusted text from the debuggee and is escaped for
 * the target format. No DOM.
 */
import type { GraphNode, ObjectGraph } from '../common/agentProtocol';
import { formatAddress, formatBytes } from '../common/format';
import {
  DEFAULT_EXPORT_PALETTE,
  DOT_MARK_TINT_PERCENT,
  mixColors,
  NODE_TINT_PERCENT,
  nodeColorRole,
  type ExportPalette,
} from '../common/nodeColors';
import { ENGLISH_PANEL_STRINGS, formatString, type PanelStrings } from '../common/panelStrings';
import type { Drawing, DrawnNode } from './layoutModel';

/**
 * Escapes text for a double-quoted DOT string: backslash and quote are escaped (so Graphviz's
 * own `\N`, `\l` escapes cannot be injected), newlines become `\n`, other control characters
 * are shown as `\xNN` text.
 */
export function escapeDotString(text: string): string {
  // eslint-disable-next-line no-control-regex -- untrusted labels' control characters are escaped on purpose
  return text.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '"') return '\\"';
    if (c === '\n') return '\\n';
    return `\\\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

function quoted(text: string): string {
  return `"${escapeDotString(text)}"`;
}

/** The multi-line DOT label of a node: type, label, address and size, marks. */
function dotNodeLabel(node: GraphNode, strings: PanelStrings): string {
  if (node.kind === 'more') return formatString(strings.moreNode, node.moreCount ?? 0);
  const lines = [node.typeName || node.kind];
  if (node.label) lines.push(node.label);
  lines.push(`${formatAddress(node.address)} ${formatBytes(node.shallowBytes)}`);
  if (node.hasFinalizer) lines.push('__del__');
  if (node.inGarbage) lines.push('gc.garbage');
  return lines.join('\n');
}

/**
 * Node attributes after the label, from the same colour table as the screen (light fallback
 * colours: a DOT file has no theme): the box in its role's colour, filled with its tint.
 */
function dotNodeStyle(node: GraphNode): string {
  const attrs: string[] = [];
  const role = nodeColorRole(node);
  const palette = DEFAULT_EXPORT_PALETTE;
  if (node.kind === 'more') attrs.push('shape=box', 'style="filled,dashed"');
  if (role) {
    const tint =
      role === 'garbage' || role === 'finalizer'
        ? mixColors(palette.colors[role], palette.colors.background, DOT_MARK_TINT_PERCENT)
        : mixColors(palette.colors[role], palette.colors.background, NODE_TINT_PERCENT[role]);
    if (tint) attrs.push(`fillcolor="${tint}"`);
    attrs.push(`color="${palette.colors[role]}"`);
  }
  if (node.isTarget) attrs.push('penwidth=2');
  if (node.kind === 'module') attrs.push('shape=tab');
  return attrs.map((a) => ', ' + a).join('');
}

/** The graph as Graphviz DOT text, nodes and edges in the agent's order. */
export function graphToDot(
  graph: ObjectGraph,
  title = 'ObjectGraph',
  strings: PanelStrings = ENGLISH_PANEL_STRINGS,
): string {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const out: string[] = [];
  out.push(`digraph ${quoted(title)} {`);
  const base = DEFAULT_EXPORT_PALETTE.colors;
  out.push(
    `  node [shape=box, style=filled, fillcolor="${base.background}", color="${base.nodeBorder}", fontname="monospace"];`,
  );
  out.push(`  edge [color="${base.edge}", fontname="monospace"];`);
  for (const node of graph.nodes) {
    out.push(`  ${quoted(node.id)} [label=${quoted(dotNodeLabel(node, strings))}${dotNodeStyle(node)}];`);
  }
  for (const edge of graph.edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to)) continue;
    const attrs = [`label=${quoted(edge.label)}`];
    if (edge.kind === 'weak') attrs.push('style=dashed', `color="${base.weakEdge}"`);
    out.push(`  ${quoted(edge.from)} -> ${quoted(edge.to)} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** Escapes text for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- untrusted labels' control characters are escaped on purpose
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd')
      .replace(
        /[&<>"']/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
      )
  );
}

/** The box outline of a drawn node: its role's colour, or the neutral border. */
function nodeStroke(
  node: DrawnNode,
  palette: ExportPalette,
): { stroke: string; width: number; dash?: string } {
  const n = node.node;
  const c = palette.colors;
  if (n.isTarget) return { stroke: c.target, width: 3 };
  if (n.kind === 'more') return { stroke: c.more, width: 1, dash: '4 3' };
  if (n.isRoot) return { stroke: c.root, width: 2 };
  return { stroke: c.nodeBorder, width: 1 };
}

/** The box fill of a drawn node, tinted as on screen. */
function nodeFill(node: DrawnNode, palette: ExportPalette): string {
  const role = nodeColorRole(node.node);
  return role ? palette.fills[role] : palette.colors.nodeFill;
}

function points(drawnPoints: readonly { x: number; y: number }[]): string {
  return drawnPoints.map((p) => `${p.x},${p.y}`).join(' ');
}

/** The drawing as a standalone SVG document with the given colours. */
export function drawingToSvg(
  drawing: Drawing,
  palette: ExportPalette = DEFAULT_EXPORT_PALETTE,
  title = '',
): string {
  const out: string[] = [];
  const c = palette.colors;
  const w = Math.ceil(drawing.width);
  const h = Math.ceil(drawing.height);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
      `font-family="${escapeXml(palette.fontFamily)}" font-size="12">`,
  );
  if (title) out.push(`<title>${escapeXml(title)}</title>`);
  out.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" ' +
      `orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${escapeXml(c.edge)}"/></marker>` +
      `<marker id="arrow-weak" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" ` +
      `orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${escapeXml(c.weakEdge)}"/></marker></defs>`,
  );
  out.push(`<rect width="${w}" height="${h}" fill="${escapeXml(c.background)}"/>`);
  for (const edge of drawing.edges) {
    const weak = edge.kind === 'weak';
    const dash = weak ? ' stroke-dasharray="5 4"' : '';
    out.push(
      `<polyline points="${points(edge.points)}" fill="none" stroke="${escapeXml(weak ? c.weakEdge : c.edge)}"${dash} marker-end="url(#${weak ? 'arrow-weak' : 'arrow'})"/>`,
    );
    if (edge.label) {
      const l = edge.label;
      const colour = edge.source ? c.link : c.foreground;
      out.push(
        `<text x="${l.x + 4}" y="${l.y + l.height - 4}" font-size="11" fill="${escapeXml(colour)}">${escapeXml(l.text)}</text>`,
      );
    }
  }
  for (const node of drawing.nodes) {
    const stroke = nodeStroke(node, palette);
    const dash = stroke.dash ? ` stroke-dasharray="${stroke.dash}"` : '';
    const rx = node.node.kind === 'module' || node.node.isRoot ? 10 : 3;
    out.push(`<g transform="translate(${node.x},${node.y})">`);
    out.push(
      `<rect width="${node.width}" height="${node.height}" rx="${rx}" fill="${escapeXml(nodeFill(node, palette))}" ` +
        `stroke="${escapeXml(stroke.stroke)}" stroke-width="${stroke.width}"${dash}/>`,
    );
    for (const line of node.lines) {
      const colour =
        line.role === 'meta'
          ? c.muted
          : line.role === 'more'
            ? c.more
            : line.role === 'type' && node.node.kind === 'module'
              ? c.root
              : c.foreground;
      const weight = line.role === 'type' ? ' font-weight="bold"' : '';
      out.push(
        `<text x="${line.x}" y="${line.y}" fill="${escapeXml(colour)}"${weight}>${escapeXml(line.text)}</text>`,
      );
    }
    for (const badge of node.badges) {
      const colour = badge.kind === 'finalizer' ? c.finalizer : c.garbage;
      out.push(
        `<rect x="${badge.x}" y="${badge.y}" width="${badge.width}" height="${badge.height}" rx="7" fill="${escapeXml(colour)}"/>` +
          `<text x="${badge.x + 5}" y="${badge.y + badge.height - 4}" font-size="10" fill="${escapeXml(c.background)}">${escapeXml(badge.text)}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
