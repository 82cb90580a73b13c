import type { EventName, Events } from '../../src-shared/contract';
import type { Result } from '../../src-shared/result';

/** Messages from the main process to the engine's utility process. */
export type HostMessage =
  | { type: 'call'; id: number; name: string; input: unknown }
  /** Paths the person chose in a dialog or dropped: the engine grants each an id (answered as a `result`). */
  | { type: 'grant'; id: number; paths: string[] }
  | { type: 'dispose' };

/** Messages from the engine's utility process to the main process. */
export type EngineMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: Events[EventName] };
