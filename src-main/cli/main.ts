import { Command } from 'commander';
import { appVersion } from '../engine/version';
import { askCommand } from './commands/ask';
import { collectionCommand } from './commands/collection';
import { prepareCommand } from './commands/prepare';
import { benchCommand } from './commands/bench';
import { chaptersCommand } from './commands/chapters';
import { doctorCommand } from './commands/doctor';
import { evalCommand } from './commands/evalCommand';
import { modelCommand } from './commands/model';
import { importCommand, listCommand, showCommand } from './commands/library';
import { serveCommand } from './commands/serve';
import { serverCommand } from './commands/server';

/** The `lectern` program. Every subcommand has `--help` and `--json`. */
export function buildProgram(): Command {
  const program = new Command('lectern')
    .description('Ask questions about long documents, offline.')
    .version(appVersion(), '-v, --version')
    .showHelpAfterError()
    .enablePositionalOptions();
  program.addCommand(doctorCommand());
  program.addCommand(importCommand());
  program.addCommand(listCommand());
  program.addCommand(showCommand());
  program.addCommand(chaptersCommand());
  program.addCommand(askCommand());
  program.addCommand(collectionCommand());
  program.addCommand(prepareCommand());
  program.addCommand(evalCommand());
  program.addCommand(modelCommand());
  program.addCommand(benchCommand());
  program.addCommand(serveCommand());
  program.addCommand(serverCommand());
  return program;
}

/**
 * `lectern list | head -1`: the reader has gone, so there is no one left to tell. Exit quietly, as cat and ls do,
 * rather than print a stack trace for an EPIPE.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
exitQuietlyOnClosedPipe(process.stdout);
exitQuietlyOnClosedPipe(process.stderr);

await buildProgram().parseAsync(process.argv);
