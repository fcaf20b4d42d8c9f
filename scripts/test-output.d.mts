/** Pass/fail counts the runner printed (node:test spec, unittest, `N passed, N failed`). */
export function countResults(text: string): { passed: number; failed: number } | undefined;
/** One id per reported failure: `module.Class.test` (unittest), `suite > title` (node:test). */
export function failureIds(text: string): string[];
/** One entry of test/known-failures.json. */
export interface KnownFailureEntry {
  suite: string;
  python: string;
  debugpy?: string;
  why?: string;
  owner?: string;
  tests: string[];
}
/** The entries of a known-failures file. */
export function loadKnownFailures(file: string): KnownFailureEntry[];
/** The entries that apply to one run of `suite` on an interpreter + debugpy. */
export function knownFor(
  entries: KnownFailureEntry[],
  suite: string,
  interpreter: { version: string } | undefined,
  debugpy: { version: string } | undefined,
): KnownFailureEntry[];
/** One run's verdict against its known failures. */
export function judge(
  text: string,
  exitCode: number,
  entries: KnownFailureEntry[],
): { passed: number; failed: number; known: string[]; unexpected: string[]; fixedButListed: string[] };
