/**
 * The two tables the panel shares through common/: the strings (every user-facing text comes
 * from the table the host sends) and the colours (the screen, computed by Chromium from the CSS
 * variables, and the SVG export, computed by `resolvePalette`, agree node by node).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  colorVariable,
  DEFAULT_EXPORT_PALETTE,
  fillVariable,
  mixColors,
  NODE_TINT_PERCENT,
  PANEL_COLORS,
  panelColorsCss,
  type NodeColorRole,
  type PanelColorRole,
} from '../../common/nodeColors';
import { FromWebviewType, ToWebviewType, type FromWebviewMessage } from '../../common/panelProtocol';
import {
  ENGLISH_PANEL_STRINGS,
  formatString,
  parsePanelStrings,
  type PanelStringKey,
} from '../../common/panelStrings';
import { connectionGraph, DEFAULT_LIMITS, largeRetainerGraph } from './fixtures';
import { pseudoTranslate, ROOT, WebviewHarness } from './harness';

const harness = new WebviewHarness();
before(() => harness.start());
after(() => harness.stop());

test('strings: a partial or broken table falls back to English key by key', () => {
  assert.deepEqual(parsePanelStrings(undefined), ENGLISH_PANEL_STRINGS);
  assert.deepEqual(parsePanelStrings('{not json'), ENGLISH_PANEL_STRINGS);
  assert.deepEqual(parsePanelStrings('"a string"'), ENGLISH_PANEL_STRINGS);
  const parsed = parsePanelStrings(JSON.stringify({ apply: 'Anwenden', depth: 3, unknown: 'x' }));
  assert.equal(parsed.apply, 'Anwenden');
  assert.equal(parsed.depth, 'Depth');
  assert.equal((parsed as Record<string, string>).unknown, undefined);
  assert.equal(formatString('{1} of {0}, {2}', 'a', 7), '7 of a, {2}');
});

/** The English text of the table in pieces that a hard-coded string would show. */
function englishFragments(): string[] {
  const fragments = new Set<string>();
  for (const key of Object.keys(ENGLISH_PANEL_STRINGS) as PanelStringKey[]) {
    for (const piece of ENGLISH_PANEL_STRINGS[key].split(/\{\d+\}/)) {
      if (piece.trim().length >= 4) fragments.add(piece.trim());
    }
  }
  return [...fragments];
}

test('strings: every text the panel shows comes from the host-sent table', async () => {
  const panel = await harness.openPanel('dark', undefined, 'pseudo');
  try {
    const graph = largeRetainerGraph(1200);
    await panel.send({ type: ToWebviewType.Notice, level: 'info', text: 'host notice' });
    await panel.sendAndWaitForGraph({
      type: ToWebviewType.ShowGraph,
      mode: 'retainers',
      title: '',
      graph,
      limits: DEFAULT_LIMITS,
    });
    // A message the webview itself makes: the limits check of the toolbar.
    await panel.page.locator('#toolbar-depth input').fill('0');
    await panel.page.click('#toolbar-apply');

    const t = (key: PanelStringKey) => pseudoTranslate(ENGLISH_PANEL_STRINGS[key]);
    assert.equal(await panel.page.title(), t('pageTitle'));
    assert.equal(await panel.page.locator('h1').textContent(), t('modeRetainers'));
    assert.equal(await panel.page.locator('.banner__text').textContent(), t('depthInvalid'));
    assert.equal((await panel.page.locator('#toolbar-apply').textContent())?.trim(), t('apply'));
    assert.equal(await panel.page.locator('#toolbar-fit').getAttribute('label'), t('fit'));
    const objects = graph.nodes.filter((n) => n.kind !== 'more').length;
    // <html lang="de">: counts are formatted in the user's language.
    const counts = formatString(
      t('statusCounts'),
      objects.toLocaleString('de'),
      graph.edges.length.toLocaleString('de'),
    );
    assert.ok(counts.includes('1.200'), counts);
    assert.ok(((await panel.page.locator('.status-line').textContent()) ?? '').startsWith(`${counts} · `));

    // Everything a user reads or hears, with the graph's own data (from the debuggee) left out.
    const shown: string[] = await panel.page.evaluate(() => {
      const texts: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement?.closest('.node__line--type, .node__line--label, .edge-label__text')) continue;
        if (n.parentElement?.closest('.graph-view title')) continue;
        texts.push(n.textContent ?? '');
      }
      for (const element of document.querySelectorAll('*')) {
        if (element.closest('.graph-view g.node, .graph-view .edge-label')) continue;
        for (const name of ['aria-label', 'aria-roledescription', 'title', 'placeholder', 'label'])
          texts.push(element.getAttribute(name) ?? '');
      }
      return texts;
    });
    shown.push(await panel.page.title());
    const leftOver = shown.map((text) => text.replace(/⟦[^⟧]*⟧/g, '')).filter((text) => text.trim());
    const fragments = englishFragments();
    const hardCoded = leftOver.filter((text) => fragments.some((f) => text.includes(f)));
    assert.deepEqual(hardCoded, [], 'English text that did not come from the table');
    // And the nodes' own texts are the table's: "+N more", the aria labels.
    const more = panel.page.locator('.graph-view g.node--more').first();
    assert.match((await more.locator('text').textContent()) ?? '', /^⟦"<&'\+\d+ more⟧$/);
    assert.match((await more.getAttribute('aria-label')) ?? '', /^⟦"<&'\d+ more, press Enter to expand⟧$/);
  } finally {
    await panel.close();
  }
});

test('colours: media/graph.css draws the graph only with the variables the table defines', () => {
  const css = readFileSync(join(ROOT, 'media/graph.css'), 'utf8');
  const defined = new Set([...panelColorsCss().matchAll(/(--lh-[\w-]+):/g)].map((m) => m[1]));
  const roles = Object.keys(PANEL_COLORS) as PanelColorRole[];
  assert.deepEqual(
    [...defined].sort(),
    [
      ...roles.map(colorVariable),
      ...(Object.keys(NODE_TINT_PERCENT) as NodeColorRole[]).map(fillVariable),
    ].sort(),
  );
  for (const used of css.matchAll(/var\((--lh-[\w-]+)\)/g)) assert.ok(defined.has(used[1]), used[1]);
  for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    if (!/^\s*\.(node|badge|edge)/.test(selector.trim().replace(/^[\s\S]*\*\/\s*/, ''))) continue;
    const themeVariables = [...body.matchAll(/var\((--vscode-[\w-]+)/g)].map((m) => m[1]);
    const allowed = ['--vscode-focusBorder', '--vscode-editor-font-family'];
    assert.deepEqual(
      themeVariables.filter((v) => !allowed.includes(v)),
      [],
      `${selector.trim()} uses a theme colour directly`,
    );
  }
  assert.equal(mixColors('#ff0000', '#ffffff', 50), '#ff8080');
  assert.equal(mixColors('rgb(0, 0, 255)', '#000', 10), '#00001a');
  assert.equal(mixColors('transparent', '#000', 10), undefined);
  assert.equal(DEFAULT_EXPORT_PALETTE.colors.target, PANEL_COLORS.target.fallback);
});

/** `rgb(r, g, b)` or `color(srgb r g b)` (how Chromium computes color-mix) as 0-255 channels. */
function channels(css: string): number[] {
  const rgb = /^rgba?\((\d+), (\d+), (\d+)/.exec(css);
  if (rgb) return rgb.slice(1, 4).map(Number);
  const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)/.exec(css);
  if (srgb) return srgb.slice(1, 4).map((c) => Math.round(Number(c) * 255));
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return hex.slice(1, 4).map((c) => parseInt(c, 16));
  throw new Error(`not a colour: ${css}`);
}

function assertSameColour(screen: string, exported: string, what: string): void {
  const a = channels(screen);
  const b = channels(exported);
  assert.ok(
    a.every((c, i) => Math.abs(c - b[i]) <= 1),
    `${what}: screen ${screen} vs export ${exported}`,
  );
}

for (const theme of ['dark', 'light'] as const) {
  test(`colours: the SVG export draws every node as the screen does (${theme} theme)`, async () => {
    const panel = await harness.openPanel(theme);
    try {
      const graph = connectionGraph();
      await panel.sendAndWaitForGraph({
        type: ToWebviewType.ShowGraph,
        mode: 'retainers',
        title: 'colours',
        graph,
        limits: DEFAULT_LIMITS,
      });
      await panel.clearPosted();
      await panel.send({ type: ToWebviewType.RequestExport, format: 'svg' });
      const posted = await panel.posted();
      const svg = posted.find(
        (m): m is Extract<FromWebviewMessage, { type: FromWebviewType.ExportResult }> =>
          m.type === FromWebviewType.ExportResult,
      )!.text;
      // Export: one <g> per node in the graph's order, its box the first <rect>.
      const boxes = [...svg.matchAll(/<g transform="[^"]*">\n<rect [^>]*fill="([^"]+)" stroke="([^"]+)"/g)];
      assert.equal(boxes.length, graph.nodes.length);
      const screen = await panel.page.$$eval('.graph-view g.node', (groups) =>
        Object.fromEntries(
          groups.map((g) => {
            const box = getComputedStyle(g.querySelector('.node__box')!);
            return [(g as SVGGElement).dataset.id, [box.fill, box.stroke]];
          }),
        ),
      );
      graph.nodes.forEach((node, i) => {
        assertSameColour(screen[node.id][0], boxes[i][1], `${node.id} fill`);
        assertSameColour(screen[node.id][1], boxes[i][2], `${node.id} stroke`);
      });
      for (const kind of ['finalizer', 'garbage'] as const) {
        const onScreen = await panel.page
          .locator(`.graph-view .badge--${kind} .badge__box`)
          .first()
          .evaluate((e) => getComputedStyle(e).fill);
        const exported = new RegExp(
          `rx="7" fill="([^"]+)"/><text[^>]*>${kind === 'finalizer' ? '__del__' : 'gc.garbage'}<`,
        ).exec(svg)![1];
        assertSameColour(onScreen, exported, `${kind} badge`);
      }
      const weakOnScreen = await panel.page
        .locator('.graph-view g.edge--weak .edge__line')
        .evaluate((e) => getComputedStyle(e).stroke);
      const weakExported = /stroke="([^"]+)" stroke-dasharray="5 4"/.exec(svg)![1];
      assertSameColour(weakOnScreen, weakExported, 'weak edge');
      // The theme's colours, not the fallbacks, when the theme has them.
      const themeRed = await panel.page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--vscode-charts-red').trim(),
      );
      assert.ok(svg.includes(`stroke="${themeRed}"`), themeRed);
      assert.deepEqual(await panel.page.evaluate(() => window.__cspViolations), [], 'CSP violations');
    } finally {
      await panel.close();
    }
  });
}
