import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Emitter, SubscriptionStore } from '../../extension/core/events';

describe('Emitter', () => {
  it('calls each subscription once per fire, until it is disposed', () => {
    const emitter = new Emitter<number>();
    const got: string[] = [];
    const listener = (n: number) => got.push(`a${n}`);
    const first = emitter.event(listener);
    emitter.event(listener);
    emitter.fire(1);
    first.dispose();
    emitter.fire(2);
    assert.deepEqual(got, ['a1', 'a1', 'a2']);
    assert.equal(emitter.size, 1);
  });

  it('a listener that throws does not keep the others from hearing', () => {
    const emitter = new Emitter<number>();
    const got: number[] = [];
    emitter.event(() => {
      throw new Error('boom');
    });
    emitter.event((n) => got.push(n));
    assert.throws(() => emitter.fire(7), /boom/);
    assert.deepEqual(got, [7]);
  });
});

describe('SubscriptionStore', () => {
  it('disposes everything it holds, once, and is empty after', () => {
    const store = new SubscriptionStore();
    const disposed: number[] = [];
    store.add({ dispose: () => disposed.push(1) });
    store.add({ dispose: () => disposed.push(2) });
    assert.equal(store.size, 2);
    store.dispose();
    store.dispose();
    assert.deepEqual(disposed, [2, 1]);
    assert.equal(store.size, 0);
  });
});
