/**
 * A tiny event emitter for the pure core: `vscode.EventEmitter`'s shape (subscribe returns a
 * disposable) without importing `vscode`, so models fire events that views subscribe to and
 * unit tests can listen to in Node.
 */

/** Something to dispose; `vscode.Disposable` fits. */
export interface Subscription {
  dispose(): void;
}

/** Subscribes a listener; the returned subscription removes it. */
export type Event<T> = (listener: (value: T) => void) => Subscription;

/** Fires values to the listeners subscribed through `event`. */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Subscribes a listener until its subscription is disposed. */
  readonly event: Event<T> = (listener) => {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  };

  /** How many listeners are subscribed. */
  get size(): number {
    return this.listeners.size;
  }

  /** Calls every listener with `value`; a listener that throws does not stop the others. */
  fire(value: T): void {
    const errors: unknown[] = [];
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) {
      throw errors[0];
    }
  }

  /** Removes every listener. */
  dispose(): void {
    this.listeners.clear();
  }
}

/** Disposes a group of subscriptions at once (one panel's listeners, one view's). */
export class SubscriptionStore implements Subscription {
  private readonly held: Subscription[] = [];

  /** Keeps `subscription` until the store is disposed; returns it. */
  add<S extends Subscription>(subscription: S): S {
    this.held.push(subscription);
    return subscription;
  }

  /** How many subscriptions are held. */
  get size(): number {
    return this.held.length;
  }

  /** Disposes every held subscription, newest first. */
  dispose(): void {
    for (const s of this.held.splice(0).reverse()) {
      s.dispose();
    }
  }
}
