/**
 * The host<->agent contract, checked against the real Python agent (the parts joined by
 * `scripts/build.mjs`): its method table, param by param, its protocol version, module name and
 * reply marker equal the TypeScript protocol's; the Python tests join the same text; the joined
 * module compiles and answers `hello` on every CPython this machine has.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AGENT_MODULE_NAME, AGENT_PROTOCOL_VERSION, REPLY_MARKER } from '../../common/agentProtocol';
import { AGENT_METHOD_PARAMS } from '../../common/agentMethodParams';
import { joinAgentParts } from '../../scripts/build.mjs';

/** Debian's interpreter, the one the other suites use. */
const PYTHON = '/usr/bin/python3';
const REPO = join(__dirname, '..', '..');
/** The Python versions the agent supports (its docstring says 3.8 - 3.14). */
const MINORS = [8, 9, 10, 11, 12, 13, 14];

/** Runs `code` on `python` in isolated mode with `input` on stdin; its stdout. */
function runPython(python: string, code: string, input = ''): string {
  return execFileSync(python, ['-I', '-c', code], { input, encoding: 'utf8', cwd: REPO, timeout: 60_000 });
}

/** Execs the agent read from stdin as the host installs it, then runs `then` (Python). */
const INSTALL_FROM_STDIN = [
  'import json, sys',
  'src = sys.stdin.read()',
  "exec(compile(src, '<leak-hunter-agent>', 'exec'), {'__name__': 'leak_hunter_agent'})",
  "agent = sys.modules['leak_hunter_agent']",
].join('\n');

interface AgentParam {
  readonly name: string;
  readonly type: string | readonly string[];
  readonly default: unknown;
}
interface AgentTable {
  readonly protocolVersion: number;
  readonly moduleName: string;
  readonly replyMarker: string;
  readonly methods: Record<string, readonly AgentParam[]>;
}

describe('agent contract', () => {
  const source = joinAgentParts();
  const table: AgentTable = JSON.parse(
    runPython(PYTHON, `${INSTALL_FROM_STDIN}\nsys.stdout.write(agent._method_table())`, source),
  );
  const tsParams: Record<string, readonly string[]> = AGENT_METHOD_PARAMS;

  it('has the same protocol version, module name and reply marker', () => {
    assert.equal(table.protocolVersion, AGENT_PROTOCOL_VERSION);
    assert.equal(table.moduleName, AGENT_MODULE_NAME);
    assert.equal(table.replyMarker, REPLY_MARKER);
  });

  it('serves exactly the methods of the TypeScript protocol', () => {
    assert.deepEqual(Object.keys(table.methods).sort(), Object.keys(tsParams).sort());
  });

  it('reads exactly the params of the TypeScript protocol, param by param', () => {
    const drift: string[] = [];
    for (const [method, params] of Object.entries(table.methods)) {
      const agentNames = params.map((p) => p.name);
      const tsNames = tsParams[method] ?? [];
      for (const name of agentNames) {
        if (!tsNames.includes(name)) drift.push(`${method}.${name}: the agent reads it, TypeScript lacks it`);
      }
      for (const name of tsNames) {
        if (!agentNames.includes(name))
          drift.push(`${method}.${name}: TypeScript has it, the agent ignores it`);
      }
      assert.equal(
        new Set(agentNames).size,
        agentNames.length,
        `${method}: a param listed twice by the agent`,
      );
      assert.equal(new Set(tsNames).size, tsNames.length, `${method}: a param listed twice in TypeScript`);
    }
    assert.deepEqual(drift, []);
  });

  it('is joined by the Python tests exactly as the build joins it', () => {
    const joinedByTests = runPython(
      PYTHON,
      [
        'import sys',
        "sys.path.insert(0, 'test/agent')",
        'from agent_tests.helpers import agent_source',
        "sys.stdout.buffer.write(agent_source().encode('utf-8'))",
      ].join('\n'),
    );
    assert.equal(joinedByTests, source);
  });
});

/** The pyenv root: `pyenv root`, else $PYENV_ROOT, else ~/.pyenv. */
function pyenvRoot(): string {
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
  } catch {
    return process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  }
}

/** `/usr/bin/python3` and each pyenv CPython 3.8 - 3.14 found (or why a version is missing). */
function interpreters(): { label: string; python?: string; missing?: string }[] {
  const root = pyenvRoot();
  const versionsDir = join(root, 'versions');
  const installed = existsSync(versionsDir) ? readdirSync(versionsDir).sort() : [];
  const out: { label: string; python?: string; missing?: string }[] = [
    existsSync(PYTHON) ? { label: PYTHON, python: PYTHON } : { label: PYTHON, missing: `no ${PYTHON}` },
  ];
  for (const minor of MINORS) {
    const found = installed
      .filter((v) => v === `3.${minor}` || v.startsWith(`3.${minor}.`) || v.startsWith(`3.${minor}t`))
      .map((v) => join(versionsDir, v, 'bin', 'python'))
      .filter((p) => existsSync(p));
    if (found.length === 0) {
      out.push({ label: `Python 3.${minor}`, missing: `no Python 3.${minor} (${versionsDir}/3.${minor}*)` });
    }
    for (const python of found) out.push({ label: python, python });
  }
  return out;
}

describe('the joined agent on every Python here', () => {
  const source = joinAgentParts();
  for (const { label, python, missing } of interpreters()) {
    if (!python) {
      it(`compiles and answers hello on ${label}`, { skip: `skipped: ${missing}` }, () => {});
      continue;
    }
    it(`compiles and answers hello on ${label}`, () => {
      const out = runPython(
        python,
        [
          INSTALL_FROM_STDIN,
          "request = json.dumps({'v': agent.AGENT_VERSION, 'method': 'hello', 'params': {}})",
          "reply = json.loads(agent.handle(request, 'return'))",
          "print(json.dumps({'reply': reply, 'version': sys.version}))",
        ].join('\n'),
        source,
      );
      const { reply, version } = JSON.parse(out);
      assert.equal(reply.ok, true, JSON.stringify(reply));
      assert.equal(reply.result.pythonVersion, version);
      assert.equal(reply.result.agentVersion, AGENT_PROTOCOL_VERSION);
    });
  }
});
