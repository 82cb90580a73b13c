import { CALL_NAMES, isEventName, type CallName, type EventName, type LecternApi, type Unsubscribe } from './contract';
import { APP_CALL_NAMES, type AppCalls } from './appCalls';
import type { Result } from './result';

/** How a client reaches the engine: IPC in the app, HTTP and a WebSocket in the browser build. */
export interface Transport {
  call(name: CallName, input: unknown): Promise<Result<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

/**
 * The one client over the contract: a function per call and `on` for events, each forwarded to the transport.
 * `overrides` replaces calls a transport answers its own way (the browser build's binary `getDocumentFile`).
 */
export function createClient(transport: Transport, overrides: Partial<LecternApi> = {}): LecternApi {
  const client: Record<string, unknown> = {};
  for (const name of CALL_NAMES) client[name] = (input: unknown) => transport.call(name, input ?? {});
  client.on = (event: unknown, listener: (payload: unknown) => void): Unsubscribe => {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`);
    return transport.on(event, listener);
  };
  // Built from CALL_NAMES, which are the keys of `calls`: each entry forwards its call, whose result the engine
  // typed by the contract. TypeScript cannot follow a loop over keys into a mapped type, so this one cast stands.
  return Object.assign(client, overrides) as LecternApi;
}

/** The desktop shell's calls (`AppCalls`), each forwarded to `call`: the preload's half of `window.lectern`. */
export function createAppClient(call: (name: keyof AppCalls, input: unknown) => Promise<Result<unknown>>): AppCalls {
  const client: Record<string, unknown> = {};
  for (const name of APP_CALL_NAMES) client[name] = (input: unknown) => call(name, input ?? {});
  // As above: one entry per name of APP_CALL_NAMES, which `satisfies` ties to the keys of AppCalls.
  return client as unknown as AppCalls;
}
