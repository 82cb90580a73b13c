import { LecternError } from '../../../src-shared/errors';
import { OpenAiClient } from '../remote/OpenAiClient';
import { ServerConnection } from '../remote/ServerConnection';
import type { Handlers } from './types';

export interface ServerDeps {
  current: () => ServerConnection | undefined;
  set: (connection: ServerConnection | undefined) => void;
}

/** Settings of the OpenAI-compatible server that answers instead of the local model. */
export function serverHandlers({
  current,
  set,
}: ServerDeps): Pick<Handlers, 'setServer' | 'getServer' | 'clearServer' | 'testServer'> {
  return {
    setServer: (settings) => {
      const next = current()?.with(settings) ?? new ServerConnection(settings);
      set(next);
      return next.view();
    },
    getServer: () => current()?.view() ?? null,
    clearServer: () => {
      const had = current() !== undefined;
      set(undefined);
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
