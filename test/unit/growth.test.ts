import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snapshot, stat } from './snapshots';
import { computeGrowth, formatGrowthTable } from '../../extension/core/growth';
import { formatAddress, formatBytes, formatDelta } from '../../common/format';

describe('computeGrowth', () => {
  it('reports increases first, keeps drops, leaves unchanged types out', () => {
    const before = snapshot(1, [
      stat('dict', 500),
      stat('__main__.OBJ', 10),
      stat('list', 40),
      stat('tuple', 7),
    ]);
    const after = snapshot(2, [
      stat('dict', 480),
      stat('__main__.OBJ', 110),
      stat('list', 41),
      stat('tuple', 7),
      stat('__main__.Connection', 200),
    ]);
    const report = computeGrowth(before, after, 'previous');
    assert.deepEqual(
      report.rows.map((r) => [r.key, r.count, r.delta]),
      [
        ['__main__.Connection', 200, 200],
        ['__main__.OBJ', 110, 100],
        ['list', 41, 1],
        ['dict', 480, -20],
      ],
    );
    assert.equal(report.totalDelta, 281);
    assert.equal(report.fromSequence, 1);
    assert.equal(report.toSequence, 2);
  });

  it('shows a type whose instances are all gone as a drop to zero', () => {
    const report = computeGrowth(snapshot(1, [stat('a.Gone', 3)]), snapshot(2, []), 'baseline');
    assert.deepEqual(report.rows, [
      {
        key: 'a.Gone',
        name: 'Gone',
        module: 'a',
        count: 0,
        delta: -3,
        shallowBytes: 0,
        bytesDelta: -168,
        newCount: 0,
        freedCount: 3,
      },
    ]);
  });

  it('keeps a type whose count is unchanged but whose instances were replaced (baseline)', () => {
    const report = computeGrowth(
      snapshot(1, [stat('a.Job', 5)]),
      snapshot(3, [stat('a.Job', 5, { newSinceBaseline: 2, freedSinceBaseline: 2 })]),
      'baseline',
    );
    assert.equal(report.rows.length, 1);
    assert.equal(report.rows[0].newCount, 2);
    assert.equal(report.rows[0].freedCount, 2);
    assert.equal(report.rows[0].delta, 0);
  });
});

describe('formatting', () => {
  it('formats deltas, bytes and addresses', () => {
    assert.equal(formatDelta(12), '+12');
    assert.equal(formatDelta(-3), '-3');
    assert.equal(formatDelta(0), '0');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(-3 * 1024 * 1024), '-3.0 MiB');
    assert.equal(formatAddress(255), '0xff');
  });

  it('prints an objgraph-style table', () => {
    const report = computeGrowth(
      snapshot(1, [stat('__main__.OBJ', 10)]),
      snapshot(2, [stat('__main__.OBJ', 110), stat('__main__.Connection', 200)]),
      'previous',
    );
    assert.equal(
      formatGrowthTable(report, 10),
      [
        'type                 count  change   bytes',
        '__main__.Connection    200    +200  +11200',
        '__main__.OBJ           110    +100   +5600',
      ].join('\n'),
    );
  });

  it('prints new and freed columns against a baseline, and says when more types are left out', () => {
    const report = computeGrowth(
      snapshot(1, [stat('a.X', 1), stat('a.Y', 1)]),
      snapshot(2, [
        stat('a.X', 3, { newSinceBaseline: 3, freedSinceBaseline: 1 }),
        stat('a.Y', 2, { newSinceBaseline: 1, freedSinceBaseline: 0 }),
      ]),
      'baseline',
    );
    assert.equal(
      formatGrowthTable(report, 1),
      [
        'type  count  net  new  freed  bytes',
        'a.X       3   +2    3      1   +112',
        '… and 1 more types',
      ].join('\n'),
    );
  });

  it('says so when nothing grew', () => {
    const same = snapshot(1, [stat('dict', 5)]);
    assert.equal(
      formatGrowthTable(computeGrowth(same, { ...same, sequence: 2 }, 'previous'), 10),
      'No growth: every type has the same number of instances as before.',
    );
  });
});
