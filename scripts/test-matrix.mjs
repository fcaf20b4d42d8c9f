// The test matrix: every CPython this machine has (Debian's /usr/bin/python3 and pyenv's
// versions) and every debugpy available for each (the interpreter's own, e.g. Debian's 1.6.6, and
// the vendored 1.8.21 source). Used by scripts/run-tests.mjs; `node scripts/test-matrix.mjs`
// prints what it found.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian's interpreter: the one that has debugpy 1.6.6 and objgraph from apt. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
/** CPython minors the matrix expects; each one missing from the machine gets a `skipped:` line. */
export const EXPECTED_MINORS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'];
const VENDORED_DEBUGPY = '1.8.21';

// Run by each interpreter with an empty PYTHONPATH: what it is and what it has of its own.
const PROBE = `
import json, platform, sysconfig
out = {'version': platform.python_version(), 'implementation': platform.python_implementation(),
       'freeThreaded': bool(sysconfig.get_config_var('Py_GIL_DISABLED'))}
try:
    import debugpy
    out['debugpy'] = debugpy.__version__
    out['debugpyFile'] = debugpy.__file__
except Exception:
    pass
try:
    import objgraph
    out['objgraphFile'] = objgraph.__file__
except Exception:
    pass
print(json.dumps(out))
`;

function probe(python, env = {}) {
  const r = spawnSync(python, ['-c', PROBE], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: '', PYTHONNOUSERSITE: '1', ...env },
    timeout: 30_000,
  });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim() };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Debian packages its own version of debugpy; `__version__` there says 1.6.3+git, dpkg says 1.6.6. */
function debianPackageVersion(pkg) {
  try {
    const v = execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
    return v.replace(/\+.*$/, '').replace(/-[^-]*$/, '');
  } catch {
    return undefined;
  }
}

function pyenvRoot() {
  if (process.env.PYENV_ROOT) return process.env.PYENV_ROOT;
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
  } catch {
    return existsSync(join(homedir(), '.pyenv')) ? join(homedir(), '.pyenv') : undefined;
  }
}

const minorOf = (version) => version.split('.').slice(0, 2).join('.');
const atLeast38 = (version) => {
  const [major, minor] = version.split('.').map(Number);
  return major === 3 && minor >= 8;
};

/**
 * A folder holding only Debian's objgraph.py, for interpreters that lack objgraph (the agent
 * tests compare against it; the whole dist-packages would bring Debian's debugpy and 3.11 builds).
 */
function objgraphOnlyDir(objgraphFile) {
  const dir = join(root, '.tools', 'objgraph');
  const link = join(dir, 'objgraph.py');
  mkdirSync(dir, { recursive: true });
  let current;
  try {
    current = readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current !== objgraphFile) {
    rmSync(link, { force: true });
    symlinkSync(objgraphFile, link);
  }
  return dir;
}

/** Unpacks the vendored debugpy (idempotent); its `src`, or the reason it is missing. */
function vendoredDebugpy() {
  const r = spawnSync('bash', [join(root, 'scripts/install-vendored-debugpy.sh')], { encoding: 'utf8' });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status === 0) return { version: VENDORED_DEBUGPY, src: last };
  if (r.status === 3) return { skipped: last.replace(/^skipped: /, '') };
  // Present but broken: a failure, never a skip.
  return { error: `scripts/install-vendored-debugpy.sh failed (exit ${r.status}): ${r.stderr.trim()}` };
}

/**
 * Finds the interpreters and debugpys. Returns
 *   interpreters: [{ label, python, version, source, objgraphDir?, debugpys: [Debugpy] }]
 *   skipped: [string]   (each printed as `skipped: ...`)
 *   broken:  [{ label, reason }]   (a found interpreter or debugpy that does not work: a failure)
 * where Debugpy = { label, version, src? } (src: a folder to put first on PYTHONPATH; none: the
 * interpreter's own).
 */
export function discoverMatrix() {
  const skipped = [];
  const broken = [];
  const found = [];
  if (existsSync(DEBIAN_PYTHON)) found.push({ python: DEBIAN_PYTHON, source: 'debian' });
  else skipped.push(`Debian's ${DEBIAN_PYTHON} (not installed)`);

  const pyenv = pyenvRoot();
  const versionsDir = pyenv && join(pyenv, 'versions');
  if (!versionsDir || !existsSync(versionsDir)) {
    skipped.push(`pyenv's interpreters (no pyenv root with a versions/ folder)`);
  } else {
    for (const name of readdirSync(versionsDir).sort(byVersion)) {
      const python = join(versionsDir, name, 'bin', 'python');
      if (!existsSync(python)) skipped.push(`pyenv ${name} (no bin/python)`);
      else found.push({ python, source: 'pyenv', name });
    }
  }

  const vendored = vendoredDebugpy();
  if (vendored.skipped) skipped.push(`debugpy ${VENDORED_DEBUGPY} (${vendored.skipped})`);
  if (vendored.error) broken.push({ label: `debugpy${VENDORED_DEBUGPY}`, reason: vendored.error });

  const interpreters = [];
  for (const f of found) {
    const info = probe(f.python);
    const where = f.source === 'debian' ? f.python : `pyenv ${f.name}`;
    if (info.error) {
      broken.push({ label: where, reason: `${f.python} does not run: ${info.error}` });
      continue;
    }
    if (info.implementation !== 'CPython' || !atLeast38(info.version)) {
      skipped.push(
        `${where} (${info.implementation} ${info.version}: Leak Hunter and debugpy 1.8 need CPython 3.8+)`,
      );
      continue;
    }
    const version = info.version + (info.freeThreaded ? 't' : '');
    const label = f.source === 'debian' ? `debian${version}` : version;
    const interpreter = { label, python: f.python, version, source: f.source, debugpys: [] };
    if (!info.objgraphFile) {
      const debianObjgraph = probe(DEBIAN_PYTHON).objgraphFile;
      if (debianObjgraph) interpreter.objgraphDir = objgraphOnlyDir(debianObjgraph);
    }
    if (info.debugpy) {
      const own =
        info.debugpyFile.startsWith('/usr/lib/python3/dist-packages/') &&
        debianPackageVersion('python3-debugpy');
      interpreter.debugpys.push({ label: `debugpy${own || info.debugpy}`, version: own || info.debugpy });
    }
    if (vendored.src) {
      const check = probe(f.python, { PYTHONPATH: vendored.src });
      if (check.debugpy === VENDORED_DEBUGPY) {
        interpreter.debugpys.push({
          label: `debugpy${VENDORED_DEBUGPY}`,
          version: VENDORED_DEBUGPY,
          src: vendored.src,
        });
      } else {
        broken.push({
          label: `${label}+debugpy${VENDORED_DEBUGPY}`,
          reason: `debugpy ${VENDORED_DEBUGPY} does not import: ${check.error ?? `got ${check.debugpy}`}`,
        });
      }
    }
    interpreters.push(interpreter);
  }
  const minors = new Set(interpreters.map((i) => minorOf(i.version)));
  for (const minor of EXPECTED_MINORS) {
    if (!minors.has(minor)) {
      skipped.push(
        `CPython ${minor} (not on this machine: neither ${DEBIAN_PYTHON} nor ${versionsDir ?? 'pyenv'}/${minor}.*)`,
      );
    }
  }
  return { interpreters, skipped, broken };
}

function byVersion(a, b) {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    return typeof pa[i] === 'number' && typeof pb[i] === 'number'
      ? pa[i] - pb[i]
      : String(pa[i]).localeCompare(String(pb[i]));
  }
  return 0;
}

/**
 * The environment a suite runs with for one interpreter + debugpy: LEAK_HUNTER_PYTHON and
 * LEAK_HUNTER_DEBUGPY (read by the protocol harness, the fixture extension, the agent tests) and
 * PYTHONPATH with the vendored debugpy's src first (the adapter and the debuggee inherit it).
 */
export function pairEnv(interpreter, debugpy) {
  const path = [debugpy?.src, interpreter.objgraphDir].filter(Boolean);
  return {
    LEAK_HUNTER_PYTHON: interpreter.python,
    LEAK_HUNTER_DEBUGPY: debugpy?.src ?? '',
    LEAK_HUNTER_PYTHON_VERSION: interpreter.version,
    LEAK_HUNTER_DEBUGPY_VERSION: debugpy?.version ?? '',
    PYTHONPATH: path.join(':'),
  };
}

/** `debian3.11.2+debugpy1.6.6`, `3.13.0+debugpy1.8.21`. */
export const pairLabel = (interpreter, debugpy) =>
  debugpy ? `${interpreter.label}+${debugpy.label}` : interpreter.label;

if (process.argv[1] && basename(process.argv[1]) === 'test-matrix.mjs') {
  const m = discoverMatrix();
  for (const i of m.interpreters) {
    console.log(
      `${i.label.padEnd(16)} ${i.python}  ${i.debugpys.map((d) => d.label).join(', ') || 'no debugpy'}`,
    );
  }
  for (const s of m.skipped) console.log(`skipped: ${s}`);
  for (const b of m.broken) console.log(`BROKEN: ${b.label}: ${b.reason}`);
}
