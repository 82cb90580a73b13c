import { Command } from 'commander';
import { printJson, withCommonOptions, withEngine, type GlobalOptions } from '../context';
import { apiKeyFrom, type ServerOptions } from '../serverOptions';

/** `lectern server test <url>`: what "Test connection" reports. */
export function serverCommand(): Command {
  const server = new Command('server').description('an OpenAI-compatible server that answers instead of a local model');
  server.addCommand(
    withCommonOptions(new Command('test'))
      .description('GET /v1/models on the server: latency, its models and their context length where it tells it')
      .argument('<url>', 'the server’s URL (http://host:port or http://host:port/v1)')
      .option('--api-key-env <name>', 'environment variable holding the server’s API key')
      .action(async (url: string, options: GlobalOptions & ServerOptions) => {
        await withEngine(options, async (engine) => {
          const apiKey = apiKeyFrom(options);
          const result = await engine.invoke('testServer', { baseUrl: url, ...(apiKey ? { apiKey } : {}) });
          if (options.json) return printJson(result);
          console.log(`${result.baseUrl} (${result.kind}) answered in ${result.latencyMs} ms`);
          for (const m of result.models)
            console.log(`  ${m.id}${m.contextLength !== undefined ? `  context ${m.contextLength}` : ''}`);
        });
      }),
  );
  return server;
}
