import { LecternError } from '../../../src-shared/errors';
import { OpenAiClient } from '../remote/OpenAiClient';
import { ServerConnection, type ServerSettings } from '../remote/ServerConnection';
import type { StoredServer } from '../remote/StoredServer';
import type { Handlers } from './types';

export interface ServerDeps {
  current: () => ServerConnection | undefined;
  set: (connection: ServerConnection | undefined) => void;
  /** Where the settings are kept across restarts, the key sealed (the app); absent: memory only (CLI, serve). */
  stored?: StoredServer;
  /** Settles once stored settings, if any, were restored. */
  restored?: Promise<void>;
  /** Makes a connection with what the engine lends it (the summaries cache). Default: a bare one. */
  connect?: (settings: ServerSettings) => ServerConnection;
}

/** Settings of the OpenAI-compatible server that answers instead of the local model. */
export function serverHandlers({
  current,
  set,
  stored,
  restored = Promise.resolve(),
  connect = (settings) => new ServerConnection(settings),
}: ServerDeps): Pick<Handlers, 'setServer' | 'getServer' | 'clearServer' | 'testServer'> {
  return {
    setServer: async (settings) => {
      await restored;
      const next = current()?.with(settings) ?? connect(settings);
      set(next);
      // Where the OS cannot protect the key (no keychain), it is not stored at all, never in the clear: it stays in
      // memory for this run.
      await stored?.save(next.sealable()).catch(() => undefined);
      return next.view();
    },
    getServer: async () => {
      await restored;
      return current()?.view() ?? null;
    },
    clearServer: async () => {
      await restored;
      const had = current() !== undefined;
      set(undefined);
      await stored?.clear();
      return { cleared: had };
    },
    testServer: async ({ baseUrl, apiKey }) => {
      const connection = current();
      if (!baseUrl) {
        if (!connection) throw new LecternError('SERVER_NOT_CONFIGURED', 'No server is set: give its URL.');
        return connection.client.test(connection.model);
      }
      // A URL other than the configured one gets only the key given with it, never the stored one.
      if (apiKey === undefined && connection?.isFor(baseUrl)) return connection.client.test(connection.model);
      return new OpenAiClient(baseUrl, apiKey).test();
    },
  };
}
