/**
 * Pure exporters: Graphviz DOT (what objgraph users know) from the graph data, and standalone
 * SVG from the drawing model. Every label is untrusted text from the debuggee and is escaped for
 * the target format. No DOM.
 */
import type { GraphNode, ObjectGraph } from '../common/agentProtocol';
import { formatAddress, formatBytes } from '../common/format';
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
function dotNodeLabel(node: GraphNode): string {
  if (node.kind === 'more') return `+${node.moreCount ?? 0} more`;
  const lines = [node.typeName || node.kind];
  if (node.label) lines.push(node.label);
  lines.push(`${formatAddress(node.address)} ${formatBytes(node.shallowBytes)}`);
  if (node.hasFinalizer) lines.push('__del__');
  if (node.inGarbage) lines.push('gc.garbage');
  return lines.join('\n');
}

/** Node attributes after the label, in objgraph's spirit: target red, roots green, etc. */
function dotNodeStyle(node: GraphNode): string {
  const attrs: string[] = [];
  if (node.kind === 'more') attrs.push('shape=box', 'style="filled,dashed"', 'fillcolor="#e3f2fd"');
  else if (node.isRoot) attrs.push('fillcolor="#c8e6c9"');
  else if (node.inGarbage) attrs.push('fillcolor="#e1bee7"');
  else if (node.hasFinalizer) attrs.push('fillcolor="#ffe0b2"');
  if (node.isTarget) attrs.push('color=red', 'penwidth=2');
  if (node.kind === 'module') attrs.push('shape=tab');
  return attrs.map((a) => ', ' + a).join('');
}

/** The graph as Graphviz DOT text, nodes and edges in the agent's order. */
export function graphToDot(graph: ObjectGraph, title = 'ObjectGraph'): string {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const out: string[] = [];
  out.push(`digraph ${quoted(title)} {`);
  out.push('  node [shape=box, style=filled, fillcolor=white, fontname="monospace"];');
  out.push('  edge [fontname="monospace"];');
  for (const node of graph.nodes) {
    out.push(`  ${quoted(node.id)} [label=${quoted(dotNodeLabel(node))}${dotNodeStyle(node)}];`);
  }
  for (const edge of graph.edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to)) continue;
    const attrs = [`label=${quoted(edge.label)}`];
    if (edge.kind === 'weak') attrs.push('style=dashed');
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

/** Resolved theme colours for a standalone SVG (CSS variables do not exist outside the panel). */
export interface SvgPalette {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly nodeFill: string;
  readonly edge: string;
  readonly target: string;
  readonly root: string;
  readonly finalizer: string;
  readonly garbage: string;
  readonly more: string;
  readonly fontFamily: string;
}

/** A neutral light palette, used when the theme cannot be read. */
export const DEFAULT_SVG_PALETTE: SvgPalette = {
  background: '#ffffff',
  foreground: '#3b3b3b',
  muted: '#767676',
  nodeFill: '#f8f8f8',
  edge: '#767676',
  target: '#e51400',
  root: '#388a34',
  finalizer: '#d18616',
  garbage: '#652d90',
  more: '#1a85ff',
  fontFamily: 'monospace',
};

function nodeStroke(node: DrawnNode, palette: SvgPalette): { stroke: string; width: number; dash?: string } {
  const n = node.node;
  if (n.isTarget) return { stroke: palette.target, width: 2.5 };
  if (n.kind === 'more') return { stroke: palette.more, width: 1, dash: '4 3' };
  if (n.isRoot) return { stroke: palette.root, width: 2 };
  if (n.inGarbage) return { stroke: palette.garbage, width: 1.5 };
  if (n.hasFinalizer) return { stroke: palette.finalizer, width: 1.5 };
  return { stroke: palette.muted, width: 1 };
}

function points(drawnPoints: readonly { x: number; y: number }[]): string {
  return drawnPoints.map((p) => `${p.x},${p.y}`).join(' ');
}

/** The drawing as a standalone SVG document with the given colours. */
export function drawingToSvg(
  drawing: Drawing,
  palette: SvgPalette = DEFAULT_SVG_PALETTE,
  title = '',
): string {
  const out: string[] = [];
  const w = Math.ceil(drawing.width);
  const h = Math.ceil(drawing.height);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
      `font-family="${escapeXml(palette.fontFamily)}" font-size="12">`,
  );
  if (title) out.push(`<title>${escapeXml(title)}</title>`);
  out.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" ' +
      `orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${escapeXml(palette.edge)}"/></marker></defs>`,
  );
  out.push(`<rect width="${w}" height="${h}" fill="${escapeXml(palette.background)}"/>`);
  for (const edge of drawing.edges) {
    const dash = edge.kind === 'weak' ? ' stroke-dasharray="5 4"' : '';
    out.push(
      `<polyline points="${points(edge.points)}" fill="none" stroke="${escapeXml(palette.edge)}"${dash} marker-end="url(#arrow)"/>`,
    );
    if (edge.label) {
      const l = edge.label;
      out.push(
        `<text x="${l.x + 4}" y="${l.y + l.height - 4}" font-size="11" fill="${escapeXml(palette.foreground)}">${escapeXml(l.text)}</text>`,
      );
    }
  }
  for (const node of drawing.nodes) {
    const stroke = nodeStroke(node, palette);
    const dash = stroke.dash ? ` stroke-dasharray="${stroke.dash}"` : '';
    const rx = node.node.kind === 'module' || node.node.isRoot ? 10 : 3;
    out.push(`<g transform="translate(${node.x},${node.y})">`);
    out.push(
      `<rect width="${node.width}" height="${node.height}" rx="${rx}" fill="${escapeXml(palette.nodeFill)}" ` +
        `stroke="${escapeXml(stroke.stroke)}" stroke-width="${stroke.width}"${dash}/>`,
    );
    for (const line of node.lines) {
      const colour =
        line.role === 'meta' ? palette.muted : line.role === 'more' ? palette.more : palette.foreground;
      const weight = line.role === 'type' ? ' font-weight="bold"' : '';
      out.push(
        `<text x="${line.x}" y="${line.y}" fill="${escapeXml(colour)}"${weight}>${escapeXml(line.text)}</text>`,
      );
    }
    for (const badge of node.badges) {
      const colour = badge.kind === 'finalizer' ? palette.finalizer : palette.garbage;
      out.push(
        `<rect x="${badge.x}" y="${badge.y}" width="${badge.width}" height="${badge.height}" rx="7" fill="${escapeXml(colour)}"/>` +
          `<text x="${badge.x + 5}" y="${badge.y + badge.height - 4}" font-size="10" fill="${escapeXml(palette.background)}">${escapeXml(badge.text)}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
