/**
 * Renders the sample graphs in the Dark Modern and Light Modern themes and saves screenshots to
 * screenshots/ for a person to look at. Asserts only that the pictures were drawn.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ToWebviewType } from '../../common/panelProtocol';
import { cacheChainGraph, connectionGraph, DEFAULT_LIMITS, largeRetainerGraph } from './fixtures';
import { WebviewHarness, type ThemeName } from './harness';

const harness = new WebviewHarness();
before(() => harness.start());
after(() => harness.stop());

for (const theme of ['dark', 'light'] as ThemeName[]) {
  test(`screenshots in the ${theme} theme`, async () => {
    const panel = await harness.openPanel(theme);
    try {
      await panel.sendAndWaitForGraph({
        type: ToWebviewType.ShowGraph,
        mode: 'retainers',
        title: 'Retainers of Connection 0x7f3a5c000100',
        hint: 'A Connection keeps itself alive through its own bound methods in .msg_handlers: clear them in destroy(), or hold the handlers weakly.',
        graph: connectionGraph(),
        limits: DEFAULT_LIMITS,
      });
      await panel.send({
        type: ToWebviewType.Notice,
        level: 'info',
        text: 'Found 1 cycle through __self__.',
      });
      // Keyboard focus on the target, to show the focus ring too.
      await panel.page.focus('g.node--target');
      await panel.page.keyboard.press('ArrowUp');
      assert.ok(statSync(await panel.screenshot(`connection-${theme}`)).size > 10_000);

      await panel.sendAndWaitForGraph({
        type: ToWebviewType.ShowGraph,
        mode: 'chain',
        title: 'Why is OBJ 0x7f3a5c000100 alive?',
        graph: cacheChainGraph(),
        limits: DEFAULT_LIMITS,
      });
      assert.ok(statSync(await panel.screenshot(`chain-${theme}`)).size > 5_000);

      await panel.sendAndWaitForGraph({
        type: ToWebviewType.ShowGraph,
        mode: 'retainers',
        title: 'Retainers of dict 0x7f3a5c000000 (300 objects)',
        graph: largeRetainerGraph(300),
        limits: DEFAULT_LIMITS,
      });
      assert.ok(statSync(await panel.screenshot(`large-300-${theme}`)).size > 10_000);
      for (let i = 0; i < 2; i++) await panel.page.click('#toolbar-zoom-in');
      assert.ok(statSync(await panel.screenshot(`large-300-zoomed-${theme}`)).size > 10_000);

      await panel.sendAndWaitForGraph({
        type: ToWebviewType.ShowGraph,
        mode: 'retainers',
        title: 'Retainers of dict 0x7f3a5c000000 (2,000 objects)',
        graph: largeRetainerGraph(2000),
        limits: DEFAULT_LIMITS,
      });
      assert.ok(statSync(await panel.screenshot(`large-2000-${theme}`)).size > 10_000);
      await panel.page.click('#toolbar-zoom-in');
      await panel.page.click('#toolbar-zoom-in');
      await panel.page.click('#toolbar-zoom-in');
      assert.ok(statSync(await panel.screenshot(`large-2000-zoomed-${theme}`)).size > 10_000);
    } finally {
      await panel.close();
    }
  });
}
