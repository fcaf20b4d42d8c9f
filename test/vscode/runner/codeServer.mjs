// Shared plumbing for running a real VS Code (code-server) on this machine and driving it with
// Chromium through playwright-core. Used by runExtensionTests.mjs (extension-host tests) and by
// test/ui/codeServer.ts (UI tests). Plain Node ESM: no build step.
//
// Facts: ../../../../shared/docs/facts.md section 4 (or /work/shared/docs/facts.md).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixtureExtensionDir = path.join(repoRoot, 'test/fixtures/debugpy-adapter-extension');
export const screenshotsDir = path.join(repoRoot, 'screenshots');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const codeServerBin = path.join(repoRoot, '.tools/code-server/node_modules/.bin/code-server');

/** Path of the code-server binary; runs scripts/install-code-server.sh when it is missing. */
export function ensureCodeServer({ quiet = false } = {}) {
  const marker = fs.existsSync(path.join(repoRoot, '.tools/code-server'))
    ? fs.readdirSync(path.join(repoRoot, '.tools/code-server')).some((f) => f.startsWith('.verified-'))
    : false;
  if (fs.existsSync(codeServerBin) && marker) return codeServerBin;
  if (!quiet) console.error('code-server is not installed yet: running scripts/install-code-server.sh');
  const r = spawnSync('bash', [path.join(repoRoot, 'scripts/install-code-server.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0 || !fs.existsSync(codeServerBin)) {
    throw new Error('scripts/install-code-server.sh failed');
  }
  return codeServerBin;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true, dereference: true });
}

/**
 * Installs the test-only debugpy fixture extension into an extensions dir by copying it in as
 * `<publisher>.<name>-<version>` (VS Code scans the folder; no extensions.json needed).
 */
export function installFixtureExtension(extensionsDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(fixtureExtensionDir, 'package.json'), 'utf8'));
  const dest = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.rmSync(dest, { recursive: true, force: true });
  copyDir(fixtureExtensionDir, dest);
  return `${pkg.publisher}.${pkg.name}`;
}

/** `code-server --install-extension file.vsix` into the given extensions dir. */
export function installVsix(bin, vsix, { extensionsDir, userDataDir, env }) {
  const r = spawnSync(
    bin,
    [
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    { env, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

/** All descendants of a pid, deepest last (from /proc). */
function descendants(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      /* gone */
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    for (const c of children.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills a process, its process group and every descendant (debug adapters, debuggees). */
export async function killTree(pid, graceMs = 3000) {
  if (!pid) return;
  const all = [pid, ...descendants(pid)];
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* no group */
    }
    for (const p of all) {
      try {
        process.kill(p, sig);
      } catch {
        /* gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && all.some(alive)) await new Promise((r) => setTimeout(r, 100));
  // Late children (spawned while shutting down) of anything still alive.
  for (const p of all.filter(alive)) all.push(...descendants(p));
  signal('SIGKILL');
}

async function waitForHealthz(url, proc, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  throw new Error(`code-server did not answer ${url}/healthz (exit ${proc.exitCode}). Log:\n${log}`);
}

/**
 * Starts code-server on a free loopback port with throw-away user-data, extensions and XDG dirs.
 *
 * options:
 *   workspace      folder to open (absolute)
 *   fixture        install the debugpy fixture extension (default true)
 *   vsix           a .vsix to install first (e.g. dist/leak-hunter.vsix)
 *   port           fixed port (default: a free one)
 *   env            extra environment for code-server and so the extension host
 *   logDir         where code-server.log goes (default: the temp dir)
 *   keepTemp       do not delete the temp dir on stop
 * Returns { url, port, host, pid, tempDir, userDataDir, extensionsDir, logFile, stop() }.
 */
export async function startCodeServer(options) {
  const bin = ensureCodeServer();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-code-server-'));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  const logDir = options.logDir ?? tempDir;
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'code-server.log');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tempDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(tempDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tempDir, 'xdg-cache'),
    XDG_RUNTIME_DIR: path.join(tempDir, 'xdg-runtime'),
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
    ...options.env,
  };
  for (const d of ['xdg-config', 'xdg-data', 'xdg-cache', 'xdg-runtime']) {
    fs.mkdirSync(path.join(tempDir, d), { recursive: true, mode: 0o700 });
  }
  // VS Code's own settings for this throw-away profile: quiet and deterministic.
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User/settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'extensions.ignoreRecommendations': true,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        'git.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
        'window.restoreWindows': 'none',
        ...(options.settings ?? {}),
      },
      null,
      2,
    ),
  );

  if (options.fixture !== false) installFixtureExtension(extensionsDir);
  if (options.vsix) installVsix(bin, options.vsix, { extensionsDir, userDataDir, env });

  const port = options.port ?? (await freePort());
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(
    bin,
    [
      '--auth',
      'none',
      '--bind-addr',
      host,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      options.workspace,
    ],
    { env, detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killTree(proc.pid);
    if (!options.keepTemp) fs.rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    await waitForHealthz(url, proc, 60_000, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    port,
    host,
    pid: proc.pid,
    process: proc,
    tempDir,
    userDataDir,
    extensionsDir,
    logFile,
    stop,
  };
}

/**
 * Playwright init script: turns on `developmentOptions.enableSmokeTestDriver` in the workbench
 * configuration <meta> before the workbench reads it (newer builds honour the test `payload`
 * only then). Rewriting the HTML response instead breaks the websocket.
 */
export const smokeTestDriverInitScript = `(() => {
  const id = 'vscode-workbench-web-configuration';
  const patch = (meta) => {
    try {
      const s = JSON.parse(meta.getAttribute('data-settings'));
      s.developmentOptions = Object.assign({}, s.developmentOptions, { enableSmokeTestDriver: true });
      meta.setAttribute('data-settings', JSON.stringify(s));
    } catch (e) { console.error('enableSmokeTestDriver patch failed', e); }
  };
  const existing = document.getElementById(id);
  if (existing) { patch(existing); return; }
  const obs = new MutationObserver(() => {
    const meta = document.getElementById(id);
    if (meta) { obs.disconnect(); patch(meta); }
  });
  obs.observe(document, { childList: true, subtree: true });
})();`;

/** Launches Debian's Chromium headless (playwright-core cannot download browsers here). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/**
 * The workbench URL for a folder, optionally with extension development / test payload.
 * Paths are absolute paths on the code-server host.
 */
export function workbenchUrl(server, { workspace, extensionDevelopmentPath, extensionTestsPath }) {
  const payload = [];
  const devPaths = [extensionDevelopmentPath].flat().filter(Boolean);
  for (const p of devPaths) payload.push(['extensionDevelopmentPath', `vscode-remote://${server.host}${p}`]);
  if (extensionTestsPath)
    payload.push(['extensionTestsPath', `vscode-remote://${server.host}${extensionTestsPath}`]);
  let url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}
