// Reading a test runner's output (node:test spec, Python unittest -v, our own closing line) and
// holding it against the known-failures list (test/known-failures.json). Used by run-tests.mjs.
import { readFileSync } from 'node:fs';

/** Pass/fail counts from a runner's output, or undefined when it printed none. */
export function countResults(text) {
  let m;
  if ((m = /^(?:\w+:\s+)?(\d+) passed, (\d+) failed/m.exec(text))) {
    return { passed: Number(m[1]), failed: Number(m[2]) };
  }
  const pass = /^ℹ pass (\d+)$/m.exec(text) ?? /^# pass (\d+)$/m.exec(text);
  const fail = /^ℹ fail (\d+)$/m.exec(text) ?? /^# fail (\d+)$/m.exec(text);
  if (pass && fail) {
    return { passed: Number(pass[1]), failed: Number(fail[1]) };
  }
  if ((m = /^Ran (\d+) tests? in/m.exec(text))) {
    const total = Number(m[1]);
    const bad = /^FAILED \((.*)\)$/m.exec(text);
    let failed = 0;
    if (bad) {
      for (const part of bad[1].split(',')) {
        const [k, v] = part.trim().split('=');
        if (k === 'failures' || k === 'errors' || k === 'unexpected successes') failed += Number(v);
      }
    }
    const skipped = /skipped=(\d+)/.exec(text);
    return { passed: total - failed - (skipped ? Number(skipped[1]) : 0), failed };
  }
  return undefined;
}

/**
 * The id of each failure the output reports, once per failure (a unittest subTest can fail more
 * than once): unittest's `FAIL: test_x (pkg.module.Class[.test_x])` -> `module.Class.test_x`
 * (the same on 3.8-3.10, which print no method in the parentheses, and on 3.11+); node:test's
 * failed tests -> `suite > inner suite > title`.
 */
export function failureIds(text) {
  const ids = [];
  for (const m of text.matchAll(/^(?:FAIL|ERROR): (\w+) \(([\w.]+)\)/gm)) {
    const [method, dotted] = [m[1], m[2]];
    const parts = dotted.split('.');
    if (parts[parts.length - 1] === method) parts.pop();
    ids.push([...parts.slice(-2), method].join('.'));
  }
  // node:test spec: a suite opens with `▶ name` and closes with `✔|✖ name (ms)` at the same
  // indent; a failed test is a `✖ title (ms)` that closes no suite. Its id: the suites' names and
  // its title, joined by " > " (titles alone repeat across suites).
  const end = text.indexOf('\n✖ failing tests:');
  const suites = [];
  for (const line of (end >= 0 ? text.slice(0, end) : text).split('\n')) {
    const m = /^( *)(▶|✔|✖|﹣) (.*?)(?: \([\d.]+m?s\))?(?: # .*)?$/.exec(line);
    if (!m) continue;
    const [indent, mark, title] = [m[1].length, m[2], m[3]];
    while (suites.length > 0 && suites[suites.length - 1].indent > indent) suites.pop();
    if (mark === '▶') {
      suites.push({ indent, title });
      continue;
    }
    const top = suites[suites.length - 1];
    if (top && top.indent === indent && top.title === title) {
      suites.pop();
      continue;
    }
    if (mark === '✖') ids.push([...suites.map((s) => s.title), title].join(' > '));
  }
  return ids;
}

/**
 * The known-failures list: `{ entries: [{ suite, python, debugpy?, why, tests: [id] }] }`, where
 * `python` is a version prefix ("3.12" matches 3.12.1) and `debugpy` one of the debugpy's.
 */
export function loadKnownFailures(file) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  return data.entries ?? [];
}

/** The known-failure entries that apply to one run of `suite` on an interpreter + debugpy. */
export function knownFor(entries, suite, interpreter, debugpy) {
  return entries.filter(
    (e) =>
      e.suite === suite &&
      interpreter !== undefined &&
      (interpreter.version === e.python || interpreter.version.startsWith(`${e.python}.`)) &&
      (e.debugpy === undefined || e.debugpy === debugpy?.version),
  );
}

/**
 * Holds one run's output against its known failures. A failure on the list is not counted; one
 * not on it is; a listed test that did not fail (fixed, renamed, or removed) is counted as a
 * failure too, so that the list can only shrink by someone deleting the entry.
 * Returns { passed, failed, known: [id], unexpected: [id], fixedButListed: [id] }.
 */
export function judge(text, exitCode, entries) {
  const counts = countResults(text);
  if (!counts) {
    return {
      passed: 0,
      failed: 1,
      known: [],
      unexpected: ['(no test counts in the output)'],
      fixedButListed: [],
    };
  }
  const listed = new Set(entries.flatMap((e) => e.tests));
  const ids = failureIds(text);
  const known = ids.filter((id) => listed.has(id));
  const unexpected = ids.filter((id) => !listed.has(id));
  const failedIds = new Set(ids);
  const fixedButListed = [...listed].filter((id) => !failedIds.has(id));
  // Counted from the runner's own totals, so a failure whose line was not parsed still counts.
  let failed = Math.max(0, counts.failed - known.length) + fixedButListed.length;
  const passed = counts.passed - fixedButListed.length;
  if (exitCode !== 0 && failed === 0 && known.length === 0) failed = 1; // crashed without failures
  return { passed, failed, known: [...new Set(known)], unexpected: [...new Set(unexpected)], fixedButListed };
}
