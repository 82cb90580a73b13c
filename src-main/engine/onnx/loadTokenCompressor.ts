import type { InferenceSession } from 'onnxruntime-node';
import { LecternError } from '../../../src-shared/errors';
import { type BatchLimits, encoderFeeds, planBatches } from './batchInputs';
import type { WordScore } from '../compression/charScoresToTokens';
import type { EmbedOptions, LoadOnnxModelOptions } from './loadEmbeddingModel';
import { loadOnnxTokenizer, type OnnxTokenizer } from './loadOnnxTokenizer';
import { createOnnxSession, declaredOutputShape, runSession } from './onnxRuntime';
import { onnxModelId } from './onnxModelId';
import { readOnnxFolder } from './readOnnxFolder';
import { splitWords } from './splitWords';

/** An LLMLingua-2 style token classifier: for each word of a text, the probability that it should stay. */
export interface TokenCompressor {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  /** Tokens per window, special tokens included; longer texts are scored window by window. */
  readonly maxLength: number;
  /** Every word of `text` that the tokenizer gives tokens to, in order, with its keep probability. */
  scoreWords(text: string, options?: EmbedOptions): Promise<WordScore[]>;
  /** `scoreWords` for many texts, batched across them. */
  scoreTexts(texts: readonly string[], options?: EmbedOptions): Promise<WordScore[][]>;
  dispose(): Promise<void>;
}

const LOGIT_OUTPUTS = ['logits'];

/**
 * Loads a token-classification ONNX model (LLMLingua-2: xlm-roberta-large or mBERT with a 2-label head, label 1 =
 * keep) from a folder, from disk only, and checks with one run that it gives logits [batch, sequence, 2].
 */
export async function loadTokenCompressor(dir: string, options: LoadOnnxModelOptions = {}): Promise<TokenCompressor> {
  const folder = await readOnnxFolder(dir);
  const tokenizer = await loadOnnxTokenizer(folder);
  const positions = folder.config.max_position_embeddings;
  const offset = /roberta/.test(folder.config.model_type ?? '') ? 2 : 0;
  // LLMLingua-2 scores 512-token windows, the length both published models were trained on.
  const maxLength = Math.min(folder.settings.maxLength ?? 512, positions !== undefined ? positions - offset : 512);
  const session = await createOnnxSession(
    folder.modelPath,
    options.threads !== undefined ? { threads: options.threads } : {},
  );
  try {
    const output = session.outputNames.find((n) => LOGIT_OUTPUTS.includes(n)) ?? session.outputNames[0];
    if (output === undefined) throw new LecternError('MODEL_INCOMPATIBLE', `${folder.modelPath} has no outputs.`);
    const declared = declaredOutputShape(session, output);
    if (declared && (declared.length !== 3 || (typeof declared[2] === 'number' && declared[2] !== 2)))
      throw notKeepLogits(folder.modelPath, output, declared);
    const scorer = new WordScorer(session, tokenizer, maxLength, folder.modelPath, output, options);
    await scorer.scoreTexts(['probe'], {});
    const id = await onnxModelId(folder.name, folder.modelPath, { maxLength });
    return {
      id,
      name: folder.name,
      dir: folder.dir,
      maxLength,
      scoreWords: async (text, scoreOptions) => (await scorer.scoreTexts([text], scoreOptions ?? {}))[0] ?? [],
      scoreTexts: (texts, scoreOptions) => scorer.scoreTexts(texts, scoreOptions ?? {}),
      dispose: () => session.release(),
    };
  } catch (error) {
    await session.release();
    throw error;
  }
}

function notKeepLogits(modelPath: string, output: string, shape: readonly (number | string)[]): LecternError {
  return new LecternError(
    'MODEL_INCOMPATIBLE',
    `${modelPath} outputs "${output}" shaped [${shape.join(', ')}]; an LLMLingua-2 compressor gives keep/drop logits [batch, sequence, 2].`,
  );
}

/** One window of consecutive words and the token ids of each. */
interface Window {
  text: number;
  words: { start: number; end: number; ids: number[] }[];
}

class WordScorer {
  /** Word tokenization is the slow part in JS, and documents repeat words: cache per distinct word. */
  private readonly wordIds = new Map<string, number[]>();

  constructor(
    private readonly session: InferenceSession,
    private readonly tokenizer: OnnxTokenizer,
    private readonly maxLength: number,
    private readonly modelPath: string,
    private readonly output: string,
    private readonly limits: BatchLimits,
  ) {}

  private idsOf(word: string): number[] {
    let ids = this.wordIds.get(word);
    if (!ids) {
      ids = this.tokenizer.encode(word);
      if (this.wordIds.size < 200_000) this.wordIds.set(word, ids);
    }
    return ids;
  }

  /**
   * Cuts each text into windows of whole words that fit the model (as LLMLingua-2 chunks its input), each word
   * tokenized on its own so every token belongs to exactly one word (tokenizers.js gives no offsets).
   */
  private windows(texts: readonly string[]): Window[] {
    const room = Math.max(1, this.maxLength - this.tokenizer.specialCount);
    const windows: Window[] = [];
    texts.forEach((text, t) => {
      let current: Window = { text: t, words: [] };
      let used = 0;
      for (const { start, end } of splitWords(text)) {
        const ids = this.idsOf(text.slice(start, end)).slice(0, room);
        if (ids.length === 0) continue;
        if (used + ids.length > room && current.words.length > 0) {
          windows.push(current);
          current = { text: t, words: [] };
          used = 0;
        }
        current.words.push({ start, end, ids });
        used += ids.length;
      }
      if (current.words.length > 0) windows.push(current);
    });
    return windows;
  }

  async scoreTexts(texts: readonly string[], options: EmbedOptions): Promise<WordScore[][]> {
    const windows = this.windows(texts);
    const rows = windows.map((w) =>
      this.tokenizer.wrap(
        w.words.flatMap((word) => word.ids),
        this.maxLength,
      ),
    );
    const scores: WordScore[][] = texts.map(() => []);
    const perWindow: WordScore[][] = new Array<WordScore[]>(windows.length);
    let done = 0;
    for (const batch of planBatches(
      rows.map((r) => r.length),
      this.limits,
    )) {
      if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Compression scoring cancelled.');
      const batchRows = batch.map((i) => rows[i] ?? []);
      const { feeds, sequence } = await encoderFeeds(this.session, batchRows, this.tokenizer.padId);
      const result = await runSession(this.session, feeds, this.modelPath);
      const tensor = result[this.output];
      const shape = tensor?.dims ?? [];
      if (!tensor || shape.length !== 3 || shape[2] !== 2 || shape[1] !== sequence || tensor.type !== 'float32')
        throw notKeepLogits(this.modelPath, this.output, shape);
      const logits = tensor.data as Float32Array;
      batch.forEach((windowIndex, b) => {
        const window = windows[windowIndex];
        if (!window) return;
        let position = b * sequence + this.tokenizer.prefixLength;
        perWindow[windowIndex] = window.words.map((word) => {
          // LLMLingua-2's default (`token_to_word="mean"`): a word's keep probability is the mean over its tokens.
          let sum = 0;
          for (let k = 0; k < word.ids.length; k++, position++) {
            const drop = logits[position * 2] ?? 0;
            const keep = logits[position * 2 + 1] ?? 0;
            sum += 1 / (1 + Math.exp(drop - keep));
          }
          return { start: word.start, end: word.end, keep: sum / word.ids.length };
        });
      });
      done += batch.length;
      options.onProgress?.(done, windows.length);
    }
    windows.forEach((window, i) => scores[window.text]?.push(...(perWindow[i] ?? [])));
    return scores;
  }
}
