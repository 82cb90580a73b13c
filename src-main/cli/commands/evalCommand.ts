import { Command } from 'commander';
import { LecternError } from '../../../src-shared/errors';
import { evalChapters } from '../../measure/eval/evalChapters';
import path from 'node:path';
import { prepareModelCompressor } from '../../engine/compression/prepareModelCompressor';
import { Engine } from '../../engine/Engine';
import { evalEvidence, type TokenScorerHook } from '../../measure/eval/evalEvidence';
import { loadEmbeddingModel, type EmbeddingModel } from '../../engine/onnx/loadEmbeddingModel';
import { loadTokenCompressor, type TokenCompressor } from '../../engine/onnx/loadTokenCompressor';
import { prepareSegmentCompressor } from '../../engine/onnx/prepareSegmentCompressor';
import { printError, printJson } from '../context';

function parseHalf(half: string | undefined): 'even' | 'odd' | undefined {
  if (half === undefined || half === 'even' || half === 'odd') return half;
  throw new LecternError('INVALID_ARGUMENT', `--half must be even or odd, not ${half}.`);
}

function requireData(dir: string | undefined): string {
  if (!dir) throw new LecternError('INVALID_ARGUMENT', '--data <dir> is required (for example ../shared/data).');
  return dir;
}

interface EvidenceFlags {
  data?: string;
  ratio?: string;
  ratios?: string;
  datasets?: string;
  passagesOnly?: boolean;
  maxPassageTokens?: string;
  half?: string;
  embeddings?: string;
  compressor?: string;
  model?: string;
  threads: string;
  json?: boolean;
}

/** `lectern eval chapters|evidence`: model-free quality measurements on a data folder (see ../shared/data/SCHEMA.md). */
export function evalCommand(): Command {
  const command = new Command('eval').description(
    'measure chapter segmentation and evidence retention on evaluation data',
  );
  command
    .command('chapters')
    .description('Pk, WindowDiff, boundary F1 and title ROUGE-L against gold segmentations, with baselines')
    .option('--data <dir>', 'folder with segmentation/*.jsonl')
    .option('--datasets <names>', 'comma-separated dataset names (default: all)')
    .option('--embeddings <dir>', 'an ONNX sentence-embedding model folder: its cohesion joins the lexical signal')
    .option('--threads <n>', 'threads for the embedding model', '1')
    .option('--half <even|odd>', 'only the documents whose id hashes to an even or odd number')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        data?: string;
        datasets?: string;
        embeddings?: string;
        threads: string;
        half?: string;
        json?: boolean;
      }) => {
        let embeddings: EmbeddingModel | undefined;
        try {
          const half = parseHalf(options.half);
          if (options.embeddings)
            embeddings = await loadEmbeddingModel(options.embeddings, { threads: Number(options.threads) });
          const report = await evalChapters(requireData(options.data), {
            ...(options.datasets ? { datasets: options.datasets.split(',') } : {}),
            ...(embeddings ? { embeddings } : {}),
            ...(half ? { half } : {}),
          });
          if (options.json) return printJson(report);
          const f = (x: number | null) => (x === null ? '    -' : x.toFixed(3));
          console.log(`signals: ${report.signals.join(', ')}; documents: ${report.half}`);
          console.log(
            'dataset              docs     Pk     WD     F1  ratio  title  (even Pk / random Pk / first-words title)',
          );
          for (const d of report.datasets) {
            console.log(
              `${d.name.padEnd(20)} ${String(d.docs).padStart(4)}  ${f(d.pk)}  ${f(d.windowDiff)}  ${f(d.boundaryF1)}  ${d.segmentsRatio.toFixed(2)}  ${f(d.titleRougeL)}  (${f(d.baselines.even.pk)} / ${f(d.baselines.random.pk)} / ${f(d.baselines.firstWordsTitleRougeL)})`,
            );
          }
        } catch (error) {
          printError(error, options.json === true);
          process.exitCode = 1;
        } finally {
          await embeddings?.dispose();
        }
      },
    );
  command
    .command('evidence')
    .description('share of gold evidence kept in the context the planner gives `ask` at doc tokens / r, with baselines')
    .option('--data <dir>', 'folder with qa/*.docs.jsonl and qa/*.questions.jsonl')
    .option('--ratio <r>', 'one slider ratio r (default 4)')
    .option('--ratios <list>', 'comma-separated slider ratios, e.g. 2,4,8,16')
    .option('--datasets <names>', 'comma-separated dataset names (default: all with evidence)')
    .option('--passages-only', 'the plan before the overview state is built (passages only)')
    .option('--max-passage-tokens <n>', "a machine's per-question passage cap (default: none)")
    .option('--half <even|odd>', 'only the questions whose id hashes to an even or odd number')
    .option('--embeddings <dir>', 'an ONNX sentence-embedding model folder: hybrid retrieval (BM25 + vectors, RRF)')
    .option('--compressor <dir>', 'an ONNX LLMLingua-2 model folder: its keep probabilities score the tokens')
    .option(
      '--model <path>',
      'a GGUF chat model: its self-information scores the tokens (slow: it reads every document)',
    )
    .option('--threads <n>', 'threads for the ONNX models', '1')
    .option('--json', 'print JSON')
    .action(async (options: EvidenceFlags) => {
      let embeddings: EmbeddingModel | undefined;
      let compressor: TokenCompressor | undefined;
      let engine: Engine | undefined;
      try {
        const ratios = (options.ratios ?? options.ratio ?? '4').split(',').map(Number);
        if (ratios.some((r) => !Number.isFinite(r) || r < 1))
          throw new LecternError(
            'INVALID_ARGUMENT',
            `ratios must be at least 1, got ${options.ratios ?? options.ratio}.`,
          );
        const cap = options.maxPassageTokens === undefined ? undefined : Number(options.maxPassageTokens);
        if (cap !== undefined && !(cap > 0))
          throw new LecternError(
            'INVALID_ARGUMENT',
            `--max-passage-tokens must be positive, got ${options.maxPassageTokens}.`,
          );
        if (options.half !== undefined && options.half !== 'even' && options.half !== 'odd')
          throw new LecternError('INVALID_ARGUMENT', `--half must be even or odd, got ${options.half}.`);
        if (options.compressor && options.model)
          throw new LecternError(
            'INVALID_ARGUMENT',
            'Give --compressor or --model, not both: one signal scores tokens.',
          );
        const threads = { threads: Number(options.threads) };
        if (options.embeddings) embeddings = await loadEmbeddingModel(options.embeddings, threads);
        let tokenScorer: TokenScorerHook | undefined;
        if (options.compressor) {
          const loaded = (compressor = await loadTokenCompressor(options.compressor, threads));
          tokenScorer = {
            kind: 'llmlingua2',
            id: loaded.id,
            prepare: (texts) => prepareSegmentCompressor(loaded, texts),
          };
        }
        if (options.model) {
          engine = new Engine({ threads: Number(options.threads), gpu: 'auto' });
          const modelPath = path.resolve(options.model);
          await engine.models.load(modelPath, { threads: Number(options.threads), contextSize: 2048 });
          const current = engine.models.current;
          if (!current) throw new LecternError('NO_MODEL_LOADED', `${modelPath} did not load.`);
          const sequence = current.context.getSequence();
          tokenScorer = {
            kind: 'model',
            id: path.basename(modelPath),
            prepare: (texts) => prepareModelCompressor(sequence, texts),
          };
        }
        const report = await evalEvidence(requireData(options.data), {
          ratios,
          ...(options.datasets ? { datasets: options.datasets.split(',') } : {}),
          ...(options.passagesOnly ? { stateReady: false } : {}),
          ...(cap === undefined ? {} : { maxPassageTokens: cap }),
          ...(options.half ? { half: options.half } : {}),
          ...(embeddings ? { embeddings } : {}),
          ...(tokenScorer ? { tokenScorer } : {}),
        });
        if (options.json) return printJson(report);
        console.log(`retrieval: ${report.signals.retrieval}, token scores: ${report.signals.tokenScores}`);
        console.log('  r  dataset           questions  recall  truncate     rag  random  overview  passages');
        for (const { ratio, datasets } of report.ratios) {
          for (const d of datasets) {
            const b = d.baselines;
            console.log(
              `${String(ratio).padStart(3)}  ${d.name.padEnd(18)} ${String(d.questions).padStart(8)}  ${d.recall.toFixed(3)}  ${b.truncate.toFixed(3).padStart(8)}  ${b.rag.toFixed(3).padStart(6)}  ${b.random.toFixed(3).padStart(6)}  ${String(d.split.overviewTokens).padStart(8)}  ${String(d.split.passageTokens).padStart(8)}`,
            );
          }
        }
      } catch (error) {
        printError(error, options.json === true);
        process.exitCode = 1;
      } finally {
        await embeddings?.dispose();
        await compressor?.dispose();
        await engine?.dispose();
      }
    });
  return command;
}
