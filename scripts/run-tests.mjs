// Runs every test suite (or the ones named on the command line) and prints one closing line
// `N passed, N failed`. Suites: unit, agent, protocol, webview, vscode, ui.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';

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

const nodeTest = (dir) => {
  const files = testFiles(dir);
  return files.length === 0
    ? null
    : ['node', ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files]];
};

const suites = {
  unit: () => nodeTest('test/unit'),
  agent: () =>
    testFiles('test/agent/agent_tests', '.py').some((f) => /test_[^/]*\.py$/.test(f))
      ? [PYTHON, ['-m', 'unittest', 'discover', '-s', 'test/agent/agent_tests', '-t', 'test/agent', '-v']]
      : null,
  protocol: () => nodeTest('test/protocol'),
  webview: () => nodeTest('test/webview'),
  vscode: () =>
    existsSync(join(root, 'test/vscode/runner/runExtensionTests.mjs'))
      ? ['node', ['test/vscode/runner/runExtensionTests.mjs']]
      : null,
  ui: () => nodeTest('test/ui'),
};

/** Reads pass/fail counts from a runner's output (node:test spec, unittest, our own line). */
function countResults(name, text, exitCode) {
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
        if (k === 'failures' || k === 'errors') failed += Number(v);
      }
    }
    const skipped = /skipped=(\d+)/.exec(text);
    return { passed: total - failed - (skipped ? Number(skipped[1]) : 0), failed };
  }
  // A runner that printed no counts: one failure if it failed, so it is never lost.
  console.log(`[${name}] no test counts found in the output`);
  return { passed: 0, failed: exitCode === 0 ? 0 : 1 };
}

function run(name, [command, args]) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
    const child = spawn(command, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    let text = '';
    const collect = (chunk) => {
      const s = chunk.toString();
      text += s;
      process.stdout.write(s);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', (code) => {
      const counts = countResults(name, text, code);
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      resolve({ name, code, ...counts });
    });
  });
}

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(suites);
const results = [];
for (const name of names) {
  if (!suites[name]) {
    console.error(`Unknown suite "${name}". Suites: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  const command = suites[name]();
  if (!command) {
    console.log(`\n=== ${name}: no tests`);
    continue;
  }
  results.push(await run(name, command));
}
console.log('\n=== summary');
for (const r of results) {
  console.log(
    `${r.name.padEnd(9)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed${r.code === 0 ? '' : `  (exit ${r.code})`}`,
  );
}
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.every((r) => r.code === 0) ? 0 : 1);
