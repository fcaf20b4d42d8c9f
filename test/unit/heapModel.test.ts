import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snapshot, stat } from './snapshots';
import { SessionHeapState } from '../../extension/core/heapModel';

describe('SessionHeapState', () => {
  it('lists the most common types by count, with the change since the snapshot before', () => {
    const heap = new SessionHeapState('app');
    heap.recordSnapshot(snapshot(1, [stat('dict', 50), stat('a.Conn', 10)]));
    assert.deepEqual(
      heap.typeRows('', 10).map((r) => [r.displayName, r.count, r.delta]),
      [
        ['dict', 50, undefined],
        ['Conn', 10, undefined],
      ],
    );
    heap.recordSnapshot(snapshot(2, [stat('dict', 50), stat('a.Conn', 70)]));
    assert.deepEqual(
      heap.typeRows('', 10).map((r) => [r.displayName, r.count, r.delta]),
      [
        ['Conn', 70, 60],
        ['dict', 50, 0],
      ],
    );
  });

  it('qualifies names that two modules share, and filters on the qualified name', () => {
    const heap = new SessionHeapState('app');
    heap.recordSnapshot(snapshot(1, [stat('a.Node', 3), stat('b.Node', 2), stat('list', 9)]));
    assert.deepEqual(
      heap.typeRows('', 10).map((r) => r.displayName),
      ['list', 'a.Node', 'b.Node'],
    );
    assert.deepEqual(
      heap.typeRows('B.nod', 10).map((r) => r.key),
      ['b.Node'],
    );
    assert.deepEqual(
      heap.typeRows('', 1).map((r) => r.key),
      ['list'],
    );
  });

  it('Show Growth needs a snapshot before, then lists types by increase', () => {
    const heap = new SessionHeapState('app');
    assert.equal(heap.recordGrowth(snapshot(1, [stat('a.X', 1)]), 'previous'), undefined);
    assert.equal(heap.mode, 'mostCommon');
    const report = heap.recordGrowth(snapshot(2, [stat('a.X', 101), stat('dict', 5)]), 'previous');
    assert.ok(report);
    assert.equal(heap.mode, 'growth');
    assert.deepEqual(
      heap.typeRows('', 10).map((r) => [r.key, r.count, r.delta]),
      [
        ['a.X', 101, 100],
        ['dict', 5, 5],
      ],
    );
  });

  it('growth against the baseline compares with the pinned snapshot, not the one before', () => {
    const heap = new SessionHeapState('app');
    heap.recordBaseline(snapshot(1, [stat('a.X', 10)]));
    heap.recordSnapshot(snapshot(2, [stat('a.X', 50)]));
    const report = heap.recordGrowth(snapshot(3, [stat('a.X', 60)]), 'baseline');
    assert.equal(report?.rows[0].delta, 50);
    assert.equal(report?.fromSequence, 1);
    assert.equal(heap.baseline?.sequence, 1);
  });
});
