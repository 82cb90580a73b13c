import type { EventName, Events } from '../../src-shared/contract';
import type { Result } from '../../src-shared/result';

/** Messages from the main process to the engine's utility process. */
export type HostMessage =
  | { type: 'call'; id: number; name: string; input: unknown }
  /** Paths the person chose in a dialog or dropped: the engine grants each an id (answered as a `result`). */
  | { type: 'grant'; id: number; paths: string[] }
  /** Where a transcript's recording is, for main's media protocol only (answered as a `result`: `MediaSource | null`). */
  | { type: 'media'; id: number; docId: string }
  | { type: 'dispose' }
  /** The answer to a `seal`/`unseal` request. */
  | { type: 'sealed'; id: number; result: Result<string> };

/** A recording as main needs it to stream it; the path stays in main and never reaches a renderer. */
export interface MediaSource {
  path: string;
  contentType: string;
  bytes: number;
}

/** Messages from the engine's utility process to the main process. */
export type EngineMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: Events[EventName] }
  /** The engine asks main to seal or unseal the server's API key with `safeStorage` (answered by `sealed`). */
  | { type: 'seal' | 'unseal'; id: number; text: string };
