import type { TokenPredictor } from 'node-llama-cpp';
import type { CompressedStateCacheOptions } from '../compression/CompressedStateCache';
import type { LoadedModel } from '../llm/ModelManager';
import type { TokenCompressor } from '../onnx/loadTokenCompressor';
import type { ChapterSummaries } from '../store/ChapterSummaries';

export interface LocalModelAskerOptions {
  loaded: LoadedModel;
  cacheDir: string;
  /** Options of the compressed-state cache in `cacheDir` (its size cap; the fault-injection seam of tests). */
  stateCache?: CompressedStateCacheOptions;
  /**
   * Most passage tokens per question, whatever the measured speed (tests, slow machines). Default: what the model
   * evaluates in `passageSeconds`, once its prompt speed is measured (see `passageCap`).
   */
  maxPassageTokens?: number;
  /** Seconds of prompt evaluation one question's passages may cost. Default `DEFAULT_PASSAGE_SECONDS`. */
  passageSeconds?: number;
  /** Most answer tokens. Default 512. */
  maxAnswerTokens?: number;
  /** Where chapter summaries are cached; without it a document that does not fit even compressed is refused. */
  summaries?: () => ChapterSummaries;
  /** Most tokens per chapter summary. Default 160, less when that many chapters would not fit the context. */
  summaryTokens?: number;
  /** The loaded LLMLingua-2 compressor, if any: its scores join self-information when the document is compressed. */
  compressor?: () => TokenCompressor | undefined;
  /**
   * Drafts tokens for decoding (speculative): a new predictor for each sequence, since a predictor follows one
   * sequence's input. Off by default: see `lectern bench ask --lookup` for where prompt-lookup drafting wins.
   */
  tokenPredictor?: () => TokenPredictor;
}
