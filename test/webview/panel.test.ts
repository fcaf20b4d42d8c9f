/**
 * The webview app in real Chromium under the panel's CSP: rendering, XSS safety, no remote
 * loads, every gesture's message to the host, exports, and big graphs staying usable.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ObjectGraph } from '../../common/agentProtocol';
import {
  FromWebviewType,
  ToWebviewType,
  type FromWebviewMessage,
  type ShowGraphMessage,
} from '../../common/panelProtocol';
import { CLIENT_NODE_BOUND } from '../../webview/graphModel';
import {
  cacheChainGraph,
  connectionGraph,
  DEFAULT_LIMITS,
  largeRetainerGraph,
  node,
  SAMPLE_PATH,
  XSS_LABELS,
  xssGraph,
} from './fixtures';
import { ROOT, WebviewHarness, type PanelPage } from './harness';

const harness = new WebviewHarness();
/** Graph nodes (the legend's swatches reuse the node classes). */
const NODE = '.graph-view g.node';
before(() => harness.start());
after(() => harness.stop());

function showGraph(graph: ObjectGraph, title = 'Why is OBJ alive?'): ShowGraphMessage {
  return { type: ToWebviewType.ShowGraph, mode: 'retainers', title, graph, limits: DEFAULT_LIMITS };
}

async function withPanel(run: (panel: PanelPage) => Promise<void>): Promise<void> {
  const panel = await harness.openPanel('dark');
  try {
    await run(panel);
    // Whatever a test did, nothing may have broken the page's security rules.
    assert.deepEqual(await panel.page.evaluate(() => window.__cspViolations), [], 'CSP violations');
    assert.deepEqual(panel.dialogs, [], 'dialogs');
    assert.deepEqual(panel.consoleErrors, [], 'console errors');
  } finally {
    await panel.close();
  }
}

function ofType<T extends FromWebviewMessage['type']>(messages: FromWebviewMessage[], type: T) {
  return messages.filter((m): m is Extract<FromWebviewMessage, { type: T }> => m.type === type);
}

/** The text lines of every drawn node, by node id. */
async function nodeTexts(panel: PanelPage): Promise<Record<string, string[]>> {
  return panel.page.$$eval(NODE, (elements) =>
    Object.fromEntries(
      elements.map((e) => [
        (e as SVGGElement).dataset.id ?? '',
        [...e.querySelectorAll('text')].map((t) => t.textContent ?? ''),
      ]),
    ),
  );
}

test('renders the _cache chain with exact node texts and edge labels', () =>
  withPanel(async (panel) => {
    await panel.sendAndWaitForGraph(showGraph(cacheChainGraph()));
    assert.deepEqual(await nodeTexts(panel), {
      n1: ['module', '__main__', '0x7f3a5c000040 · 72 B'],
      n2: ['dict', 'dict of __main__ (12 items)', '0x7f3a5c000080 · 1.1 KiB'],
      n3: ['list', 'list (17 items)', '0x7f3a5c0000c0 · 216 B'],
      n4: ['OBJ', '<__main__.OBJ object>', '0x7f3a5c000100 · 56 B'],
    });
    const labels = await panel.page.$$eval('.graph-view text.edge-label__text', (ts) =>
      ts.map((t) => t.textContent),
    );
    assert.deepEqual(labels.sort(), ["['_cache']", '[17]', '__dict__'].sort());
    for (const label of ["['_cache']", '[17]', '__dict__']) {
      const text = panel.page.locator('.graph-view text.edge-label__text', { hasText: label });
      assert.ok(await text.first().isVisible(), `${label} visible`);
    }
    assert.equal(await panel.page.locator('h1').textContent(), 'Why is OBJ alive?');
    assert.ok(await panel.page.locator('.graph-view g.node--target[data-id="n4"]').isVisible());
    assert.ok(await panel.page.locator('.graph-view g.node--module.node--root[data-id="n1"]').isVisible());
    assert.deepEqual(ofType(await panel.posted(), FromWebviewType.Ready).length, 1);
  }));

test('a node with retained bytes shows what it keeps on its size line, tooltip and label; others as before', () =>
  withPanel(async (panel) => {
    const graph = cacheChainGraph();
    // The list keeps itself and its 17 OBJ of 56 B each; the OBJ keeps only itself.
    const keptByList = 216 + 17 * 56; // 1,168 B
    const nodes = graph.nodes.map((n) =>
      n.id === 'n3' ? { ...n, retainedBytes: keptByList } : n.id === 'n4' ? { ...n, retainedBytes: 56 } : n,
    );
    await panel.sendAndWaitForGraph(showGraph({ ...graph, nodes }));
    assert.deepEqual(await nodeTexts(panel), {
      n1: ['module', '__main__', '0x7f3a5c000040 · 72 B'],
      n2: ['dict', 'dict of __main__ (12 items)', '0x7f3a5c000080 · 1.1 KiB'],
      n3: ['list', 'list (17 items)', '0x7f3a5c0000c0 · 216 B · keeps 1.1 KiB'],
      n4: ['OBJ', '<__main__.OBJ object>', '0x7f3a5c000100 · 56 B · keeps 56 B'],
    });
    const described = async (id: string) => ({
      aria: (await panel.page.getAttribute(`${NODE}[data-id="${id}"]`, 'aria-label')) ?? '',
      tooltip: (await panel.page.textContent(`${NODE}[data-id="${id}"] > title`)) ?? '',
    });
    const list = await described('n3');
    assert.match(list.aria, /, 216 B, keeps 1\.1 KiB alive \(retained size\),/);
    assert.match(list.tooltip, /^list\nlist \(17 items\)\nkeeps 1\.1 KiB alive \(retained size\)\n/);
    const dict = await described('n2');
    assert.doesNotMatch(dict.aria, /keeps/);
    assert.doesNotMatch(dict.tooltip, /keeps/);
  }));

test('labels that look like HTML are shown as text and never run', () =>
  withPanel(async (panel) => {
    await panel.sendAndWaitForGraph(showGraph(xssGraph(), '<img src=x onerror=alert(9)>'));
    await panel.send({ type: ToWebviewType.Notice, level: 'error', text: XSS_LABELS[0] });
    const texts = await nodeTexts(panel);
    assert.equal(texts.x2[0], '<b onmouseover=alert(3)>dict</b>');
    assert.equal(texts.x2[1], XSS_LABELS[0].slice(0, 39) + '…');
    assert.equal(texts.x3[1], XSS_LABELS[1].slice(0, 39) + '…');
    assert.equal(await panel.page.locator('h1').textContent(), '<img src=x onerror=alert(9)>');
    assert.equal(await panel.page.locator('.banner__text').textContent(), XSS_LABELS[0]);
    // Full labels are in tooltips, still as text.
    const titles = await panel.page.$$eval(`${NODE} > title`, (ts) => ts.map((t) => t.textContent ?? ''));
    assert.ok(titles.some((t) => t.includes(XSS_LABELS[1])));
    await panel.page.hover('.graph-view g.node[data-id="x2"]');
    await panel.page.waitForTimeout(300);
    assert.equal(await panel.page.locator('img').count(), 0);
    assert.equal(await panel.page.locator('script:not([src])').count(), 0);
    assert.equal(await panel.page.locator('b').count(), 0);
    assert.equal(await panel.page.evaluate(() => window.__xssFired), false);
  }));

test('nothing is loaded from anywhere but the webview origin', () =>
  withPanel(async (panel) => {
    await panel.sendAndWaitForGraph(showGraph(connectionGraph()));
    await panel.page.click('#toolbar-export-svg');
    const foreign = panel.requests.filter(
      (url) => !url.startsWith(panel.origin + '/') && !url.startsWith('blob:'),
    );
    assert.deepEqual(foreign, []);
    // The layout ran in a worker started from a blob: URL (fetched from the origin as text).
    assert.ok(panel.requests.includes(`${panel.origin}/dist/webview/elk-worker.js`));
    const csp = await panel.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(
      csp ?? '',
      /^default-src 'none'; script-src 'nonce-[^']+'; style-src http:\/\/127\.0\.0\.1:\d+;/,
    );
    // The app sets no style attributes (the web components' shadow DOM styles via CSSOM, which
    // the CSP allows; no violation was reported above).
    assert.equal(await panel.page.evaluate(() => document.querySelectorAll('[style]').length), 0);
  }));

test('clicking a node opens its source; a node without one says so', () =>
  withPanel(async (panel) => {
    await panel.sendAndWaitForGraph(showGraph(cacheChainGraph()));
    await panel.clearPosted();
    await panel.page.click('.graph-view g.node[data-id="n3"]');
    assert.deepEqual(await panel.posted(), [
      { type: FromWebviewType.OpenSource, location: { path: SAMPLE_PATH, line: 4 } },
    ]);
    assert.ok(await panel.page.locator('.graph-view g.node[data-id="n3"].node--selected').count());
    await panel.clearPosted();
    await panel.page.click('.graph-view g.node[data-id="n2"]');
    assert.deepEqual(await panel.posted(), []);
    assert.equal(await panel.page.locator('.banner__text').textContent(), 'No source for this node.');
    await panel.page.click('.banner__close');
    assert.equal(await panel.page.locator('.banner').isVisible(), false);
  }));

test('an attribute edge label with a source opens it', () =>
  withPanel(async (panel) => {
    await panel.sendAndWaitForGraph(showGraph(connectionGraph()));
    await panel.clearPosted();
    await panel.page.locator('.graph-view g.edge-label--link', { hasText: '.connections' }).click();
    assert.deepEqual(await panel.posted(), [
      { type: FromWebviewType.OpenSource, location: { path: '/home/dev/app/server.py', line: 12 } },
    ]);
  }));

test('"+N more" click and double-click post Expand; MergeGraph adds the nodes', () =>
  withPanel(async (panel) => {
    const graph = connectionGraph();
    await panel.sendAndWaitForGraph(showGraph(graph));
    await panel.clearPosted();
    await panel.page.click('.graph-view g.node[data-id="c10"]');
    const list = graph.nodes.find((n) => n.id === 'c3')!;
    assert.deepEqual(await panel.posted(), [
      {
        type: FromWebviewType.Expand,
        nodeId: 'c10',
        target: { address: list.address, typeKey: 'list' },
        offset: 1,
      },
    ]);
    await panel.clearPosted();
    await panel.page.dblclick('.graph-view g.node[data-id="c2"]');
    const manager = graph.nodes.find((n) => n.id === 'c2')!;
    const expands = ofType(await panel.posted(), FromWebviewType.Expand);
    assert.deepEqual(expands, [
      {
        type: FromWebviewType.Expand,
        nodeId: 'c2',
        target: { address: manager.address, typeKey: manager.typeKey },
        offset: 0,
      },
    ]);
    // The double-click's first click still opened the source, once.
    assert.equal(ofType(await panel.posted(), FromWebviewType.OpenSource).length, 1);

    await panel.sendAndWaitForGraph({
      type: ToWebviewType.MergeGraph,
      expandedId: 'c10',
      graph: {
        nodes: [node('c40', 'Connection', '<server.Connection #40>'), list],
        edges: [{ from: 'c40', to: 'c3', label: '[40]', kind: 'index' }],
        targetId: 'c3',
        truncated: false,
      },
    });
    const texts = await nodeTexts(panel);
    assert.equal(texts.c10, undefined, 'the "+N more" node is replaced');
    assert.deepEqual(texts.c40.slice(0, 2), ['Connection', '<server.Connection #40>']);
    assert.equal(Object.keys(texts).length, graph.nodes.length);
  }));

test('keyboard: Tab and arrows move between nodes; Enter, Space, E and W act', () =>
  withPanel(async (panel) => {
    await panel.sendAndWaitForGraph(showGraph(cacheChainGraph()));
    const focused = () =>
      panel.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset?.id);
    await panel.page.focus('.graph-view g.node[data-id="n4"]');
    await panel.page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'n3');
    await panel.page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'n2');
    await panel.page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'n3');
    await panel.page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'n2');
    await panel.page.keyboard.press('Tab');
    assert.equal(await focused(), 'n3');
    assert.match(
      (await panel.page.getAttribute('.graph-view g.node[data-id="n3"]', 'aria-label')) ?? '',
      /^list list \(17 items\), address 0x7f3a5c0000c0/,
    );

    await panel.clearPosted();
    await panel.page.keyboard.press('Enter');
    await panel.page.keyboard.press('Space');
    await panel.page.keyboard.press('e');
    await panel.page.keyboard.press('w');
    const list = cacheChainGraph().nodes[2];
    const ref = { address: list.address, typeKey: 'list' };
    assert.deepEqual(await panel.posted(), [
      { type: FromWebviewType.OpenSource, location: { path: SAMPLE_PATH, line: 4 } },
      { type: FromWebviewType.Expand, nodeId: 'n3', target: ref, offset: 0 },
      { type: FromWebviewType.Expand, nodeId: 'n3', target: ref, offset: 0 },
      { type: FromWebviewType.WhyAlive, target: ref },
    ]);

    // +, - and F change the view without touching the graph.
    const transform = () => panel.page.getAttribute('g.graph-viewport', 'transform');
    const fitted = await transform();
    await panel.page.keyboard.press('+');
    assert.notEqual(await transform(), fitted);
    await panel.page.keyboard.press('f');
    assert.equal(await transform(), fitted);
  }));

test('toolbar: limits post ChangeLimits; pan and wheel zoom move the view', () =>
  withPanel(async (panel) => {
    await panel.sendAndWaitForGraph(showGraph(cacheChainGraph()));
    await panel.clearPosted();
    await panel.page.locator('#toolbar-depth input').fill('7');
    await panel.page.locator('#toolbar-too-many input').fill('25');
    await panel.page.locator('#toolbar-ignore-types input').fill('function, cell');
    await panel.page.click('#toolbar-apply');
    assert.deepEqual(await panel.posted(), [
      {
        type: FromWebviewType.ChangeLimits,
        limits: { ...DEFAULT_LIMITS, maxDepth: 7, tooMany: 25, ignoreTypes: ['function', 'cell'] },
      },
    ]);
    const transform = () => panel.page.getAttribute('g.graph-viewport', 'transform');
    const before = await transform();
    const box = (await panel.page.locator('svg.graph-canvas').boundingBox())!;
    await panel.page.mouse.move(box.x + 20, box.y + box.height - 20);
    await panel.page.mouse.down();
    await panel.page.mouse.move(box.x + 120, box.y + box.height - 60, { steps: 4 });
    await panel.page.mouse.up();
    const panned = await transform();
    assert.notEqual(panned, before);
    await panel.page.mouse.wheel(0, -300);
    assert.notEqual(await transform(), panned);
    await panel.page.click('#toolbar-fit');
    assert.equal(await transform(), before);

    await panel.clearPosted();
    await panel.page.locator('#toolbar-depth input').fill('0');
    await panel.page.click('#toolbar-apply');
    assert.deepEqual(await panel.posted(), []);
    assert.match((await panel.page.locator('.banner__text').textContent()) ?? '', /Depth must be/);
  }));

test('exports: DOT from the toolbar is the golden text; RequestExport svg answers', () =>
  withPanel(async (panel) => {
    await panel.sendAndWaitForGraph(showGraph(cacheChainGraph(), 'Why is OBJ alive?'));
    await panel.clearPosted();
    await panel.page.click('#toolbar-export-dot');
    const golden = readFileSync(join(ROOT, 'test/webview/golden/cache-chain.dot'), 'utf8');
    assert.deepEqual(await panel.posted(), [
      { type: FromWebviewType.ExportResult, format: 'dot', text: golden },
    ]);
    await panel.clearPosted();
    await panel.send({ type: ToWebviewType.RequestExport, format: 'svg' });
    const [svgExport] = ofType(await panel.posted(), FromWebviewType.ExportResult);
    assert.equal(svgExport.format, 'svg');
    assert.match(svgExport.text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svgExport.text.includes('&lt;__main__.OBJ object&gt;'));
    assert.ok(
      svgExport.text.includes('fill="#f14c4c"') || svgExport.text.includes('stroke="#f14c4c"'),
      'theme red',
    );
  }));

test('unknown and malformed messages are logged, never thrown; Busy and Notice show', () =>
  withPanel(async (panel) => {
    await panel.clearPosted();
    await panel.page.evaluate(() => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'selfDestruct' } }));
      window.dispatchEvent(new MessageEvent('message', { data: 'hello' }));
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'showGraph', graph: null } }));
    });
    const logs = ofType(await panel.posted(), FromWebviewType.Log);
    assert.equal(logs.length, 3);
    assert.match(logs[0].text, /selfDestruct/);
    await panel.send({ type: ToWebviewType.Busy, busy: true });
    assert.ok(await panel.page.locator('.progress').isVisible());
    await panel.send({ type: ToWebviewType.Busy, busy: false });
    assert.equal(await panel.page.locator('.progress').getAttribute('hidden'), '');
    await panel.send({
      type: ToWebviewType.Notice,
      level: 'warning',
      text: 'No chain found within depth 5.',
    });
    assert.equal(
      await panel.page.locator('.banner--warning .banner__text').textContent(),
      'No chain found within depth 5.',
    );
  }));

test('the layout worker starts before any graph; one warm worker serves every layout', () =>
  withPanel(async (panel) => {
    // No graph sent yet: the worker script is already fetched and the worker started.
    await panel.page.waitForFunction(
      (url) => performance.getEntriesByType('resource').some((e) => e.name === url),
      `${panel.origin}/dist/webview/elk-worker.js`,
      { timeout: 10_000 },
    );
    assert.equal(await panel.page.evaluate(() => document.body.dataset.graphState), 'empty');
    assert.equal(panel.page.workers().length, 1);

    // Three graphs in a row: the two superseded ones are never drawn, the worker is kept.
    await panel.send(showGraph(largeRetainerGraph(300), 'first'));
    await panel.send(showGraph(largeRetainerGraph(200), 'second'));
    await panel.sendAndWaitForGraph(showGraph(cacheChainGraph(), 'third'));
    assert.equal(await panel.page.locator('.panel-header__title').textContent(), 'third');
    assert.equal(await panel.page.locator(NODE).count(), cacheChainGraph().nodes.length);
    await panel.sendAndWaitForGraph(showGraph(connectionGraph(), 'fourth'));
    assert.equal(await panel.page.locator(NODE).count(), connectionGraph().nodes.length);
    assert.equal(panel.page.workers().length, 1);
    assert.equal(
      panel.requests.filter((url) => url.endsWith('/elk-worker.js')).length,
      1,
      'the worker script is fetched once',
    );
  }));

test('a 300-node graph lays out and paints in full', () =>
  withPanel(async (panel) => {
    await panel.sendAndWaitForGraph(showGraph(largeRetainerGraph(300)));
    assert.equal(await panel.page.locator(NODE).count(), 300);
    assert.ok(await panel.page.locator('.graph-view g.node--target').isVisible());
  }));

test('a 2,000-node graph is bounded, collapsible, and the page answers during layout', () =>
  withPanel(async (panel) => {
    await panel.clearPosted();
    await panel.send(showGraph(largeRetainerGraph(2000)));
    // The layout runs in the worker: the page reacts to a click meanwhile.
    assert.equal(await panel.page.evaluate(() => document.body.dataset.graphState), 'layingOut');
    assert.match(
      (await panel.page.locator('.layout-indicator').textContent()) ?? '',
      /^Laying out \d+ nodes…$/,
    );
    await panel.page.click('#toolbar-export-dot', { timeout: 2000 });
    assert.equal(ofType(await panel.posted(), FromWebviewType.ExportResult).length, 1);
    await panel.waitForGraph();

    const drawn = await panel.page.locator(NODE).count();
    assert.ok(drawn <= CLIENT_NODE_BOUND, `${drawn} nodes drawn`);
    const more = panel.page.locator('.graph-view g.node--more');
    assert.ok((await more.count()) > 0);
    assert.match(
      (await panel.page.locator('.status-line').textContent()) ?? '',
      /collapsed into "\+N more" nodes/,
    );

    // A client-side "+N more" node reveals its members without asking the host.
    const hiddenBefore = await panel.page.$$eval('.graph-view g.node--more', (gs) =>
      gs.reduce((sum, g) => sum + Number(/\+(\d+) more/.exec(g.textContent ?? '')?.[1] ?? 0), 0),
    );
    await panel.clearPosted();
    // At fit scale a node of a very wide graph is a few pixels: use the keyboard path to it.
    await more.first().focus();
    await panel.page.keyboard.press('Enter');
    await panel.waitForGraph();
    assert.deepEqual(ofType(await panel.posted(), FromWebviewType.Expand), []);
    const hiddenAfter = await panel.page.$$eval('.graph-view g.node--more', (gs) =>
      gs.reduce((sum, g) => sum + Number(/\+(\d+) more/.exec(g.textContent ?? '')?.[1] ?? 0), 0),
    );
    assert.ok(hiddenAfter < hiddenBefore, `${hiddenAfter} < ${hiddenBefore}`);
  }));
