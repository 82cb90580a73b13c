import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { LecternError } from '../../../src-shared/errors';
import { printJson, withCommonOptions, withEngine, type GlobalOptions } from '../context';
import { runJob } from '../runJob';
import { docFor } from './ask';

/** `lectern prepare <docId|path>`: builds what questions use (resumes from a checkpoint after a quit or a crash). */
export function prepareCommand(): Command {
  return withCommonOptions(new Command('prepare'))
    .description(
      'prepare a document for questions with a model: build its compressed state (or chapter summaries), resuming an interrupted build',
    )
    .argument('<doc>', 'document id (or unique prefix), or a file to import first')
    .requiredOption('--model <path>', 'GGUF chat model to prepare for')
    .option('--ratio <r>', 'compression ratio, 1 to 16', '4')
    .action(async (ref: string, options: GlobalOptions & { model: string; ratio: string }) => {
      await withEngine(options, async (engine) => {
        const ratio = Number(options.ratio);
        if (!Number.isFinite(ratio) || ratio < 1 || ratio > 16)
          throw new LecternError('INVALID_ARGUMENT', `--ratio must be between 1 and 16, got ${options.ratio}.`);
        const docId = await docFor(engine, ref, options.json === true);
        const model = existsSync(options.model) ? path.resolve(options.model) : options.model;
        await runJob(engine, await engine.invoke('loadModel', { ref: model }), { quiet: options.json });
        const start = performance.now();
        const value = await runJob(engine, await engine.invoke('prepareDocument', { docId, ratio }), {
          quiet: options.json,
        });
        const ms = Math.round(performance.now() - start);
        if (options.json) return printJson({ docId, ratio, ms, ...(value as object) });
        console.log(`Prepared ${docId} at ${ratio}× in ${(ms / 1000).toFixed(1)} s: ${JSON.stringify(value)}`);
      });
    });
}
