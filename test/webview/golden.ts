/**
 * Golden files for what a user sees: compare text with test/webview/golden/NAME, or rewrite the
 * file when the environment says UPDATE_GOLDEN=1 (then look at the diff before committing).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** Asserts that `actual` equals the golden file `name`. */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `golden file ${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `differs from golden ${name} (UPDATE_GOLDEN=1 rewrites it)`,
  );
}

/** Stable JSON text for goldens. */
export function goldenJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
