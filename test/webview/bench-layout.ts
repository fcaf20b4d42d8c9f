/**
 * Bench (not a test): layout + first paint of 100, 300, 1,000 and 2,000-node retainer graphs in
 * headless Chromium, measured from the ShowGraph message to the second animation frame after the
 * graph is drawn. Prints one JSON line per size. Graphs above the client bound are collapsed
 * (what a user gets), so `drawnNodes` says how many were actually laid out.
 *
 *   node --import tsx test/webview/bench-layout.ts [--runs 5] [--sizes 100,300,1000,2000] [--first-delay 0]
 *
 * `--first-delay MS` waits that long after the panel's Ready message before the first graph
 * (the time the agent's query takes in real use; 0, the default, is the worst case).
 */
import { fileURLToPath } from 'node:url';
import { ToWebviewType, type ShowGraphMessage } from '../../common/panelProtocol';
import { DEFAULT_LIMITS, largeRetainerGraph } from './fixtures';
import { WebviewHarness } from './harness';

/** One size's figures, in milliseconds. */
export interface LayoutBenchResult {
  readonly bench: 'webview-layout-paint';
  readonly nodes: number;
  readonly edges: number;
  readonly drawnNodes: number;
  readonly runs: number;
  /** The first layout in a fresh panel (worker start and JIT warm-up included). */
  readonly firstMs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Runs in the page: sends the message and resolves with the elapsed time once the app reports
 * the graph drawn and two frames have passed (the first paint of it). A string, because functions
 * compiled by tsx carry helpers that do not exist in the page.
 */
const MEASURE_IN_PAGE = `(message) => new Promise((resolve) => {
  const start = performance.now();
  const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
  const observer = new MutationObserver(() => {
    if (document.body.dataset.graphState === 'ready') { observer.disconnect(); done(); }
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['data-graph-state'] });
  window.dispatchEvent(new MessageEvent('message', { data: message }));
})`;

/** Measures layout + first paint for each size, `runs` times each, in a fresh panel per size. */
export async function measureLayoutTimes(
  sizes: readonly number[],
  runs: number,
  firstDelayMs = 0,
): Promise<LayoutBenchResult[]> {
  const harness = new WebviewHarness();
  await harness.start();
  const results: LayoutBenchResult[] = [];
  try {
    for (const size of sizes) {
      const graph = largeRetainerGraph(size);
      const panel = await harness.openPanel('dark');
      const times: number[] = [];
      // The extension sends the first graph when the agent's answer is in; 0 = right after Ready.
      if (firstDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, firstDelayMs));
      for (let run = 0; run < runs; run++) {
        // A new title each run makes it a new graph, as when the user runs the command again.
        const message: ShowGraphMessage = {
          type: ToWebviewType.ShowGraph,
          mode: 'retainers',
          title: `bench ${size} #${run}`,
          graph,
          limits: DEFAULT_LIMITS,
        };
        times.push(await panel.page.evaluate(`(${MEASURE_IN_PAGE})(${JSON.stringify(message)})`));
      }
      if (process.env.BENCH_TIMINGS) {
        // Worker time and drawing time of each run (performance.measure entries of the app).
        const split = await panel.page.evaluate(`['layout', 'render'].map((name) =>
          name + ' ' + performance.getEntriesByName('leak-hunter:' + name).map((e) => Math.round(e.duration)).join(','))`);
        console.error(`${size} nodes: ${(split as string[]).join('; ')}`);
      }
      const drawnNodes = await panel.page.locator('.graph-view g.node').count();
      await panel.close();
      const sorted = [...times].sort((a, b) => a - b);
      results.push({
        bench: 'webview-layout-paint',
        nodes: graph.nodes.length,
        edges: graph.edges.length,
        drawnNodes,
        runs,
        firstMs: round(times[0]),
        medianMs: round(sorted[Math.floor(sorted.length / 2)]),
        minMs: round(sorted[0]),
        maxMs: round(sorted[sorted.length - 1]),
      });
    }
  } finally {
    await harness.stop();
  }
  return results;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = argument('--sizes', '100,300,1000,2000').split(',').map(Number);
  const runs = Number(argument('--runs', '5'));
  const firstDelay = Number(argument('--first-delay', '0'));
  measureLayoutTimes(sizes, runs, firstDelay).then(
    (results) => results.forEach((r) => console.log(JSON.stringify(r))),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
