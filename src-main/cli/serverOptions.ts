import type { Command } from 'commander';
import { LecternError } from '../../src-shared/errors';
import type { Engine } from '../engine/Engine';

export interface ServerOptions {
  server?: string;
  apiKeyEnv?: string;
  serverModel?: string;
}

/** `--server URL [--api-key-env NAME] [--server-model NAME]`: answer through an OpenAI-compatible server. */
export function withServerOptions(command: Command): Command {
  return command
    .option(
      '--server <url>',
      'answer through an OpenAI-compatible server (llama.cpp, vLLM, Ollama, LM Studio): its /v1 URL',
    )
    .option(
      '--api-key-env <name>',
      'environment variable holding the server’s API key (never a flag: flags show in ps)',
    )
    .option('--server-model <name>', 'model to request from the server (default: the first GET /v1/models lists)');
}

/** The API key from the named environment variable; a named but unset variable is an error, not a silent no-key. */
export function apiKeyFrom(options: ServerOptions): string | undefined {
  if (!options.apiKeyEnv) return undefined;
  const key = process.env[options.apiKeyEnv];
  if (!key) throw new LecternError('INVALID_ARGUMENT', `--api-key-env ${options.apiKeyEnv}: that variable is not set.`);
  return key;
}

/** Points the engine at the server the options name, if any. */
export async function useServer(engine: Engine, options: ServerOptions): Promise<void> {
  if (!options.server) return;
  const apiKey = apiKeyFrom(options);
  await engine.invoke('setServer', {
    baseUrl: options.server,
    ...(apiKey ? { apiKey } : {}),
    ...(options.serverModel ? { model: options.serverModel } : {}),
  });
}
