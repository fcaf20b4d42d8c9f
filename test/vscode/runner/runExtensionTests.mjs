#!/usr/bin/env node
// Runs the extension-host tests (test/vscode/suite/**/*.test.ts) inside a real VS Code:
// code-server on a free loopback port + headless Debian Chromium driven by playwright-core.
//
//   node test/vscode/runner/runExtensionTests.mjs [options]
//     --workspace DIR   folder to open (default test/vscode/workspace)
//     --grep RE         only tests whose full title matches
//     --no-build        do not rebuild the extension (dist/) or the suite (out/)
//     --no-extension-build   bundle the suite but leave dist/ as it is
//     --timeout SEC     overall timeout (default 600)
//     --keep            keep the temp dirs (user data, extensions) for inspection
//
// What it does: builds Leak Hunter (node scripts/build.mjs) and bundles the suite with esbuild
// (each suite file -> out/test/vscode/suite/**.js, cjs, `vscode` and `mocha` external), makes
// sure code-server is installed (scripts/install-code-server.sh), starts it with the test-only
// debugpy fixture extension installed, opens the workspace with the repo root as
// extensionDevelopmentPath and out/test/vscode/suite/index.js as extensionTestsPath, and waits
// for the workbench to call window.codeAutomationExit(code). The suite writes its results to
// $LEAK_HUNTER_TEST_RESULTS; they are printed here. Logs: .test-work/vscode/<time>-<pid>/
// (code-server.log, browser-console.log, results.json; the 5 newest runs are kept).
// The interpreter and debugpy under test come from LEAK_HUNTER_PYTHON / LEAK_HUNTER_DEBUGPY (set by
// scripts/run-tests.mjs for each pair; default Debian's python3 with its debugpy): code-server
// passes its environment to the extension host, where the fixture extension reads them.
// Exit status: 0 all passed, 1 a failure, a timeout or no results.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  launchChromium,
  repoRoot,
  screenshotsDir,
  smokeTestDriverInitScript,
  startCodeServer,
  workbenchUrl,
} from './codeServer.mjs';

function parseArgs(argv) {
  const opts = {
    workspace: path.join(repoRoot, 'test/vscode/workspace'),
    grep: process.env.LEAK_HUNTER_TEST_GREP,
    build: true,
    extensionBuild: true,
    timeoutSec: Number(process.env.LEAK_HUNTER_TEST_TOTAL_TIMEOUT) || 600,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--workspace') opts.workspace = path.resolve(argv[++i]);
    else if (a === '--grep') opts.grep = argv[++i];
    else if (a === '--no-build') opts.build = false;
    else if (a === '--no-extension-build') opts.extensionBuild = false;
    else if (a === '--timeout') opts.timeoutSec = Number(argv[++i]);
    else if (a === '--keep') opts.keep = true;
    else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return opts;
}

const suiteSrc = path.join(repoRoot, 'test/vscode/suite');
const suiteOut = path.join(repoRoot, 'out/test/vscode/suite');
// One dir per run (concurrent runs must not share results files); the newest few are kept.
const runsDir = path.join(repoRoot, '.test-work/vscode');
const workDir = path.join(runsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);

function pruneOldRuns(keep = 5) {
  if (!fs.existsSync(runsDir)) return;
  const runs = fs
    .readdirSync(runsDir)
    .filter((d) => /^\d{4}-.*-\d+$/.test(d))
    .sort();
  for (const d of runs.slice(0, Math.max(0, runs.length - keep))) {
    fs.rmSync(path.join(runsDir, d), { recursive: true, force: true });
  }
}

function listSuiteSources(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, f))
    .filter((f) => f.endsWith('.test.ts') && fs.statSync(f).isFile())
    .sort();
}

async function build(opts) {
  const t0 = Date.now();
  if (!opts.extensionBuild) {
    console.log('note: --no-extension-build: using dist/ as it is');
  } else if (fs.existsSync(path.join(repoRoot, 'extension/extension.ts'))) {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${r.stdout}${r.stderr}`);
  } else {
    console.log('note: extension/extension.ts does not exist yet; testing without Leak Hunter built');
  }
  const esbuild = await import('esbuild');
  fs.rmSync(suiteOut, { recursive: true, force: true });
  const entryPoints = [path.join(suiteSrc, 'index.ts'), ...listSuiteSources(suiteSrc)];
  // One bundle per file: index.js finds the *.test.js next to it; shared helpers get inlined.
  await esbuild.build({
    entryPoints,
    outdir: suiteOut,
    outbase: suiteSrc,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  console.log(
    `built ${opts.extensionBuild ? 'extension + ' : ''}${entryPoints.length - 1} suite file(s) in ${Date.now() - t0} ms`,
  );
  if (opts.grep) console.log(`grep: ${opts.grep}`);
}

function printResults(results) {
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? 'ok  ' : t.state === 'pending' ? 'skip' : 'FAIL';
    const ms = t.duration !== undefined ? ` (${t.duration} ms)` : '';
    console.log(`${mark} ${t.title}${ms}`);
    if (t.state === 'failed' && t.error) console.log(t.error.replace(/^/gm, '       '));
  }
  const pending = results.pending ? `, ${results.pending} pending` : '';
  console.log(`${results.passed} passed, ${results.failed} failed${pending}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (opts.build) await build(opts);
  if (!fs.existsSync(path.join(suiteOut, 'index.js')))
    throw new Error(`${suiteOut}/index.js missing: build first`);

  pruneOldRuns();
  fs.mkdirSync(workDir, { recursive: true });
  fs.mkdirSync(screenshotsDir, { recursive: true });
  const resultsFile = path.join(workDir, 'results.json');
  const consoleLog = fs.createWriteStream(path.join(workDir, 'browser-console.log'));

  let server;
  let browser;
  let timer;
  let exitCode = 1;
  const onSignal = () => {
    console.error('interrupted');
    cleanup().finally(() => process.exit(130));
  };
  const cleanup = async () => {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    consoleLog.end();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const env = {
      LEAK_HUNTER_TEST_RESULTS: resultsFile,
      ...(opts.grep ? { LEAK_HUNTER_TEST_GREP: opts.grep } : {}),
    };
    server = await startCodeServer({ workspace: opts.workspace, env, logDir: workDir, keepTemp: opts.keep });
    const tServer = Date.now();
    console.log(
      `code-server ${server.url} up in ${tServer - started} ms (logs: ${path.relative(repoRoot, workDir)}/)`,
    );

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(smokeTestDriverInitScript);
    const page = await context.newPage();
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack ?? e}\n`));

    let resolveFinished;
    const finished = new Promise((resolve) => (resolveFinished = resolve));
    // The workbench calls window.codeAutomationExit(code, logs) when the suite has finished.
    await page.exposeFunction('codeAutomationExit', (code) => resolveFinished({ code: Number(code) }));
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ timeout: true }), opts.timeoutSec * 1000);
    });
    await page.goto(
      workbenchUrl(server, {
        workspace: opts.workspace,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: path.join(suiteOut, 'index.js'),
      }),
    );
    const outcome = await Promise.race([finished, timedOut]);
    const tEnd = Date.now();

    const shot = path.join(screenshotsDir, 'vscode-extension-tests.png');
    await page.screenshot({ path: shot }).catch((e) => console.error(`screenshot failed: ${e.message}`));

    let results;
    if (fs.existsSync(resultsFile)) {
      results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      printResults(results);
    }
    if (outcome.timeout) {
      console.error(`TIMEOUT: the suite did not finish within ${opts.timeoutSec} s`);
    } else if (!results) {
      console.error(
        `no results file: the suite did not run (workbench exit code ${outcome.code}); see ${workDir}`,
      );
    } else if (outcome.code === 0 && results.failed === 0 && results.passed > 0) {
      exitCode = 0;
    } else if (results.passed === 0 && results.failed === 0) {
      console.error('no tests ran');
    }
    console.log(
      `VS Code + suite: ${((tEnd - tServer) / 1000).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s; screenshot ${path.relative(repoRoot, shot)}`,
    );
  } catch (err) {
    console.error(err?.stack ?? err);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  process.exit(1);
});
