import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { AGENT_PROTOCOL_VERSION, REPLY_MARKER, type AgentRequest } from '../../common/agentProtocol';
import {
  AgentCallError,
  PythonHeapAgent,
  buildInstallExpression,
  buildRequestExpression,
  parseReply,
  pythonStringLiteral,
  type CancellationLike,
  type DapEvaluator,
} from '../../extension/backend/python/agentClient';

const PYTHON = '/usr/bin/python3';

/** Strings that break naive quoting: quotes, backslashes, control and line-separator characters, non-BMP. */
const NASTY = [
  '',
  'plain',
  `it's "quoted" and \\back\\slashed\\`,
  '\'\'\'triple\'\'\' """triple"""',
  'line\nbreak\r\ncarriage\ttab\u0000nul\u0001soh\u007fdel',
  'U+2028[\u2028] U+2029[\u2029] NEL[\u0085] BOM[\ufeff]',
  'accents: é ü ß — 中文 — русский',
  'astral: 😀 𝄞 \u{10ffff}',
  'lone surrogates: \ud800 \udfff',
  '</script><!-- {{x}} ${y} %s {0}',
  '\\u0041 is not A; \\x41 is not A; \\N{BULLET}',
];

function pythonEval(expressions: string[]): string[] {
  // Each literal on its own line; Python prints the JSON of what it read, ASCII-escaped so the
  // comparison does not depend on the pipe's encoding.
  const program = [
    'import json, sys',
    'vals = [',
    ...expressions.map((e) => `  ${e},`),
    ']',
    'sys.stdout.write(json.dumps(vals, ensure_ascii=True))',
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', program], { encoding: 'utf8' })) as string[];
}

const request = <M extends AgentRequest['method']>(
  method: M,
  params: AgentRequest<M>['params'],
): AgentRequest => ({ v: AGENT_PROTOCOL_VERSION, method, params }) as AgentRequest;

describe('pythonStringLiteral', () => {
  it('is ASCII only', () => {
    for (const s of NASTY) {
      assert.match(pythonStringLiteral(s), /^[\x20-\x7e]*$/);
    }
  });

  it('reads back exactly in CPython, including U+2028, astral characters and lone surrogates', () => {
    // Lone surrogates cannot go through a UTF-8 pipe; Python's json.dumps escapes them, and JSON.parse restores them.
    assert.deepEqual(pythonEval(NASTY.map(pythonStringLiteral)), NASTY);
  });

  it('round-trips a request JSON through json.loads', () => {
    const req = request('instances', {
      typeKey: 'weird.Ty"pe\\\u2028😀',
      offset: 0,
      limit: 5,
      labels: { mode: 'safe', maxLength: 80 },
    });
    const [readBack] = pythonEval([
      `json.loads(${pythonStringLiteral(JSON.stringify(req))})['params']['typeKey']`,
    ]);
    assert.equal(readBack, 'weird.Ty"pe\\\u2028😀');
  });
});

describe('buildRequestExpression', () => {
  it('calls handle() of the module in sys.modules with the JSON as one literal', () => {
    const expr = buildRequestExpression(request('hello', {}));
    assert.equal(
      expr,
      `__import__('sys').modules["leak_hunter_agent"].handle("{\\"v\\":${AGENT_PROTOCOL_VERSION},\\"method\\":\\"hello\\",\\"params\\":{}}")`,
    );
    assert.ok(!expr.includes('\n'), 'one line');
  });

  it('is a Python expression (eval mode), so pydevd never execs it in the user frame', () => {
    const expr = buildRequestExpression(request('typeSource', { typeKey: 'a\'b"c\n\u2028' }));
    const program = `import ast; ast.parse(${pythonStringLiteral(expr)}, mode='eval'); print('ok')`;
    assert.equal(execFileSync(PYTHON, ['-c', program], { encoding: 'utf8' }).trim(), 'ok');
  });

  it('the install expression is one expression too, and runs the source under the module name', () => {
    const source =
      "import sys\nsys.modules[__name__] = type(sys)(__name__)\nsys.modules[__name__].handle = lambda r: (_ for _ in ()).throw(Exception('\\x01LEAK-HUNTER-REPLY\\x01' + r + '\\x01LEAK-HUNTER-REPLY\\x01'))\n";
    const expr = buildInstallExpression(source, request('hello', {}));
    const program = [
      'import ast, sys',
      `e = ${pythonStringLiteral(expr)}`,
      "ast.parse(e, mode='eval')",
      'try:',
      '    eval(e, {})',
      'except Exception as x:',
      '    sys.stdout.write(str(x).encode("unicode_escape").decode())',
    ].join('\n');
    const out = execFileSync(PYTHON, ['-c', program], { encoding: 'utf8' });
    assert.match(
      out,
      /\\x01LEAK-HUNTER-REPLY\\x01\{"v":1,"method":"hello","params":\{\}\}\\x01LEAK-HUNTER-REPLY\\x01/,
    );
  });
});

describe('parseReply', () => {
  const wrap = (json: string) =>
    `Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n  File "<leak-hunter-agent>", line 9, in handle\nException: ${REPLY_MARKER}${json}${REPLY_MARKER}\n`;

  it('finds the JSON between the markers of a traceback', () => {
    const reply = parseReply(wrap('{"ok":true,"result":{"s":"a\\"b\\u2028\u00e9\\n"}}'));
    assert.deepEqual(reply, { ok: true, result: { s: 'a"b\u2028\u00e9\n' } });
  });

  it('reads an error reply', () => {
    const reply = parseReply(
      wrap('{"ok":false,"error":{"code":"version_mismatch","message":"old","agentVersion":0}}'),
    );
    assert.deepEqual(reply, {
      ok: false,
      error: { code: 'version_mismatch', message: 'old', agentVersion: 0 },
    });
  });

  it('returns undefined without markers, with one marker, bad JSON, or a foreign shape', () => {
    assert.equal(parseReply("Traceback...\nKeyError: 'leak_hunter_agent'\n"), undefined);
    assert.equal(parseReply(`x ${REPLY_MARKER}{"ok":true,"result":1}`), undefined);
    assert.equal(parseReply(wrap('{"ok":true,')), undefined);
    assert.equal(parseReply(wrap('[1,2]')), undefined);
    assert.equal(parseReply(wrap('{"ok":false,"error":"x"}')), undefined);
    assert.equal(parseReply(wrap('null')), undefined);
  });

  it('reads a large payload exactly', () => {
    const big = 'x'.repeat(1_000_000);
    const reply = parseReply(wrap(JSON.stringify({ ok: true, result: big })));
    assert.ok(reply?.ok && reply.result === big);
  });
});

// ---------------------------------------------------------------- PythonHeapAgent with a scripted adapter

const REPLY = (value: unknown) =>
  `Traceback (most recent call last):\nException: ${REPLY_MARKER}${JSON.stringify(value)}${REPLY_MARKER}\n`;
const MISSING = `Traceback (most recent call last):\n  File "<string>", line 1, in <module>\nKeyError: 'leak_hunter_agent'\n`;

/** A fake adapter: each evaluate is answered by `answer(expression)` after an optional delay. */
class FakeEvaluator implements DapEvaluator {
  readonly expressions: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    private readonly answer: (expression: string, index: number) => string | Error | 'success',
    private readonly delayMs = 0,
  ) {}
  async evaluate(args: DebugProtocol.EvaluateArguments): Promise<DebugProtocol.EvaluateResponse['body']> {
    assert.equal(args.context, 'repl');
    assert.equal(args.frameId, undefined, 'never in a user frame');
    const index = this.expressions.push(args.expression) - 1;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      const a = this.answer(args.expression, index);
      if (a === 'success') return { result: '', variablesReference: 0 };
      throw a instanceof Error ? a : new Error(a);
    } finally {
      this.inFlight--;
    }
  }
}

const isInstall = (e: string) => e.startsWith('exec(compile(');
const methodOf = (e: string) => /\\"method\\":\\"(\w+)\\"/.exec(e)?.[1];

class Token implements CancellationLike {
  isCancellationRequested = false;
  private listeners: Array<() => void> = [];
  onCancellationRequested(listener: () => void) {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }
  cancel() {
    this.isCancellationRequested = true;
    for (const l of [...this.listeners]) l();
  }
}

async function rejection(p: Promise<unknown>): Promise<AgentCallError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AgentCallError, `AgentCallError expected, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('PythonHeapAgent', () => {
  it('installs on first use (KeyError) and repeats the request in the same evaluate', async () => {
    let installed = false;
    const ev = new FakeEvaluator((e) => {
      if (isInstall(e)) installed = true;
      return installed ? REPLY({ ok: true, result: { agentVersion: 1, method: methodOf(e) } }) : MISSING;
    });
    const lines: string[] = [];
    const agent = new PythonHeapAgent(ev, 'SOURCE = 1', (l) => lines.push(l));
    const result = await agent.call('hello', {});
    assert.deepEqual(result, { agentVersion: 1, method: 'hello' });
    assert.equal(ev.expressions.length, 2);
    assert.ok(isInstall(ev.expressions[1]) && ev.expressions[1].includes('"SOURCE = 1"'));
    assert.ok(ev.expressions[1].includes('.handle('), 'install carries the request');
    await agent.call('hello', {});
    assert.equal(ev.expressions.length, 3, 'no second install');
    assert.ok(lines.some((l) => /^agent hello: installing/.test(l)));
    assert.ok(
      lines.some((l) => /^agent hello: ok \(installed\) in \d+ ms$/.test(l)),
      lines.join('\n'),
    );
    assert.ok(lines.some((l) => /^agent hello: ok in \d+ ms$/.test(l)));
  });

  it('replaces a stale agent: AttributeError (no handle) and version_mismatch', async () => {
    for (const stale of [
      "Traceback (most recent call last):\nAttributeError: module 'leak_hunter_agent' has no attribute 'handle'\n",
      REPLY({ ok: false, error: { code: 'version_mismatch', message: 'agent 0, host 1', agentVersion: 0 } }),
    ]) {
      const ev = new FakeEvaluator((e) => (isInstall(e) ? REPLY({ ok: true, result: 7 }) : stale));
      const agent = new PythonHeapAgent(ev, 'src');
      assert.equal(await agent.call('releaseKept', {}), 7);
      assert.equal(ev.expressions.length, 2);
    }
  });

  it('retries only once: still missing after install is a transport error with the traceback', async () => {
    const ev = new FakeEvaluator(() => MISSING);
    const err = await rejection(new PythonHeapAgent(ev, 'src').call('hello', {}));
    assert.equal(err.kind, 'transport');
    assert.match(err.detail ?? '', /KeyError/);
    assert.equal(ev.expressions.length, 2);
  });

  it('an agent error keeps its code', async () => {
    const ev = new FakeEvaluator(() =>
      REPLY({ ok: false, error: { code: 'object_not_found', message: 'gone' } }),
    );
    const err = await rejection(
      new PythonHeapAgent(ev, 'src').call('objectSource', { target: { address: 1, typeKey: 'x' } }),
    );
    assert.equal(err.kind, 'agent');
    assert.equal(err.agentCode, 'object_not_found');
    assert.match(err.message, /gone/);
  });

  it('classifies foreign failures: Python NameError -> transport, JS ReferenceError -> notPython, SyntaxError on install -> notPython', async () => {
    const nameError =
      'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\nNameError: name \'__import__\' is not defined\n';
    assert.equal(
      (await rejection(new PythonHeapAgent(new FakeEvaluator(() => nameError), 's').call('hello', {}))).kind,
      'transport',
    );
    const js = 'ReferenceError: __import__ is not defined';
    const e2 = await rejection(new PythonHeapAgent(new FakeEvaluator(() => js), 's').call('hello', {}));
    assert.equal(e2.kind, 'notPython');
    assert.equal(e2.detail, js);
    const syntax = new FakeEvaluator((e) =>
      isInstall(e) ? 'Traceback (most recent call last):\nSyntaxError: invalid syntax\n' : MISSING,
    );
    assert.equal((await rejection(new PythonHeapAgent(syntax, 's').call('hello', {}))).kind, 'notPython');
    const success = new FakeEvaluator(() => 'success');
    assert.equal((await rejection(new PythonHeapAgent(success, 's').call('hello', {}))).kind, 'transport');
  });

  it('session-ended texts from debugpy and VS Code -> sessionEnded', async () => {
    for (const text of [
      'Server[pid=16014] disconnected unexpectedly',
      'No more messages',
      "No debugger available, can not send 'evaluate'",
      'Debug session not active',
      'Debug session exited',
    ]) {
      const err = await rejection(
        new PythonHeapAgent(new FakeEvaluator(() => new Error(text)), 's').call('hello', {}),
      );
      assert.equal(err.kind, 'sessionEnded', text);
    }
  });

  it('runs calls one at a time, in order', async () => {
    const ev = new FakeEvaluator((e) => REPLY({ ok: true, result: methodOf(e) }), 20);
    const agent = new PythonHeapAgent(ev, 's');
    const results = await Promise.all([
      agent.call('hello', {}),
      agent.call('releaseKept', {}),
      agent.call('hello', {}),
    ]);
    assert.deepEqual(results, ['hello', 'releaseKept', 'hello']);
    assert.equal(ev.maxInFlight, 1);
  });

  it('cancel rejects at once; the late reply is ignored; the next call waits for the running evaluate', async () => {
    const ev = new FakeEvaluator((e) => REPLY({ ok: true, result: methodOf(e) }), 80);
    const agent = new PythonHeapAgent(ev, 's');
    const token = new Token();
    const first = agent.call('hello', {}, token);
    const second = agent.call('releaseKept', {});
    const queuedToken = new Token();
    const third = agent.call('hello', {}, queuedToken);
    await new Promise((r) => setTimeout(r, 10));
    token.cancel();
    queuedToken.cancel();
    assert.equal((await rejection(first)).kind, 'cancelled');
    assert.equal(ev.inFlight, 1, 'rejected while its evaluate is still running');
    assert.equal((await rejection(third)).kind, 'cancelled');
    assert.equal(await second, 'releaseKept');
    assert.equal(ev.maxInFlight, 1);
    assert.deepEqual(
      ev.expressions.map(methodOf),
      ['hello', 'releaseKept'],
      'the cancelled queued call is never sent',
    );
  });

  it('an already cancelled token never sends', async () => {
    const ev = new FakeEvaluator(() => REPLY({ ok: true, result: 1 }));
    const token = new Token();
    token.cancel();
    assert.equal((await rejection(new PythonHeapAgent(ev, 's').call('hello', {}, token))).kind, 'cancelled');
    assert.equal(ev.expressions.length, 0);
  });

  it('dispose rejects running, queued and later calls with sessionEnded', async () => {
    const ev = new FakeEvaluator(() => REPLY({ ok: true, result: 1 }), 50);
    const agent = new PythonHeapAgent(ev, 's');
    const a = agent.call('hello', {});
    const b = agent.call('hello', {});
    await new Promise((r) => setTimeout(r, 5));
    agent.dispose();
    assert.equal((await rejection(a)).kind, 'sessionEnded');
    assert.equal((await rejection(b)).kind, 'sessionEnded');
    assert.equal((await rejection(agent.call('hello', {}))).kind, 'sessionEnded');
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(ev.expressions.length, 1);
  });
});
