/**
 * Smoke run of the benchmark (issue 5): a 100k heap, one repetition, targets not enforced, so
 * `npm run bench` cannot rot. The figures themselves are not asserted (shared, noisy machines).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { REPO } from './harness';

const EXPECTED_CLAIMS = [
  /^snapshot\/100k: [\d.]+x the floor gc\.collect\(\) \+ Counter/m,
  /^snapshot\/100k: [\d.]+x faster than objgraph typestats \+ show_growth/m,
  /^chain\/200-referrers\/100k: [\d.]+x faster than objgraph \(target >= 15x\)/m,
  /^retainers\/depth-5\/100k: [\d.]+x faster than objgraph/m,
  /^cycles\/10k\/100k: [\d.]+x one full gc\.collect\(\)/m,
  /^e2e\/snapshot\/100k: \d+ ms end to end through debugpy/m,
];

describe('benchmark smoke run', () => {
  it('node scripts/bench.mjs --sizes 100k --runs 1 --no-enforce completes and prints the claim lines', async () => {
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('node', ['scripts/bench.mjs', '--sizes', '100k', '--runs', '1', '--no-enforce'], {
        cwd: REPO,
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (c) => resolve({ code: c, out }));
    });
    assert.equal(code, 0, out);
    for (const row of [
      'floor/collect+counter',
      'objgraph/chain/200-referrers',
      'agent/snapshot',
      'e2e/snapshot',
      'e2e/cycles',
    ]) {
      assert.match(
        out,
        new RegExp(`^\\| ${row.replace(/[/+]/g, (c) => `\\${c}`)}\\s`, 'm'),
        `table row ${row}`,
      );
    }
    for (const claim of EXPECTED_CLAIMS) {
      assert.match(out, claim);
    }
    assert.doesNotMatch(out, /not measured \(row missing\)/);
  });
});
