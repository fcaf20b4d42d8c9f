// The running sample programs of `sample/` that the extension-host tests drive: each leaks an exact
// batch of objects when a trigger file says so, and Leak Hunter's API as activate() returns it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LeakHunterApi } from '../../../extension/extension';

const EXTENSION_ID = 'leak-hunter.leak-hunter';
export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
export const SAMPLE = path.join(REPO, 'sample');

/** Leak Hunter's API, activating it if needed. */
export async function api(): Promise<LeakHunterApi> {
  const ext = vscode.extensions.getExtension<LeakHunterApi>(EXTENSION_ID);
  assert.ok(ext, 'Leak Hunter is installed');
  return ext.isActive ? ext.exports : ext.activate();
}

/** Polls `probe` until it gives a value (not undefined or false). */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value as T;
    }
    if (Date.now() > end) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A running sample program that leaks one batch each time `leak()` is called. */
export class SampleProgram {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leak-hunter-test-'));
  readonly trigger = path.join(this.dir, 'trigger');
  private batches = 0;
  session!: vscode.DebugSession;

  constructor(
    readonly script: string,
    private readonly batch = 100,
  ) {}

  async start(): Promise<this> {
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => {
        if (s.configuration.program?.endsWith(this.script)) {
          sub.dispose();
          resolve(s);
        }
      });
    });
    const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      name: `Leak Hunter test: ${this.script}`,
      type: 'debugpy',
      request: 'launch',
      program: path.join(SAMPLE, this.script),
      cwd: SAMPLE,
      python: process.env.LEAK_HUNTER_PYTHON || '/usr/bin/python3',
      console: 'internalConsole',
      justMyCode: true,
      env: { LEAK_TRIGGER: this.trigger, LEAK_BATCH: String(this.batch) },
    });
    assert.ok(ok, 'the debug session starts');
    this.session = await started;
    await waitFor('the program to reach its loop', () => fs.existsSync(`${this.trigger}.ready`));
    return this;
  }

  /** Leaks exactly one more batch and waits until the program says it is done. */
  async leak(): Promise<void> {
    this.batches++;
    fs.writeFileSync(this.trigger, String(this.batches));
    // A new mtime each time, even within the same clock tick.
    const t = new Date(Date.now() + this.batches * 1000);
    fs.utimesSync(this.trigger, t, t);
    await waitFor(`batch ${this.batches}`, () => {
      try {
        return fs.readFileSync(`${this.trigger}.done`, 'utf8') === String(this.batches);
      } catch {
        return false;
      }
    });
  }

  async stop(): Promise<void> {
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.id === this.session.id) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.debug.stopDebugging(this.session);
    await ended;
  }
}
