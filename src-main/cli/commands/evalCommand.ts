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
  ratio: string;
  datasets?: string;
  compressedShare?: string;
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
    .description(
      'share of gold evidence kept in the context `ask` builds at a budget of doc tokens / R, with baselines',
    )
    .option('--data <dir>', 'folder with qa/*.docs.jsonl and qa/*.questions.jsonl')
    .option('--ratio <r>', 'compression ratio R', '4')
    .option('--datasets <names>', 'comma-separated dataset names (default: all with evidence)')
    .option('--compressed-share <s>', 'share of the budget for the compressed document, 0 for none (default 0.25)')
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
        const ratio = Number(options.ratio);
        if (!Number.isFinite(ratio) || ratio < 1)
          throw new LecternError('INVALID_ARGUMENT', `--ratio must be at least 1, got ${options.ratio}.`);
        const share = options.compressedShare === undefined ? undefined : Number(options.compressedShare);
        if (share !== undefined && !(share >= 0 && share < 1))
          throw new LecternError(
            'INVALID_ARGUMENT',
            `--compressed-share must be in [0, 1), got ${options.compressedShare}.`,
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
          ratio,
          ...(options.datasets ? { datasets: options.datasets.split(',') } : {}),
          ...(share === undefined ? {} : { compressedShare: share }),
          ...(options.half ? { half: options.half } : {}),
          ...(embeddings ? { embeddings } : {}),
          ...(tokenScorer ? { tokenScorer } : {}),
        });
        if (options.json) return printJson(report);
        console.log(
          `ratio ${report.ratio}, retrieval: ${report.signals.retrieval}, token scores: ${report.signals.tokenScores}`,
        );
        console.log('dataset              questions  recall  truncate     rag  random');
        for (const d of report.datasets) {
          const b = d.baselines;
          console.log(
            `${d.name.padEnd(20)} ${String(d.questions).padStart(9)}  ${d.recall.toFixed(3)}  ${b.truncate.toFixed(3).padStart(8)}  ${b.rag.toFixed(3).padStart(6)}  ${b.random.toFixed(3).padStart(6)}`,
          );
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
