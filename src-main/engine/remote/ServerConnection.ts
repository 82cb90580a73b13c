import type { ServerSettingsView } from '../../../src-shared/domain/server';
import { OpenAiClient, normaliseBaseUrl } from './OpenAiClient';
import { RemoteAsker, type RemoteAskerOptions } from './RemoteAsker';

/** What the engine lends every connection: the library's chapter-summary cache. */
export type ServerDepsForAsker = Pick<RemoteAskerOptions, 'summaries'>;

export interface ServerSettings {
  baseUrl: string;
  apiKey?: string;
  model?: string;
}

/**
 * The server in use: its client (which alone holds the API key) and its asker. Kept in memory for the engine's
 * lifetime; the key is never part of `view()`, of an error message or of a log line.
 */
export class ServerConnection {
  readonly client: OpenAiClient;
  readonly asker: RemoteAsker;
  readonly model: string | undefined;

  constructor(
    settings: ServerSettings,
    private readonly deps: ServerDepsForAsker = {},
  ) {
    this.client = new OpenAiClient(settings.baseUrl, settings.apiKey);
    this.model = settings.model;
    this.asker = new RemoteAsker({
      client: this.client,
      ...(settings.model ? { model: settings.model } : {}),
      ...deps,
    });
  }

  view(): ServerSettingsView {
    return {
      baseUrl: this.client.baseUrl,
      ...(this.model ? { model: this.model } : {}),
      hasApiKey: this.client.hasApiKey,
    };
  }

  /** The settings with the key, only to be sealed into storage (`StoredServer`): never returned by a call. */
  sealable(): ServerSettings {
    return this.client.withSameKey((apiKey) => ({
      baseUrl: this.client.baseUrl,
      ...(this.model ? { model: this.model } : {}),
      ...(apiKey ? { apiKey } : {}),
    }));
  }

  /** Whether `baseUrl` names this server (so a stored key may be used for it). */
  isFor(baseUrl: string): boolean {
    return normaliseBaseUrl(baseUrl) === this.client.baseUrl;
  }

  /** The same server with other settings: the stored key stays unless a new one is given (a key is not read back). */
  with(settings: ServerSettings): ServerConnection {
    if (settings.apiKey !== undefined || !this.isFor(settings.baseUrl))
      return new ServerConnection(settings, this.deps);
    return this.client.withSameKey(
      (apiKey) => new ServerConnection({ ...settings, ...(apiKey ? { apiKey } : {}) }, this.deps),
    );
  }
}
