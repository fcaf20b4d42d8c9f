import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snapshot, stat } from './snapshots';
import { SessionModel } from '../../extension/core/sessionModel';

describe('SessionModel', () => {
  it('lists the most common types by count, with the change since the snapshot before', () => {
    const heap = new SessionModel('app');
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
    const heap = new SessionModel('app');
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
    const heap = new SessionModel('app');
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
    const heap = new SessionModel('app');
    heap.recordBaseline(snapshot(1, [stat('a.X', 10)]));
    heap.recordSnapshot(snapshot(2, [stat('a.X', 50)]));
    const report = heap.recordGrowth(snapshot(3, [stat('a.X', 60)]), 'baseline');
    assert.equal(report?.rows[0].delta, 50);
    assert.equal(report?.fromSequence, 1);
    assert.equal(heap.baseline?.sequence, 1);
  });
});

describe('SessionModel as an observable', () => {
  it('keeps every snapshot with its purpose and the time it arrived', () => {
    let clock = 1000;
    const heap = new SessionModel('app', () => clock);
    heap.recordSnapshot(snapshot(1, [stat('a.X', 1)]));
    clock = 2000;
    heap.recordBaseline(snapshot(2, [stat('a.X', 2)]));
    clock = 3500;
    heap.recordGrowth(snapshot(3, [stat('a.X', 5)]), 'baseline');
    heap.recordSnapshot(snapshot(4, [stat('a.X', 6)]));
    assert.deepEqual(
      heap.snapshots.map((s) => [s.snapshot.sequence, s.purpose, s.receivedAt]),
      [
        [1, 'snapshot', 1000],
        [2, 'baseline', 2000],
        [3, 'growth', 3500],
        [4, 'snapshot', 3500],
      ],
    );
    assert.equal(heap.latest?.sequence, 4);
    assert.equal(heap.previous?.sequence, 3);
    assert.equal(heap.baseline?.sequence, 2);
  });

  it('fires exactly one event per change, saying what changed', () => {
    const heap = new SessionModel('app');
    const seen: string[] = [];
    const subscription = heap.onDidChange((e) => {
      assert.equal(e.model, heap);
      seen.push(e.change);
    });
    heap.recordSnapshot(snapshot(1, []));
    heap.recordBaseline(snapshot(2, []));
    heap.recordGrowth(snapshot(3, []), 'previous');
    const cycles = { groups: [], totalCycles: 0, totalObjects: 0, agentMillis: 1 };
    heap.recordCycles(cycles);
    assert.equal(heap.cycles, cycles);
    heap.releaseCycles();
    assert.equal(heap.cycles, undefined);
    heap.markEnded();
    heap.markEnded();
    assert.equal(heap.ended, true);
    assert.deepEqual(seen, ['snapshot', 'baseline', 'growth', 'cycles', 'cycles', 'ended']);
    subscription.dispose();
    heap.recordSnapshot(snapshot(4, []));
    assert.equal(seen.length, 6);
  });
});
