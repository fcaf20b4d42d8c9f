/**
 * The legend: every colour, shape and mark of the graph, drawn with the same CSS classes as the
 * graph itself so it always matches the theme, plus the keyboard and mouse gestures.
 */
import type { PanelStrings } from '../common/panelStrings';
import { html, svg } from './dom';

const SWATCH_WIDTH = 34;
const SWATCH_HEIGHT = 18;

function nodeSwatch(classes: string, rounded = false): SVGSVGElement {
  const swatch = svg('svg', 'legend__swatch', {
    width: SWATCH_WIDTH,
    height: SWATCH_HEIGHT,
    'aria-hidden': 'true',
  });
  const group = svg('g', classes);
  group.appendChild(
    svg('rect', 'node__ring', {
      x: 1,
      y: 1,
      width: SWATCH_WIDTH - 2,
      height: SWATCH_HEIGHT - 2,
      rx: rounded ? 7 : 3,
    }),
  );
  group.appendChild(
    svg('rect', 'node__box', {
      x: 4,
      y: 4,
      width: SWATCH_WIDTH - 8,
      height: SWATCH_HEIGHT - 8,
      rx: rounded ? 5 : 2,
    }),
  );
  swatch.appendChild(group);
  return swatch;
}

function badgeSwatch(kind: 'finalizer' | 'garbage'): SVGSVGElement {
  const swatch = svg('svg', 'legend__swatch', {
    width: SWATCH_WIDTH,
    height: SWATCH_HEIGHT,
    'aria-hidden': 'true',
  });
  const group = svg('g', `badge badge--${kind}`);
  group.appendChild(
    svg('rect', 'badge__box', { x: 2, y: 3, width: SWATCH_WIDTH - 4, height: SWATCH_HEIGHT - 6, rx: 6 }),
  );
  swatch.appendChild(group);
  return swatch;
}

function edgeSwatch(kind: string): SVGSVGElement {
  const swatch = svg('svg', 'legend__swatch', {
    width: SWATCH_WIDTH,
    height: SWATCH_HEIGHT,
    'aria-hidden': 'true',
  });
  const group = svg('g', `edge edge--${kind}`);
  group.appendChild(svg('polyline', 'edge__line', { points: `2,9 ${SWATCH_WIDTH - 8},9` }));
  group.appendChild(
    svg('path', kind === 'weak' ? 'edge__arrow edge__arrow--weak' : 'edge__arrow', {
      d: `M${SWATCH_WIDTH - 9},5L${SWATCH_WIDTH - 2},9L${SWATCH_WIDTH - 9},13z`,
    }),
  );
  swatch.appendChild(group);
  return swatch;
}

function linkSwatch(): SVGSVGElement {
  const swatch = svg('svg', 'legend__swatch', {
    width: SWATCH_WIDTH,
    height: SWATCH_HEIGHT,
    'aria-hidden': 'true',
  });
  const group = svg('g', 'edge-label edge-label--link');
  group.appendChild(svg('text', 'edge-label__text', { x: 2, y: 13 }, '.attr'));
  swatch.appendChild(group);
  return swatch;
}

/** Builds the legend as a collapsible box. */
export function buildLegend(t: PanelStrings): HTMLDetailsElement {
  const legend = html('details', 'legend', { open: '' });
  legend.appendChild(html('summary', 'legend__title', {}, t.legendTitle));
  const entries: [SVGSVGElement, string][] = [
    [nodeSwatch('node node--object'), t.legendObject],
    [nodeSwatch('node node--object node--target'), t.legendTarget],
    [nodeSwatch('node node--module node--root', true), t.legendRoot],
    [badgeSwatch('finalizer'), t.legendFinalizer],
    [badgeSwatch('garbage'), t.legendGarbage],
    [nodeSwatch('node node--more'), t.legendMore],
    [nodeSwatch('node node--object node--selected'), t.legendSelected],
    [edgeSwatch('attribute'), t.legendReference],
    [edgeSwatch('weak'), t.legendWeak],
    [linkSwatch(), t.legendLink],
  ];
  const list = html('ul', 'legend__list');
  for (const [swatch, text] of entries) {
    const item = html('li', 'legend__item');
    item.append(swatch, html('span', 'legend__text', {}, text));
    list.appendChild(item);
  }
  legend.appendChild(list);
  legend.appendChild(html('p', 'legend__keys', {}, t.legendKeys));
  return legend;
}
