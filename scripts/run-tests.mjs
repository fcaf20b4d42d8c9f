// Runs every test suite (or the ones named on the command line) and prints a summary with a row
// per suite run and one closing line `N passed, N failed`.
//
//   node scripts/run-tests.mjs [SUITE[FILTER]...]
//     suites: unit, agent, protocol, webview, vscode, ui
//     agent, protocol and vscode run over the test matrix (scripts/test-matrix.mjs): the agent
//     suite on every interpreter, the protocol suite on every interpreter + debugpy pair, the
//     extension-host suite on Debian's 3.11 + debugpy 1.6.6 and on 3.13 + debugpy 1.8.21.
//     FILTER keeps the runs whose label contains it: `agent[3.12]`, `protocol[debian]`;
//     `[default]` keeps the default pair only (Debian's python3 with its own debugpy).
//
// Known failures (test/known-failures.json) are listed in the summary and not counted; a listed
// test that passes is counted as a failure until its entry is removed. A pair that cannot run
// (an interpreter or debugpy that is there but broken) is a failure; one the machine lacks is a
// `skipped:` line.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverMatrix, pairEnv, pairLabel } from './test-matrix.mjs';
import { judge, knownFor, loadKnownFailures } from './test-output.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KNOWN_FAILURES = join(root, 'test/known-failures.json');

/** Test files under `dir` whose name ends with `suffix`, relative to the repo root. */
function testFiles(dir, suffix = '.test.ts') {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => relative(root, join(abs, f)));
}

const nodeTest = (files) =>
  files.length === 0
    ? null
    : ['node', ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files]];

/**
 * The agent suite's command line on one interpreter (the agent engineer's line). `pattern`
 * narrows it to some test files: the debugpy-dependent tests live in `test_debugpy*.py`.
 */
function agentCommand(python, pattern = 'test*.py') {
  return testFiles('test/agent/agent_tests', '.py').some((f) => /test_[^/]*\.py$/.test(f))
    ? [
        python,
        [
          '-m',
          'unittest',
          'discover',
          '-s',
          'test/agent/agent_tests',
          '-t',
          'test/agent',
          '-p',
          pattern,
          '-v',
        ],
      ]
    : null;
}

/** The bench smoke measures Debian's python3 only (scripts/bench.mjs): it runs on the default pair. */
const protocolFiles = (isDefault) =>
  testFiles('test/protocol').filter((f) => isDefault || !/bench[^/]*\.test\.ts$/.test(f));

/** Each suite's runs: [{ label, command, env?, interpreter?, debugpy? }], plus `skipped:` lines. */
function plan(name, matrix) {
  const single = (command) => ({ runs: command ? [{ label: name, command }] : [], skipped: [] });
  if (name === 'unit' || name === 'webview' || name === 'ui') {
    return single(nodeTest(testFiles(`test/${name}`)));
  }
  const runs = [];
  const skipped = [];
  const isDefault = (i, d) => i.source === 'debian' && d !== undefined && d.src === undefined;
  for (const interpreter of matrix.interpreters) {
    const [first, ...others] = interpreter.debugpys;
    if (name === 'agent') {
      const command = agentCommand(interpreter.python);
      if (!command) continue;
      runs.push({ label: `agent[${pairLabel(interpreter, first)}]`, command, interpreter, debugpy: first });
      // The debugpy-dependent agent tests against each other debugpy the interpreter can run.
      for (const debugpy of others) {
        runs.push({
          label: `agent:debugpy[${pairLabel(interpreter, debugpy)}]`,
          command: agentCommand(interpreter.python, 'test_debugpy*.py'),
          interpreter,
          debugpy,
        });
      }
    } else if (name === 'protocol') {
      for (const debugpy of interpreter.debugpys) {
        const command = nodeTest(protocolFiles(isDefault(interpreter, debugpy)));
        if (command)
          runs.push({ label: `protocol[${pairLabel(interpreter, debugpy)}]`, command, interpreter, debugpy });
      }
    }
  }
  if (name === 'vscode') {
    if (!existsSync(join(root, 'test/vscode/runner/runExtensionTests.mjs'))) return { runs, skipped };
    const command = ['node', ['test/vscode/runner/runExtensionTests.mjs']];
    const debian = matrix.interpreters.find((i) => i.debugpys.some((d) => isDefault(i, d)));
    const newest = matrix.interpreters
      .filter((i) => i.version.startsWith('3.13.'))
      .map((i) => ({ interpreter: i, debugpy: i.debugpys.find((d) => d.src) }))
      .filter((p) => p.debugpy)
      .pop();
    if (debian) {
      const debugpy = debian.debugpys.find((d) => isDefault(debian, d));
      runs.push({ label: `vscode[${pairLabel(debian, debugpy)}]`, command, interpreter: debian, debugpy });
    } else skipped.push(`vscode on Debian's python3 + its debugpy (not on this machine)`);
    if (newest) {
      runs.push({ label: `vscode[${pairLabel(newest.interpreter, newest.debugpy)}]`, command, ...newest });
    } else skipped.push(`vscode on CPython 3.13 + the vendored debugpy (not on this machine)`);
  }
  return { runs, skipped };
}

function run(entry, known) {
  const [command, args] = entry.command;
  const env = { ...process.env, FORCE_COLOR: '0' };
  if (entry.interpreter) Object.assign(env, pairEnv(entry.interpreter, entry.debugpy));
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${entry.label}: ${command} ${args.join(' ')}`);
    if (entry.interpreter) console.log(`    PYTHONPATH=${env.PYTHONPATH}`);
    const child = spawn(command, args, { cwd: root, env });
    let text = '';
    const collect = (chunk) => {
      const s = chunk.toString();
      text += s;
      process.stdout.write(s);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (e) => collect(`${command}: ${e.message}\n`));
    child.on('close', (code) => {
      const verdict = judge(text, code ?? 1, known);
      if (verdict.failed > 0 && verdict.unexpected[0] === '(no test counts in the output)') {
        console.log(`[${entry.label}] no test counts found in the output`);
      }
      resolve({ label: entry.label, code, seconds: (Date.now() - started) / 1000, known, ...verdict });
    });
  });
}

/** `agent[3.12]` -> { name: 'agent', filter: '3.12' }. */
function parseSelector(arg) {
  const m = /^(\w+)(?:\[(.*)\])?$/.exec(arg);
  return m ? { name: m[1], filter: m[2] } : { name: arg };
}

const SUITES = ['unit', 'agent', 'protocol', 'webview', 'vscode', 'ui'];
const MATRIX_SUITES = new Set(['agent', 'protocol', 'vscode']);
const selectors = (process.argv.length > 2 ? process.argv.slice(2) : SUITES).map(parseSelector);
for (const s of selectors) {
  if (!SUITES.includes(s.name)) {
    console.error(`Unknown suite "${s.name}". Suites: ${SUITES.join(', ')}`);
    process.exit(2);
  }
}

const started = Date.now();
const needsMatrix = selectors.some((s) => MATRIX_SUITES.has(s.name));
const matrix = needsMatrix ? discoverMatrix() : { interpreters: [], skipped: [], broken: [] };
const knownEntries = loadKnownFailures(KNOWN_FAILURES);
if (needsMatrix) {
  console.log('=== test matrix');
  for (const i of matrix.interpreters) {
    console.log(
      `${i.label.padEnd(16)} ${i.python}  ${i.debugpys.map((d) => d.label).join(', ') || 'no debugpy'}`,
    );
  }
}
const skipped = [...matrix.skipped];
const results = matrix.broken.map((b) => ({
  label: `broken[${b.label}]`,
  code: 1,
  seconds: 0,
  passed: 0,
  failed: 1,
  known: [],
  unexpected: [b.reason],
  fixedButListed: [],
}));
for (const b of matrix.broken) console.log(`BROKEN: ${b.label}: ${b.reason}`);

for (const { name, filter } of selectors) {
  const p = plan(name, matrix);
  skipped.push(...p.skipped);
  const runs = p.runs.filter((r) =>
    filter === undefined
      ? true
      : filter === 'default'
        ? r.interpreter === undefined || (r.interpreter.source === 'debian' && !r.debugpy?.src)
        : r.label.includes(filter),
  );
  if (runs.length === 0) console.log(`\n=== ${name}${filter ? `[${filter}]` : ''}: no tests`);
  for (const entry of runs) {
    const suite = entry.label.replace(/[:[].*$/, '');
    results.push(await run(entry, knownFor(knownEntries, suite, entry.interpreter, entry.debugpy)));
  }
}

console.log('\n=== summary');
const width = Math.max(9, ...results.map((r) => r.label.length));
for (const r of results) {
  const known = r.known.length > 0 ? `  ${r.known.length} known failures` : '';
  console.log(
    `${r.label.padEnd(width)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed` +
      `${known}  ${r.seconds.toFixed(0).padStart(4)} s${r.code === 0 || (r.failed === 0 && r.known.length > 0) ? '' : `  (exit ${r.code})`}`,
  );
}
for (const r of results) {
  if (r.known.length > 0)
    console.log(`known failures on ${r.label} (test/known-failures.json): ${r.known.join(', ')}`);
  if (r.fixedButListed.length > 0) {
    console.log(
      `FIXED but still listed on ${r.label}: ${r.fixedButListed.join(', ')}: remove them from test/known-failures.json`,
    );
  }
  if (r.label.startsWith('broken[')) console.log(`BROKEN ${r.label}: ${r.unexpected.join('; ')}`);
}
for (const s of skipped) console.log(`skipped: ${s}`);
console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
