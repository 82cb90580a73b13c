import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { LecternError } from '../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import { evaluateWithSelfInformation } from './scoreSelfInformation';
import { assertRatio, complementRanges, rangesLength, selectKeptRanges } from './selectKeptRanges';
import type { CompressedSegment, EvictionOptions, SegmentTokens, TokenScorer } from './types';

export interface BuildCompressedStateInput extends EvictionOptions {
  /** The sequence to fill; cleared first. Its context must hold the prefix, the kept tokens and one whole segment. */
  sequence: LlamaContextSequence;
  segments: readonly SegmentTokens[];
  /** Tokens that are never evicted (BOS, a short system header). Default: the model's BOS token, if it has one. */
  prefix?: readonly Token[];
  /** Default `self-information`; `salience` needs `salience` on the segments. */
  scorer?: TokenScorer;
  /** Score every n-th token only (see `evaluateWithSelfInformation`). Default 1. */
  scoreStride?: number;
  /**
   * Names where the segments' salience comes from when it is derived from their text alone (e.g.
   * `llmlingua2:<model id>`): the state key then hashes this name instead of the values, so the key is known before
   * the (costly) scores are computed, and a cached state is found without computing them.
   */
  salienceSource?: string;
  /**
   * Continue a build whose first segments are already in the sequence (a checkpoint was loaded into it): the
   * sequence is not cleared and the build starts at segment `resumeFrom.segments.length`.
   */
  resumeFrom?: { segments: readonly CompressedSegment[]; evaluatedTokens: number };
  /**
   * Runs after each segment but the last, with what the sequence holds so far: where checkpoints are saved and where
   * the build yields to a question or a pause (a segment boundary is the only point where the state is consistent).
   */
  atBoundary?: (layout: CompressedStateLayout) => Promise<void>;
}

/** Where everything sits in the built sequence. Enough to map KV positions back to document text. */
export interface CompressedStateLayout {
  /** The never-evicted prefix tokens at positions `[0, prefix.length)`. */
  prefix: Token[];
  segments: CompressedSegment[];
  /** Tokens in the KV cache after the build (prefix + kept tokens). */
  kvTokens: number;
  /** Document tokens evaluated by the build (each once: the build is linear in document length). */
  evaluatedTokens: number;
}

/**
 * Builds the compressed KV cache of a document segment by segment (ARCHITECTURE.md step 4): segment k is evaluated
 * after the already-compressed segments 0..k-1, scored from that same evaluation, and its lowest-scoring chunks are
 * erased until about 1/r of it remains. The working set never exceeds the kept tokens plus one segment, and every
 * document token is evaluated exactly once, so the cost grows linearly with length (as in CompLLM), unlike a plain
 * prefill whose attention cost grows quadratically.
 *
 * The kept tokens' keys and values were computed while the evicted tokens were still visible, so they carry part of
 * the evicted content ("soft" compression), which dropping text before evaluation does not.
 *
 * Leaves the state in the sequence; save it with `CompressedStateCache.save` (which applies the save-after-erase fix).
 */
export async function buildCompressedState(
  input: BuildCompressedStateInput,
  ctx: StageContext,
): Promise<CompressedStateLayout> {
  assertRatio(input.ratio);
  const { sequence } = input;
  const scorer = input.scorer ?? 'self-information';
  const bos = sequence.model.tokens.bos;
  const prefix = [...(input.prefix ?? (bos === null ? [] : [bos]))];
  // Position 0 must never be erased (llama.cpp then drops the whole cache), so the first segment's eviction needs at
  // least one token in front of it.
  if (prefix.length === 0 && input.ratio > 1) {
    throw new LecternError('INVALID_ARGUMENT', 'A compressed state needs a non-empty prefix (the model has no BOS).');
  }
  const longest = Math.max(0, ...input.segments.map((segment) => segment.tokens.length));
  const total = input.segments.length;

  throwIfCancelled(ctx.signal);
  const resumed = input.resumeFrom;
  if (!resumed) {
    if (sequence.nextTokenIndex > 0) await sequence.clearHistory();
    if (prefix.length > 0) await sequence.evaluateWithoutGeneratingNewTokens(prefix);
  }

  const segments: CompressedSegment[] = resumed ? [...resumed.segments] : [];
  let evaluatedTokens = resumed?.evaluatedTokens ?? 0;
  const first = segments.length;
  ctx.onProgress({ phase: 'compressing', done: first, total });
  for (const [index, segment] of input.segments.entries()) {
    if (index < first) continue;
    throwIfCancelled(ctx.signal);
    const base = sequence.nextTokenIndex;
    // A full context would make node-llama-cpp shift (erase) the document's start silently: fail loudly instead.
    if (base + segment.tokens.length >= sequence.contextSize) {
      throw new LecternError(
        'CONTEXT_TOO_SMALL',
        `The compressed document does not fit a ${sequence.contextSize}-token context.`,
        {
          needed: base + Math.max(longest, segment.tokens.length) + 1,
        },
      );
    }
    const tokens = segment.tokens as Token[];
    const evictionNeeded = input.ratio > 1 && tokens.length > 0;
    let selfInformation: Float64Array | undefined;
    if (evictionNeeded && scorer === 'self-information') {
      selfInformation = await evaluateWithSelfInformation(sequence, tokens, { stride: input.scoreStride ?? 1 });
    } else if (tokens.length > 0) {
      await sequence.evaluateWithoutGeneratingNewTokens(tokens);
    }
    evaluatedTokens += tokens.length;

    const keptRanges = selectKeptRanges({
      length: tokens.length,
      ratio: input.ratio,
      selfInformation,
      salience: segment.salience,
      protectedMask: segment.protectedMask,
      chunkSize: input.chunkSize,
      salienceWeight: input.salienceWeight,
    });
    const evicted = complementRanges(keptRanges, tokens.length);
    if (evicted.length > 0) {
      await sequence.eraseContextTokenRanges(
        evicted.map(({ start, end }) => ({ start: base + start, end: base + end })),
      );
    }
    segments.push({ totalTokens: tokens.length, keptTokens: rangesLength(keptRanges), keptRanges });
    ctx.onProgress({ phase: 'compressing', done: index + 1, total, message: `segment ${index + 1} of ${total}` });
    if (input.atBoundary && index + 1 < total) {
      await input.atBoundary({ prefix, segments: [...segments], kvTokens: sequence.nextTokenIndex, evaluatedTokens });
    }
  }
  throwIfCancelled(ctx.signal);
  return { prefix, segments, kvTokens: sequence.nextTokenIndex, evaluatedTokens };
}
