import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { AskResult } from '../../../src-shared/domain/answer';
import { LecternError } from '../../../src-shared/errors';
import { formatTime } from '../../../src-shared/formatTime';
import type { Engine } from '../../engine/Engine';
import { printJson, withCommonOptions, withEngine, type GlobalOptions } from '../context';
import { runJob } from '../runJob';
import { useServer, withServerOptions, type ServerOptions } from '../serverOptions';
import { findCollection } from './collection';
import { resolveDocId } from './library';
import type { AskScope } from '../../../src-shared/domain/collection';

/** The cited document's title as the answer's sources name it. */
function titleOf(result: AskResult, docId: string | undefined): string {
  return `“${result.sources?.find((s) => s.docId === docId)?.title ?? 'document removed'}”`;
}

/** A document id, or a file path that is imported first (instant when it is already in the library). */
export async function docFor(engine: Engine, ref: string, quiet: boolean): Promise<string> {
  if (!existsSync(ref)) return resolveDocId(engine, ref);
  const report = await runJob(engine, await engine.importPaths({ paths: [ref] }), { quiet });
  const result = report.results[0];
  if (!result?.docId)
    throw new LecternError(result?.error?.code ?? 'INTERNAL', result?.error?.message ?? `Could not import ${ref}.`);
  return result.docId;
}

function where(c: AskResult['citations'][number]): string {
  const a = c.anchor;
  if (a.type === 'page') return `p.${a.page}`;
  if (a.type === 'time') return formatTime(a.start);
  return `line ${a.line}`;
}

interface AskOptions {
  model?: string;
  ratio: string;
  collection?: string;
  all?: boolean;
}

/** `lectern ask <docId|path> "question"` */
export function askCommand(): Command {
  return withServerOptions(withCommonOptions(new Command('ask')))
    .description('ask a question about a document (a generated answer with a model, the best passages without one)')
    .argument('[doc]', 'document id (or unique prefix), or a file to import first; omitted with --collection or --all')
    .argument('[question]', 'the question')
    .option('--collection <name>', 'ask every document of this collection (name or id)')
    .option('--all', 'ask every document in the library')
    .option('--model <path>', 'GGUF chat model to load for this question')
    .option('--ratio <r>', 'compression ratio of the document state, 1 to 16', '4')
    .action(
      async (
        first: string | undefined,
        second: string | undefined,
        options: GlobalOptions & ServerOptions & AskOptions,
      ) => {
        const many = options.collection !== undefined || options.all === true;
        // With a scope, the one argument is the question.
        const ref = many ? undefined : first;
        const question = many ? (second ?? first) : second;
        if (question === undefined || (!many && ref === undefined))
          throw new LecternError(
            'INVALID_ARGUMENT',
            'Usage: lectern ask <doc> "question", or lectern ask --collection NAME "question".',
          );
        await withEngine(options, async (engine) => {
          const ratio = Number(options.ratio);
          if (!Number.isFinite(ratio) || ratio < 1 || ratio > 16)
            throw new LecternError('INVALID_ARGUMENT', `--ratio must be between 1 and 16, got ${options.ratio}.`);
          const scope: AskScope =
            options.collection !== undefined
              ? { kind: 'collection', collectionId: (await findCollection(engine, options.collection)).id }
              : options.all === true
                ? { kind: 'all' }
                : { kind: 'document', docId: await docFor(engine, ref ?? '', options.json === true) };
          const docId = scope.kind === 'document' ? scope.docId : undefined;
          await useServer(engine, options);
          if (options.model)
            await runJob(
              engine,
              await engine.invoke('loadModel', {
                ref: existsSync(options.model) ? path.resolve(options.model) : options.model,
              }),
              { quiet: options.json },
            );
          const streamed = !options.json && process.stdout.isTTY && engine.asker !== undefined;
          const off = streamed ? engine.events.on('answer:token', (t) => process.stdout.write(t.text)) : () => {};
          let result: AskResult;
          try {
            result = await runJob(engine, await engine.invoke('ask', { scope, question, ratio }), {
              quiet: options.json,
            });
          } finally {
            off();
          }
          if (options.json) {
            return printJson({
              ...(docId !== undefined ? { docId } : { scope }),
              ...(result.sources ? { sources: result.sources } : {}),
              mode: result.mode,
              answer: result.answer,
              citations: result.citations,
              ...(result.mode === 'passages' ? { passages: result.passages } : {}),
              noEvidence: result.noEvidence,
              timings: result.timings,
              promptTokens: result.promptTokens,
              kvTokens: result.kvTokens,
              stateBytes: result.stateBytes,
              ratio: result.ratio,
              ...(result.contextMode ? { contextMode: result.contextMode } : {}),
              ...(result.server ? { server: result.server } : {}),
              ...(result.note ? { note: result.note } : {}),
            });
          }
          if (!streamed) console.log(result.answer);
          else process.stdout.write('\n');
          if (result.note) console.log(`\n(${result.note})`);
          if (result.citations.length)
            console.log(
              `\nSources: ${result.citations.map((c) => `[${c.segmentId} ${where(c)}${docId === undefined ? ` ${titleOf(result, c.docId)}` : ''}]${c.quoteFound === false ? ' (quote not found in source)' : ''}`).join('  ')}`,
            );
        });
      },
    );
}
