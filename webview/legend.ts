/**
 * The legend: every colour, shape and mark of the graph, drawn with the same CSS classes as the
 * graph itself so it always matches the theme, plus the keyboard and mouse gestures.
 */
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
export function buildLegend(): HTMLDetailsElement {
  const legend = html('details', 'legend', { open: '' });
  legend.appendChild(html('summary', 'legend__title', {}, 'Legend'));
  const entries: [SVGSVGElement, string][] = [
    [nodeSwatch('node node--object'), 'Object: type, safe label, address, shallow size'],
    [nodeSwatch('node node--object node--target'), 'The object asked about (red border)'],
    [nodeSwatch('node node--module node--root', true), 'Root: a module, running frame or chosen root type'],
    [badgeSwatch('finalizer'), '__del__: its class defines a finalizer'],
    [badgeSwatch('garbage'), 'gc.garbage: the collector could not free it'],
    [nodeSwatch('node node--more'), '+N more: collapsed objects; click to expand'],
    [nodeSwatch('node node--object node--selected'), 'Selected or focused node'],
    [edgeSwatch('attribute'), 'Reference: the holder points at what it keeps alive'],
    [edgeSwatch('weak'), 'Weak reference: does not keep the object alive'],
    [linkSwatch(), 'Underlined label: opens where the attribute is assigned'],
  ];
  const list = html('ul', 'legend__list');
  for (const [swatch, text] of entries) {
    const item = html('li', 'legend__item');
    item.append(swatch, html('span', 'legend__text', {}, text));
    list.appendChild(item);
  }
  legend.appendChild(list);
  legend.appendChild(
    html(
      'p',
      'legend__keys',
      {},
      'Drag to pan, wheel or +/- to zoom, F to fit. Tab or arrows move between nodes; Enter or click opens source; Space, E or double-click expands; W asks why it is alive.',
    ),
  );
  return legend;
}
