// The host's folders keep their places: no import cycles, nothing Python-specific above the
// backend seam, the pure core and common/ free of `vscode`. Reads the source files as text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

const files = [...sources('extension'), ...sources('common')];

/** The repo-relative files a source imports (relative imports only; `import type` included). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
    found.push(relative(root, resolve(root, dirname(file), m[1])) + '.ts');
  }
  return found;
}

describe('architecture', () => {
  it('has no import cycles in extension/ and common/', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => files.includes(i))]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const f of files) visit(f, []);
    assert.deepEqual(cycles, []);
    // The check reads imports: make sure it saw some.
    assert.ok(graph.get('extension/extension.ts')!.includes('extension/host/sessionRegistry.ts'));
  });

  it('keeps Python and debugpy below the backend seam (only activate() names the Python backend)', () => {
    const above = files.filter(
      (f) => f.startsWith('extension/') && !f.startsWith('extension/backend/python/'),
    );
    for (const f of above) {
      // Code only: comments may say what the seam hides.
      const code = readFileSync(join(root, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const pythonImports = importsOf(f).filter((i) => i.startsWith('extension/backend/python/'));
      assert.deepEqual(
        pythonImports,
        f === 'extension/extension.ts' ? ['extension/backend/python/pythonBackend.ts'] : [],
        f,
      );
      const python = /debugpy|'evaluate'|PythonHeapAgent|AgentCallError/.exec(code);
      assert.equal(python, null, `${f}: ${python?.[0]}`);
    }
  });

  it('keeps vscode out of the pure core, the backends and common/', () => {
    for (const f of files.filter((f) => /^(extension\/core|extension\/backend|common)\//.test(f))) {
      assert.doesNotMatch(readFileSync(join(root, f), 'utf8'), /from 'vscode'/, f);
    }
  });

  it('passes no bare English text to what the user reads (titles, prompts, labels, messages, tree lines)', () => {
    // Text meant for the user goes through vscode.l10n.t or @vscode/l10n's t; a bare literal here
    // would never be translated. Template strings that only join localised parts are fine.
    const bare =
      /\b(?:title|prompt|placeHolder|tooltip|detail|label|description|message):\s*'[A-Za-z]|notifier\.show\(\s*'\w+',\s*['`][A-Za-z]|show(?:Information|Warning|Error)Message\(\s*['`]|new NoteItem\(\s*['`]|super\(\s*['`][A-Za-z]/;
    for (const f of files.filter((f) => f.startsWith('extension/'))) {
      const code = readFileSync(join(root, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const found = bare.exec(code);
      assert.equal(found, null, `${f}: ${found?.[0]}`);
    }
  });

  it('keeps every host source file at about 400 lines or fewer', () => {
    for (const f of files.filter((f) => f.startsWith('extension/'))) {
      const lines = readFileSync(join(root, f), 'utf8').split('\n').length;
      assert.ok(lines <= 420, `${f}: ${lines} lines`);
    }
  });
});
