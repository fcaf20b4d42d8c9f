// The Types view's sort keys and retained bytes: count, shallow bytes, retained bytes (types with
// no retained size last), and change events the view redraws on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionModel } from '../../extension/core/sessionModel';
import { snapshot, stat } from './snapshots';

function model(): SessionModel {
  const heap = new SessionModel('test', () => 0);
  heap.recordSnapshot(
    snapshot(1, [
      stat('dict', 500, { shallowBytes: 100_000 }),
      stat('app.Node', 300, { shallowBytes: 19_200 }),
      stat('str', 50, { shallowBytes: 400_000 }),
    ]),
  );
  return heap;
}

describe('types sorted by count, shallow or retained bytes', () => {
  it('sorts by count by default and by shallow bytes on request', () => {
    const heap = model();
    assert.deepEqual(
      heap.typeRows('', 10).map((r) => r.key),
      ['dict', 'app.Node', 'str'],
    );
    const changes: string[] = [];
    heap.onDidChange((e) => changes.push(e.change));
    heap.setSort('shallowBytes');
    assert.deepEqual(
      heap.typeRows('', 10).map((r) => [r.key, r.shallowBytes]),
      [
        ['str', 400_000],
        ['dict', 100_000],
        ['app.Node', 19_200],
      ],
    );
    assert.deepEqual(changes, ['sort']);
  });

  it('adds retained bytes to the rows and sorts by them, types without one last', () => {
    const heap = model();
    heap.recordRetained(
      new Map([
        ['app.Node', 5_000_000],
        ['dict', 2_000_000],
      ]),
    );
    heap.setSort('retainedBytes');
    assert.deepEqual(
      heap.typeRows('', 10).map((r) => [r.key, r.retainedBytes]),
      [
        ['app.Node', 5_000_000],
        ['dict', 2_000_000],
        ['str', undefined],
      ],
    );
    heap.setSort('count');
    assert.deepEqual(
      heap.typeRows('', 2).map((r) => [r.key, r.count, r.retainedBytes]),
      [
        ['dict', 500, 2_000_000],
        ['app.Node', 300, 5_000_000],
      ],
    );
  });
});
