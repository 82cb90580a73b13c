import path from 'node:path';
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { LecternError } from '../../../src-shared/errors';
import { Engine } from '../../engine/Engine';
import { appRoot } from '../../engine/version';
import { startServer } from '../../serve/server';
import { parseThreads, printError, printJson, withCommonOptions, type GlobalOptions } from '../context';

interface ServeOptions extends GlobalOptions {
  port?: string;
  renderer?: string;
  grant?: string[];
}

/** `lectern serve`: the app's UI and contract on a loopback port, for a browser (tests, headless machines). */
export function serveCommand(): Command {
  return withCommonOptions(new Command('serve'))
    .description('serve the UI and the engine on 127.0.0.1 with a random token (for a browser)')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--renderer <dir>', 'built renderer folder (default: out/renderer)')
    .option(
      '--grant <paths...>',
      'let the page import these files by id, in place (as if chosen in a dialog); the ids are printed with --json',
    )
    .action(async (options: ServeOptions) => {
      try {
        const rendererDir = path.resolve(options.renderer ?? path.join(appRoot(), 'out', 'renderer'));
        if (!existsSync(path.join(rendererDir, 'index.html'))) {
          throw new LecternError('NOT_FOUND', `No built renderer in ${rendererDir}. Run \`npm run build\` first.`);
        }
        const port = options.port === undefined ? 0 : Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new LecternError('INVALID_ARGUMENT', `Bad --port ${options.port}.`);
        const engine = new Engine({
          ...(options.library ? { libraryDir: options.library } : {}),
          ...(options.models ? { modelsDir: options.models } : {}),
          threads: parseThreads(options.threads),
        });
        // The person who starts the server chose these files, like a dialog in the app: the page gets only their ids.
        const grants = (options.grant ?? []).map((file) => ({
          ...engine.grants.grant(file),
          path: path.resolve(file),
        }));
        const server = await startServer({ engine, rendererDir, port });
        if (options.json) printJson({ url: server.url, port: server.port, token: server.token, grants });
        else {
          for (const g of grants) console.log(`${g.id}  ${g.path}`);
          console.log(`Lectern is serving on ${server.url}\nPress Ctrl+C to stop.`);
        }
        const stop = () => {
          void server
            .close()
            .then(() => engine.dispose())
            .then(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (error) {
        printError(error, options.json === true);
        process.exitCode = 1;
      }
    });
}
