import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { BuildCheckpoints } from '../compression/BuildCheckpoints';
import type { CompressedStateCache } from '../compression/CompressedStateCache';
import type { PrepareCompressedStateInput } from '../compression/prepareCompressedState';
import type { DocumentIndex } from '../index/documentIndex';
import type { StageContext } from '../jobs/JobRunner';
import { compressorSalience } from '../onnx/compressorSalience';
import type { TokenCompressor } from '../onnx/loadTokenCompressor';
import { segmentTokensOf } from './segmentTokensOf';

export interface CompressedStateInputArgs {
  model: LlamaModel;
  index: DocumentIndex;
  /** The overview state's ratio (the planner's `overview.ratio`, not the slider's). */
  ratio: number;
  sequence: LlamaContextSequence;
  prefix: Token[];
  cache: CompressedStateCache;
  checkpoints: BuildCheckpoints;
  modelHash: string;
  /** The loaded LLMLingua-2 compressor, if any: its scores join self-information when the state is built. */
  compressor: TokenCompressor | undefined;
}

/** What building (or finding) the document's compressed state at `ratio` takes, keyed by every field that matters. */
export function compressedStateInput(args: CompressedStateInputArgs): PrepareCompressedStateInput {
  const { model, index, compressor } = args;
  const segments = segmentTokensOf(model, index);
  return {
    sequence: args.sequence,
    segments,
    ratio: args.ratio,
    prefix: args.prefix,
    cache: args.cache,
    checkpoints: args.checkpoints,
    modelHash: args.modelHash,
    documentHash: index.doc.id,
    ...(compressor
      ? {
          salienceSource: `llmlingua2:${compressor.id}`,
          beforeBuild: (ctx: StageContext) =>
            compressorSalience(
              model,
              compressor,
              index.segments.map((s) => `${index.doc.text.slice(s.start, s.end)}\n`),
              segments,
              ctx,
            ),
        }
      : {}),
  };
}
