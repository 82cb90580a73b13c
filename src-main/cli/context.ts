import type { Command } from 'commander';
import { Engine } from '../engine/Engine';
import { LecternError, toErrorPayload } from '../../src-shared/errors';

export interface GlobalOptions {
  library?: string;
  models?: string;
  threads?: string;
  json?: boolean;
}

/** Options every command accepts, so `--json`, `--library` and friends work in any position. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--library <dir>', 'library folder (default: the app’s data folder, or $LECTERN_HOME/library)')
    .option('--models <dir>', 'models folder (default: <data folder>/models, or $LECTERN_MODELS_DIR)')
    .option('--threads <n>', 'llama.cpp threads (default: physical cores)');
}

export function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new LecternError('INVALID_ARGUMENT', `--threads must be a positive integer, got ${value}.`);
  return n;
}

/** Runs a command body with an engine that is always disposed, printing errors in the chosen format. */
export async function withEngine(options: GlobalOptions, body: (engine: Engine) => Promise<void>): Promise<void> {
  let engine: Engine | undefined;
  try {
    engine = new Engine({
      ...(options.library ? { libraryDir: options.library } : {}),
      ...(options.models ? { modelsDir: options.models } : {}),
      threads: parseThreads(options.threads),
    });
    await body(engine);
  } catch (error) {
    printError(error, options.json === true);
    process.exitCode = 1;
  } finally {
    await engine?.dispose();
  }
}

export function printError(error: unknown, json: boolean): void {
  const payload = toErrorPayload(error);
  if (json) process.stdout.write(`${JSON.stringify({ error: payload })}\n`);
  else process.stderr.write(`lectern: ${payload.message} (${payload.code})\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
