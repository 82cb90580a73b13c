import type { ClientApi } from '../../src-shared/appCalls';
import type { CallName, DocumentFile, EventName } from '../../src-shared/contract';
import { createClient } from '../../src-shared/createClient';
import type { FileGrant } from '../../src-shared/domain/fileGrant';
import type { Result } from '../../src-shared/result';

type Listener = (payload: unknown) => void;

/**
 * The contract over `lectern serve`: calls are POSTs, events arrive on one WebSocket that reconnects by itself.
 * The token comes from the page URL on first load and is kept for the session (the server also set a cookie).
 */
export function createHttpClient(token: string, origin = window.location.origin): ClientApi {
  const listeners = new Map<EventName, Set<Listener>>();
  let socket: WebSocket | undefined;
  let retry = 0;

  const connect = () => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
    };
    ws.onmessage = (message: MessageEvent<string>) => {
      const { event, payload } = JSON.parse(message.data) as { event: EventName; payload: unknown };
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    ws.onclose = () => {
      socket = undefined;
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 250 * 2 ** retry);
    };
  };
  connect();

  const call = async (name: CallName, input: unknown): Promise<Result<unknown>> => {
    try {
      const response = await fetch(`${origin}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lectern-token': token },
        body: JSON.stringify(input ?? {}),
      });
      return (await response.json()) as Result<unknown>;
    } catch (error) {
      return {
        ok: false,
        error: { code: 'ENGINE_CRASHED', message: `Lost contact with the engine: ${String(error)}` },
      };
    }
  };

  /** The one binary call: JSON would turn a PDF's bytes into an object of numbers, so it has its own GET route. */
  const getDocumentFile = async ({ id }: { id: string }): Promise<Result<DocumentFile>> => {
    try {
      const response = await fetch(`${origin}/api/documents/${encodeURIComponent(id)}/file`, {
        headers: { 'x-lectern-token': token },
      });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || type.startsWith('application/json')) return (await response.json()) as Result<DocumentFile>;
      return {
        ok: true,
        value: {
          bytes: new Uint8Array(await response.arrayBuffer()),
          fileName: decodeURIComponent(response.headers.get('x-file-name') ?? ''),
          contentType: type,
        },
      };
    } catch (error) {
      return {
        ok: false,
        error: { code: 'ENGINE_CRASHED', message: `Lost contact with the engine: ${String(error)}` },
      };
    }
  };

  const on = (event: EventName, listener: Listener) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  void socket;
  return { ...createClient({ call, on }, { getDocumentFile }), host: 'browser' };
}

/**
 * Uploads a file picked or dropped in the browser build; resolves the id the engine granted it (never a path). `to:
 * 'models'` keeps a GGUF in the models folder instead of the upload cache.
 */
export async function uploadFile(file: File, token: string, to?: 'models'): Promise<Result<FileGrant>> {
  const response = await fetch(`${window.location.origin}/api/upload${to ? `?to=${to}` : ''}`, {
    method: 'POST',
    headers: {
      'x-lectern-token': token,
      'x-file-name': encodeURIComponent(file.name),
      'content-type': 'application/octet-stream',
    },
    body: file,
  });
  return (await response.json()) as Result<FileGrant>;
}
