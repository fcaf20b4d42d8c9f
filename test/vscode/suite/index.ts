// Mocha entry point for the extension-host tests: VS Code loads the bundled form of this file
// (out/test/vscode/suite/index.js) as `extensionTestsPath` and calls `run()` inside the real
// extension host, with Leak Hunter (the repo root) as the extension under development.
//
// Each `test/vscode/suite/**/*.test.ts` is bundled by test/vscode/runner/runExtensionTests.mjs
// to `out/test/vscode/suite/**/*.test.js`; this file loads every one of them. Both mocha
// interfaces are available: `describe`/`it` (bdd) and `suite`/`test` (tdd).
//
// Environment (set on the code-server process by the runner, inherited by the extension host):
//   LEAK_HUNTER_TEST_RESULTS  path of a JSON file: {passed, failed, pending, tests: [{title, state, error, duration}]}
//   LEAK_HUNTER_TEST_GREP     only run tests whose full title matches this regular expression
//   LEAK_HUNTER_TEST_TIMEOUT  per-test timeout in ms (default 60000)
//
// Under @vscode/test-electron / @vscode/test-web on a machine with internet, the same bundle
// works: without LEAK_HUNTER_TEST_RESULTS it only reports to the console.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
  duration?: number;
}

function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

function writeResults(file: string | undefined, tests: TestRecord[]): void {
  if (!file) return;
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.filter((t) => t.state === 'failed').length;
  const pending = tests.filter((t) => t.state === 'pending').length;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ passed, failed, pending, tests }, null, 2));
}

export function run(): Promise<void> {
  const resultsFile = process.env.LEAK_HUNTER_TEST_RESULTS;
  const timeout = Number(process.env.LEAK_HUNTER_TEST_TIMEOUT) || 60_000;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout, reporter: 'spec' });
  // Make the tdd globals (suite/test/suiteSetup/...) available as well.
  Mocha.interfaces.tdd(mocha.suite);
  if (process.env.LEAK_HUNTER_TEST_GREP) mocha.grep(new RegExp(process.env.LEAK_HUNTER_TEST_GREP));

  const tests: TestRecord[] = [];
  return new Promise<void>((resolve, reject) => {
    try {
      for (const file of findTestFiles(__dirname)) mocha.addFile(file);
      const runner = mocha.run((failures) => {
        writeResults(resultsFile, tests);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', duration: t.duration }));
      runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
      // 'fail' also fires for hooks (before/after each): record them, they fail the run.
      runner.on('fail', (t, err) =>
        tests.push({ title: t.fullTitle(), state: 'failed', error: errorText(err), duration: t.duration }),
      );
    } catch (err) {
      tests.push({ title: 'loading the test suite', state: 'failed', error: errorText(err) });
      writeResults(resultsFile, tests);
      reject(err);
    }
  });
}
