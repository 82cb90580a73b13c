import type { EventName, Events } from '../../src-shared/contract';
import type { Result } from '../../src-shared/result';

/** Messages from the main process to the engine's utility process. */
export type HostMessage = { type: 'call'; id: number; name: string; input: unknown } | { type: 'dispose' };

/** Messages from the engine's utility process to the main process. */
export type EngineMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: Events[EventName] };
