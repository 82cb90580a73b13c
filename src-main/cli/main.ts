import { Command } from 'commander';
import { appVersion } from '../engine/version';
import { doctorCommand } from './commands/doctor';
import { serveCommand } from './commands/serve';

/** The `lectern` program. Every subcommand has `--help` and `--json`. */
export function buildProgram(): Command {
  const program = new Command('lectern')
    .description('Ask questions about long documents, offline.')
    .version(appVersion(), '-v, --version')
    .showHelpAfterError()
    .enablePositionalOptions();
  program.addCommand(doctorCommand());
  program.addCommand(serveCommand());
  return program;
}

await buildProgram().parseAsync(process.argv);
