/**
 * The test runner's reading of suite output (scripts/test-output.mjs): which tests failed, and
 * how a known-failures list changes the count. The texts are the shapes the runners print.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { failureIds, judge, knownFor, loadKnownFailures } from '../../scripts/test-output.mjs';

// unittest -v on 3.8-3.10 names the class only; 3.11+ adds the method.
const UNITTEST_38 = `test_a (agent_tests.test_x.XTest) ... FAIL
test_b (agent_tests.test_x.XTest) ... ok
======================================================================
FAIL: test_a (agent_tests.test_x.XTest)
----------------------------------------------------------------------
Ran 2 tests in 0.1s

FAILED (failures=1)
`;
const UNITTEST_311 = `======================================================================
FAIL: test_a (agent_tests.test_x.XTest.test_a)
======================================================================
ERROR: test_c (agent_tests.test_y.YTest.test_c) (mode='fast')
----------------------------------------------------------------------
Ran 5 tests in 0.1s

FAILED (failures=1, errors=1, skipped=1)
`;
const NODE_SPEC = `▶ outer
  ▶ inner one
    ✔ R0 -> R1 (1.5ms)
    ✖ R1 -> P2 (23.8ms)
      AssertionError [ERR_ASSERTION]: Expected values to be strictly deep-equal:
  ✖ inner one (6045.3ms)
  ▶ inner two
    ✖ R1 -> P2 (0.5ms)
  ✖ inner two (10.1ms)
✖ outer (7000.1ms)
✔ top level (3.2ms)
ℹ tests 4
ℹ pass 1
ℹ fail 2

✖ failing tests:

test at test/protocol/x.test.ts:3:2432
✖ R1 -> P2 (23.8ms)
`;

const entry = (tests: string[]) => [{ suite: 'agent', python: '3.8', tests }];

describe('test runner output', () => {
  it('names unittest failures module.Class.test on 3.8 and on 3.11+', () => {
    assert.deepEqual(failureIds(UNITTEST_38), ['test_x.XTest.test_a']);
    assert.deepEqual(failureIds(UNITTEST_311), ['test_x.XTest.test_a', 'test_y.YTest.test_c']);
  });

  it('names node:test failures by their suites, not by the repeated title', () => {
    assert.deepEqual(failureIds(NODE_SPEC), ['outer > inner one > R1 -> P2', 'outer > inner two > R1 -> P2']);
  });

  it('does not count listed failures, counts unlisted ones', () => {
    const v = judge(UNITTEST_311, 1, entry(['test_x.XTest.test_a']));
    assert.deepEqual(
      { passed: v.passed, failed: v.failed, known: v.known, unexpected: v.unexpected },
      { passed: 2, failed: 1, known: ['test_x.XTest.test_a'], unexpected: ['test_y.YTest.test_c'] },
    );
  });

  it('counts a listed test that passed as a failure until its entry is removed', () => {
    const v = judge(UNITTEST_38, 1, entry(['test_x.XTest.test_a', 'test_x.XTest.test_b']));
    assert.deepEqual(
      { passed: v.passed, failed: v.failed, fixed: v.fixedButListed },
      { passed: 0, failed: 1, fixed: ['test_x.XTest.test_b'] },
    );
  });

  it('a run that crashed without counts is one failure, whatever is listed', () => {
    assert.equal(judge('Traceback (most recent call last):\n', 1, entry(['test_x.XTest.test_a'])).failed, 1);
  });

  it('entries apply by suite, interpreter version prefix and debugpy', () => {
    const entries = [
      { suite: 'agent', python: '3.1', tests: ['a'] },
      { suite: 'agent', python: '3.12', tests: ['b'] },
      { suite: 'protocol', python: '3.12', debugpy: '1.8.21', tests: ['c'] },
    ];
    const tests = (suite: string, version: string, debugpy?: string) =>
      knownFor(entries, suite, { version }, debugpy ? { version: debugpy } : undefined).flatMap(
        (e) => e.tests,
      );
    assert.deepEqual(tests('agent', '3.12.1'), ['b']);
    assert.deepEqual(tests('agent', '3.10.13'), []);
    assert.deepEqual(tests('protocol', '3.12.1', '1.6.6'), []);
    assert.deepEqual(tests('protocol', '3.12.1', '1.8.21'), ['c']);
  });

  it('the known-failures file parses and every entry says why and which tests', () => {
    const file = join(__dirname, '..', 'known-failures.json');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { entries: unknown[] };
    assert.equal(loadKnownFailures(file).length, raw.entries.length);
    for (const e of loadKnownFailures(file)) {
      assert.ok(['agent', 'protocol'].includes(e.suite), e.suite);
      assert.match(e.python, /^3\.\d+$/);
      assert.ok(e.why && e.tests.length > 0, JSON.stringify(e));
    }
  });
});
