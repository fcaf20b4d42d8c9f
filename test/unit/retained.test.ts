// Retained sizes against brute force: heaps with known dominator trees are built in a real
// CPython, the agent's heap graph of them is decoded and its dominators computed here; each named
// object's retained bytes must equal what brute force ("remove it, count what no root reaches")
// computes in that process on a copy of the graph.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { joinAgentParts } from '../../scripts/build.mjs';
import type { HeapGraphResult } from '../../common/agentProtocol';
import { computeDominators, SUPER_ROOT, UNREACHABLE } from '../../extension/core/retained/dominators';
import { decodeHeapGraph, type HeapGraph } from '../../extension/core/retained/heapGraph';

interface Named {
  readonly address: number;
  readonly retained: number;
  /** Expected immediate dominator: an address, '<root>', or null (not checked). */
  readonly idom: number | '<root>' | null;
}

interface HeapsOutput {
  readonly graph: HeapGraphResult;
  readonly named: Record<string, Named>;
  readonly changed: Record<string, number | boolean>;
}

/** Interpreters to run on: Debian's python3 and pyenv's 3.12 / 3.13 when installed. */
function interpreters(): string[] {
  const found = ['/usr/bin/python3'];
  const pyenv = join(process.env.PYENV_ROOT ?? join(process.env.HOME ?? '/root', '.pyenv'), 'versions');
  if (existsSync(pyenv)) {
    for (const v of readdirSync(pyenv).sort()) {
      if (/^3\.1[23]\.\d+$/.test(v)) found.push(join(pyenv, v, 'bin', 'python3'));
    }
  }
  return found;
}

const agentFile = join(mkdtempSync(join(tmpdir(), 'lh-retained-')), 'leak_hunter_agent.py');
writeFileSync(agentFile, joinAgentParts());

function run(python: string): HeapsOutput {
  const out = execFileSync(python, [join(__dirname, 'retained', 'heaps.py'), agentFile], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as HeapsOutput;
}

function indexOf(g: HeapGraph, address: number, what: string): number {
  const i = g.indexOf(address);
  assert.ok(i >= 0, `${what} is in the heap graph`);
  return i;
}

for (const python of interpreters()) {
  describe(`retained sizes on ${python}`, () => {
    const { graph, named, changed } = run(python);
    const g = decodeHeapGraph(graph);
    const d = computeDominators(g);

    it('equal brute force for every named object', () => {
      for (const [name, n] of Object.entries(named)) {
        const i = indexOf(g, n.address, name);
        assert.equal(d.retained[i], n.retained, `retained bytes of ${name}`);
      }
    });

    it('put each object under its known immediate dominator', () => {
      for (const [name, n] of Object.entries(named)) {
        if (n.idom === null) continue;
        const i = indexOf(g, n.address, name);
        const expected = n.idom === '<root>' ? SUPER_ROOT : indexOf(g, n.idom, `dominator of ${name}`);
        assert.equal(d.idom[i], expected, `immediate dominator of ${name}`);
      }
    });

    it('leave cyclic garbage unreachable, and a weakref retains nothing', () => {
      assert.equal(d.idom[indexOf(g, named.garbage.address, 'garbage')], UNREACHABLE);
      const watcher = indexOf(g, named['weak.watcher'].address, 'watcher');
      assert.ok(d.retained[watcher] < named['weak.target'].retained, 'the watcher does not keep the target');
    });

    it('count sizes it could not read as estimates', () => {
      const estimatedTypes = new Set(graph.estimated.map((i) => g.typeKeys[g.typeCodes[i]]));
      assert.deepEqual([...estimatedTypes].sort(), ['__main__.SizeNegative', '__main__.SizeRaises']);
    });

    it('change nothing: no finalizer, no weakref callback, no user code, gc state kept', () => {
      assert.deepEqual(changed, { garbage: 0, gcEnabled: false, del: 0, callback: 0, user_code: 0 });
    });
  });
}
