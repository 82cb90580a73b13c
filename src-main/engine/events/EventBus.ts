import type { EventName, Events, Unsubscribe } from '../../../src-shared/contract';

type Listener = (name: EventName, payload: Events[EventName]) => void;

/** Fan-out of engine events to whoever relays them (IPC, WebSocket, CLI progress printer, tests). */
export class EventBus {
  readonly #listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.#listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken relay (closed socket, destroyed window) must not stop the others or the engine.
      }
    }
  }

  /** Listens to every event. */
  subscribe(listener: Listener): Unsubscribe {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Listens to one event. */
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): Unsubscribe {
    return this.subscribe((n, payload) => {
      if (n === name) listener(payload as Events[E]);
    });
  }
}
