// Find Leaks on the host: the recording model, the saved-snapshot format and the leak report,
// fed with a real recording made by the agent in a real CPython (test/unit/findLeaks/record.py:
// two corpus programs whose leaks are known by construction).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { joinAgentParts } from '../../scripts/build.mjs';
import { formatBytes } from '../../common/format';
import type { SnapshotResult } from '../../common/agentProtocol';
import type { LeakSnapshotResult, LeakSuspect, LeakSuspectsResult } from '../../common/leakProtocol';
import {
  readSavedSnapshot,
  SNAPSHOT_FORMAT_VERSION,
  toSavedSnapshot,
  validateSavedSnapshot,
} from '../../common/snapshotFormat';
import { FindLeaksModel, type FindLeaksChange } from '../../extension/core/findLeaksModel';
import { inlineCode, leakReportMarkdown, suspectReason } from '../../extension/core/leakReport';

interface Expected {
  readonly name: string;
  readonly typeName: string;
  readonly count: number;
  readonly path: string;
  readonly line: number;
}

interface Recorded {
  readonly snapshots: LeakSnapshotResult[];
  readonly suspects: LeakSuspectsResult;
  readonly expected: Expected[];
}

const agentFile = join(mkdtempSync(join(tmpdir(), 'lh-find-leaks-')), 'leak_hunter_agent.py');
writeFileSync(agentFile, joinAgentParts());
const recorded = JSON.parse(
  execFileSync('/usr/bin/python3', [join(__dirname, 'findLeaks', 'record.py'), agentFile], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }),
) as Recorded;

function recordedModel(): { model: FindLeaksModel; changes: FindLeaksChange[] } {
  const model = new FindLeaksModel();
  const changes: FindLeaksChange[] = [];
  model.onDidChange((c) => changes.push(c));
  model.start(recorded.snapshots[0]);
  for (const s of recorded.snapshots.slice(1)) model.addRepetition(s);
  model.setSuspects(recorded.suspects);
  model.stop();
  return { model, changes };
}

function byName(suspects: readonly LeakSuspect[], name: string): LeakSuspect {
  const s = suspects.find((x) => x.reference.name === name);
  assert.ok(s, `a suspect whose reference is ${name}`);
  return s;
}

describe('the recording (real agent, two corpus leaks)', () => {
  it('finds exactly the leaks the programs make, with their reference, count and line', () => {
    const found = recorded.suspects.suspects.map((s) => ({
      name: s.reference.name,
      typeName: s.typeName,
      count: s.count,
      path: s.sources[0]?.path,
      line: s.sources[0]?.line,
    }));
    assert.deepEqual(
      found.sort((a, b) => a.name.localeCompare(b.name)),
      [...recorded.expected].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('the model keeps the timeline, the suspects and the state, one event per change', () => {
    const { model, changes } = recordedModel();
    assert.equal(model.state, 'stopped');
    assert.equal(model.repetitions, 5);
    assert.deepEqual(
      model.timeline.map((p) => p.totalObjects),
      recorded.snapshots.map((s) => s.totalObjects),
    );
    assert.deepEqual(changes, [
      'started',
      'repetition',
      'repetition',
      'repetition',
      'repetition',
      'repetition',
      'suspects',
      'stopped',
    ]);
    assert.equal(model.suspects.length, 2);
  });

  it('refuses a repetition out of order or without a recording', () => {
    const model = new FindLeaksModel();
    assert.throws(() => model.addRepetition(recorded.snapshots[1]), /no recording/);
    model.start(recorded.snapshots[0]);
    assert.throws(() => model.addRepetition(recorded.snapshots[2]), /expected repetition 1, got 2/);
    assert.throws(() => model.start(recorded.snapshots[1]), /repetition 0/);
  });

  it('growth between two points: the Connection and listener types grew by their per-repetition counts', () => {
    const { model } = recordedModel();
    const g = model.growthBetween(1, 4);
    assert.ok(g);
    assert.equal(g.totalDelta, recorded.snapshots[4].totalObjects - recorded.snapshots[1].totalObjects);
    const delta = new Map(g.types.map((t) => [t.name, t.delta]));
    assert.equal(delta.get('Connection'), 3 * 4); // registry: 4 per repetition
    assert.equal(delta.get('Handler'), 3 * 2); // listeners: 2 per repetition
    assert.equal(model.growthBetween(0, 9), undefined);
  });
});

describe('Copy Leak Report', () => {
  it('writes each suspect with its path, counts, reference, reason and line', () => {
    const { model } = recordedModel();
    const md = leakReportMarkdown(model.reportInput((p) => p.replace(/^.*\/leak_corpus\//, '')));
    const registry = recorded.expected.find((e) => e.typeName === 'Connection')!;
    const s = byName(model.suspects, registry.name);
    const base = recorded.snapshots[0].totalObjects;
    const last = recorded.snapshots[5].totalObjects;
    assert.ok(md.startsWith('# Leak Hunter: leak report\n\nRecorded 5 repetitions after a baseline.'), md);
    assert.ok(md.includes(`Objects: ${base} at the baseline, ${last} after the last repetition`), md);
    const section = md.slice(md.indexOf(`\`Connection\` \u00d7 20`) - 6);
    const lines = section.split('\n');
    assert.match(lines[0], /^## [12]\. `Connection` × 20 \(\+4 per repetition\)$/);
    assert.deepEqual(lines.slice(2, 9), [
      `- Path: \`module ${registry.name.replace(/\._registry$/, '')} -> _registry (list) -> [*] -> Connection\``,
      `- Suspect reference: \`${registry.name}\` (\`list\`): \`${registry.name}\` gained 20 entries in 5 repetitions; nothing removed them`,
      '- Count at each snapshot (baseline first): 0, 4, 8, 12, 16, 20',
      `- Length of \`${registry.name}\` at each snapshot: 0, 4, 8, 12, 16, 20`,
      `- Size: ${formatBytes(s.shallowBytes)} shallow; keeps 40 more objects (${formatBytes(s.keptBytes)}): \`dict\` 20, \`method\` 20`,
      `- Source: \`registry.py:${registry.line}\` (adds to the container)`,
      '',
    ]);
  });

  it('says so when there is no suspect', () => {
    const md = leakReportMarkdown({ repetitions: 3, totals: [10, 10, 10, 10], suspects: [] });
    assert.equal(
      md,
      '# Leak Hunter: leak report\n\nRecorded 3 repetitions after a baseline. Objects: 10 at the baseline, 10 after the last repetition (+0).\n\n' +
        'No leak suspects: nothing made since the baseline kept growing with the repetitions.\n',
    );
  });

  it('quotes names from the debuggee so backticks and Markdown in them stay text', () => {
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`x`'), '`` `x` ``');
    assert.equal(inlineCode('# *no*\n[link](x)'), '`# *no* [link](x)`');
    const s = byName(recorded.suspects.suspects, recorded.expected[0].name);
    const odd = { ...s, reference: { ...s.reference, name: 'evil`name' } };
    assert.equal(
      suspectReason(odd, 5, inlineCode),
      '``evil`name`` gained 20 entries in 5 repetitions; nothing removed them',
    );
  });

  it('the reason notices a container that also lost entries, and one with no recorded length', () => {
    const s = byName(recorded.suspects.suspects, recorded.expected[0].name);
    const lost = { ...s, reference: { ...s.reference, lengths: [0, 4, 2, 6, 8, 10] } };
    assert.equal(
      suspectReason(lost, 5, (n) => n),
      `${s.reference.name} gained 10 entries in 5 repetitions; it also lost some on the way`,
    );
    const none = { ...s, reference: { ...s.reference, lengths: null } };
    assert.equal(
      suspectReason(none, 5, (n) => n),
      `${s.reference.name} holds 20 new objects added over 5 repetitions; none was freed`,
    );
  });
});

describe('saved snapshot format', () => {
  const snapshot: SnapshotResult = {
    sequence: 3,
    takenAt: 1_700_000_000.5,
    types: [{ key: 'app.Connection', name: 'Connection', module: 'app', count: 20, shallowBytes: 960 }],
    totalObjects: 1234,
    excludedObjects: 50,
    frozenObjects: 0,
    frozenByInterpreter: 0,
    localsSnapshots: 0,
    hasBaseline: false,
    agentMillis: 12,
  };

  it('round-trips a real recording through JSON, and validates', () => {
    const { model } = recordedModel();
    const saved = toSavedSnapshot({
      snapshot,
      suspects: model.suspects,
      timeline: model.savedTimeline(),
      origin: { pythonVersion: '3.11.2', label: 'corpus' },
      savedAt: new Date(Date.UTC(2026, 11, 2, 3, 30)),
    });
    const text = JSON.stringify(saved, null, 2);
    const read = readSavedSnapshot(text);
    assert.ok(read.ok, JSON.stringify(read));
    assert.deepEqual(read.snapshot, saved);
    assert.equal(read.snapshot.version, SNAPSHOT_FORMAT_VERSION);
    assert.equal(read.snapshot.savedAt, '2026-12-02T03:30:00.000Z');
    assert.equal(read.snapshot.suspects.length, 2);
    assert.deepEqual(read.snapshot.suspects.map((s) => s.count).sort(), [10, 20]);
    assert.ok(read.snapshot.suspects.every((s) => s.chain && s.chain.nodes.length >= 3));
  });

  it('the example in docs/snapshot-format.md is a valid file', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'snapshot-format.md'), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(doc);
    assert.ok(example, 'the doc has a JSON example');
    const read = readSavedSnapshot(example[1]);
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.snapshot.suspects[0].reference.name, 'app._registry');
  });

  it('names every problem with its JSON path', () => {
    assert.deepEqual(validateSavedSnapshot({ format: 'other' }), [
      '$.format: expected "leak-hunter-snapshot" (not a Leak Hunter snapshot)',
    ]);
    assert.deepEqual(validateSavedSnapshot({ format: 'leak-hunter-snapshot', version: 2 }), [
      '$.version: this Leak Hunter reads version 1, the file is version 2',
    ]);
    const saved = toSavedSnapshot({
      snapshot,
      suspects: [],
      timeline: [],
      origin: { pythonVersion: '3', label: '' },
      savedAt: new Date(0),
    });
    const broken = JSON.parse(JSON.stringify(saved)) as Record<string, unknown>;
    (broken.types as Array<Record<string, unknown>>)[0].count = -1;
    broken.timeline = [{ repetition: 0, takenAt: 'x', totalObjects: 3 }];
    delete broken.origin;
    assert.deepEqual(validateSavedSnapshot(broken), [
      '$.origin: expected an object',
      '$.types[0].count: expected an integer >= 0',
      '$.timeline[0].takenAt: expected a number',
    ]);
    const notJson = readSavedSnapshot('{');
    assert.equal(notJson.ok, false);
  });
});
