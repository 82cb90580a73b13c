import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Llama, LlamaContextSequence, Token } from 'node-llama-cpp';
import { LecternError } from '../../../src-shared/errors';
import { CompressedStateCache } from '../../engine/compression/CompressedStateCache';
import { hashModelFile } from '../../engine/compression/hashModelFile';
import { prepareCompressedState } from '../../engine/compression/prepareCompressedState';
import { PrefixReuse } from '../../engine/compression/PrefixReuse';
import { kvCacheTypeOf } from '../../engine/compression/stateKey';
import { syntheticDocumentTokens, syntheticQuestion } from '../synthetic/syntheticDocument';

export interface BenchTtftOptions {
  /** A GGUF path, or a function that provides one (the CLI passes the generated fixture model: test code is not shipped). */
  modelPath: string | (() => Promise<string>);
  /** Document lengths in tokens. */
  tokens: number[];
  ratios: number[];
  threads: number;
  /** Reuse a loaded runtime; else one is loaded (`gpu`, default CPU so figures compare across machines). */
  llama?: Llama;
  gpu?: 'auto' | false;
  /** Segment size of the build and of an expanded segment. Default 512. */
  segmentTokens?: number;
  /** Segments expanded at full resolution for the repeated question (fewer when the budget doc/r is smaller). Default 3. */
  expandSegments?: number;
  /** Tokens generated to measure decoding speed. Default 16. */
  decodeTokens?: number;
  /** Score every n-th token during the build. Default 1. */
  scoreStride?: number;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
}

export interface BenchTtftRow {
  tokens: number;
  ratio: number;
  /** Whole build: evaluation, scoring, eviction, save with checksum. */
  prepareMs: number;
  stateBytes: number;
  kvTokens: number;
  /** First question: load and verify the state from disk, evaluate the question, first token. */
  ttftFirstMs: number;
  /** Another question on the state in memory: erase the previous tail, evaluate expanded segments + question. */
  ttftRepeatMs: number;
  /** Plain full-context prefill of the whole document + question, first token (what pasting the document costs). */
  baselineTtftMs: number;
  decodeTokPerS: number;
  expandedTokens: number;
  /** Tokens evaluated for the repeated question (proves only the tail was evaluated). */
  repeatEvaluatedTokens: number;
}

export interface BenchTtftResult {
  model: { path: string; sizeBytes: number; threads: number; contextSize: number; kvCacheType: string; gpu: string };
  rows: BenchTtftRow[];
}

/**
 * Time to first token of a compressed document against the plain full-context prefill, for several lengths and
 * ratios, all in one run on one loaded model (so a loaded machine skews every figure alike: compare ratios).
 */
export async function benchTtft(options: BenchTtftOptions): Promise<BenchTtftResult> {
  const log = options.onLog ?? (() => undefined);
  const segmentTokens = options.segmentTokens ?? 512;
  const modelPath = typeof options.modelPath === 'string' ? options.modelPath : await options.modelPath();
  const llama = options.llama ?? (await loadLlama(options.gpu ?? false));
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-bench-'));
  const model = await llama.loadModel({ modelPath });
  try {
    const modelHash = await hashModelFile(modelPath);
    const question = (seed: number) => model.tokenize(`\n\nQuestion: ${syntheticQuestion(seed)}\nAnswer:`);
    const bos = model.tokens.bos;
    const longest = Math.max(...options.tokens);
    const contextSize = longest + question(1).length + (options.decodeTokens ?? 16) + 64;
    const context = await model.createContext({
      contextSize,
      threads: options.threads,
      flashAttention: true,
      batchSize: 512,
      sequences: 1,
    });
    const rows: BenchTtftRow[] = [];
    try {
      const sequence = context.getSequence();
      const cache = new CompressedStateCache(cacheDir);
      for (const length of options.tokens) {
        const doc = syntheticDocumentTokens((text) => model.tokenize(text), length, length);
        const segments: Token[][] = [];
        for (let i = 0; i < doc.length; i += segmentTokens) segments.push(doc.slice(i, i + segmentTokens));

        await sequence.clearHistory();
        const baselineStart = performance.now();
        await firstTokenAfter(sequence, [...(bos === null ? [] : [bos]), ...doc, ...question(1)]);
        const baselineTtftMs = performance.now() - baselineStart;
        log(`tokens=${length} baseline full prefill + question: ${baselineTtftMs.toFixed(0)} ms`);

        for (const ratio of options.ratios) {
          if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
          const documentHash = `bench-${length}`;
          const input = {
            sequence,
            segments: segments.map((tokens) => ({ tokens })),
            ratio,
            scoreStride: options.scoreStride,
            cache,
            modelHash,
            documentHash,
          };
          const buildStart = performance.now();
          const prepared = await prepareCompressedState(input, {
            signal: options.signal ?? new AbortController().signal,
            onProgress: () => undefined,
          });
          const prepareMs = performance.now() - buildStart;

          await sequence.clearHistory();
          const firstStart = performance.now();
          const loaded = await cache.load(sequence, prepared.key);
          if (!loaded.found)
            throw new LecternError('INTERNAL', `The state just saved did not load (${loaded.reason}).`);
          const reuse = new PrefixReuse(sequence);
          const first = await reuse.evaluateTail(question(1));
          const ttftFirstMs = performance.now() - firstStart;

          const decodeTokPerS = await decodeSpeed(sequence, first.firstToken, options.decodeTokens ?? 16);

          // Expansion stays within the budget doc/r: never more expanded tokens than the compressed document holds.
          const expandCount =
            ratio === 1
              ? 0
              : Math.min(options.expandSegments ?? 3, Math.max(1, Math.floor(length / ratio / segmentTokens)));
          const expanded = pickSpread(segments, expandCount).flat();
          const repeatStart = performance.now();
          const repeat = await reuse.evaluateTail([...expanded, ...question(2)]);
          const ttftRepeatMs = performance.now() - repeatStart;

          const row: BenchTtftRow = {
            tokens: length,
            ratio,
            prepareMs,
            stateBytes: prepared.sidecar.stateBytes,
            kvTokens: prepared.sidecar.kvTokens,
            ttftFirstMs,
            ttftRepeatMs,
            baselineTtftMs,
            decodeTokPerS,
            expandedTokens: expanded.length,
            repeatEvaluatedTokens: repeat.evaluatedTokens,
          };
          rows.push(row);
          log(
            `tokens=${length} r=${ratio} prepare=${prepareMs.toFixed(0)}ms state=${row.stateBytes}B kv=${row.kvTokens} ` +
              `ttftFirst=${ttftFirstMs.toFixed(0)}ms ttftRepeat=${ttftRepeatMs.toFixed(0)}ms (+${expanded.length} expanded) ` +
              `decode=${decodeTokPerS.toFixed(1)} tok/s`,
          );
          await cache.delete(prepared.key);
        }
      }
      return {
        model: {
          path: modelPath,
          sizeBytes: model.size,
          threads: options.threads,
          contextSize,
          kvCacheType: kvCacheTypeOf(context),
          gpu: String(llama.gpu),
        },
        rows,
      };
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
    if (!options.llama) await llama.dispose();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

async function loadLlama(gpu: 'auto' | false): Promise<Llama> {
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  return getLlama({ gpu, build: 'never', progressLogs: false, logLevel: LlamaLogLevel.error });
}

/** Evaluates `tokens` and samples the greedy next token: the time of this is a time to first token. */
async function firstTokenAfter(sequence: LlamaContextSequence, tokens: readonly Token[]): Promise<Token> {
  const input = tokens.map((token, i) =>
    i === tokens.length - 1
      ? ([token, { generateNext: { token: true, options: { temperature: 0 } } }] as const)
      : token,
  );
  const outputs = await sequence.controlledEvaluate(input as Parameters<LlamaContextSequence['controlledEvaluate']>[0]);
  const token = outputs[tokens.length - 1]?.next.token;
  if (token === undefined || token === null) throw new LecternError('INTERNAL', 'No token was generated.');
  return token;
}

async function decodeSpeed(sequence: LlamaContextSequence, firstToken: Token, count: number): Promise<number> {
  if (count <= 0) return 0;
  const start = performance.now();
  let generated = 0;
  for await (const _token of sequence.evaluate([firstToken], { temperature: 0 })) {
    generated++;
    if (generated >= count) break;
  }
  return (generated * 1000) / (performance.now() - start);
}

function pickSpread<T>(items: readonly T[], count: number): T[] {
  const picked: T[] = [];
  for (let i = 0; i < count; i++) {
    const item = items[Math.floor(((i + 1) * items.length) / (count + 1))];
    if (item !== undefined) picked.push(item);
  }
  return picked;
}
