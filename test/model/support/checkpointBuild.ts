import type { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { BuildCheckpoints } from '../../../src-main/engine/compression/BuildCheckpoints';
import { CompressedStateCache } from '../../../src-main/engine/compression/CompressedStateCache';
import type { PrepareCompressedStateInput } from '../../../src-main/engine/compression/prepareCompressedState';
import type { SegmentTokens } from '../../../src-main/engine/compression/types';
import { syntheticText } from '../../../src-main/measure/synthetic/syntheticDocument';

export const CHECKPOINT_SEGMENT = 64;
export const CHECKPOINT_SEGMENTS = 12;
export const CHECKPOINT_EVERY = 2;

/** The same build input in the test and in the child process it kills: 12 segments of 64 tokens at r = 4. */
export function checkpointBuildInput(
  model: LlamaModel,
  sequence: LlamaContextSequence,
  dir: string,
  yieldPoint?: () => Promise<void>,
): PrepareCompressedStateInput {
  const tokens = model.tokenize(syntheticText(1200, 7)).slice(0, CHECKPOINT_SEGMENT * CHECKPOINT_SEGMENTS);
  const segments: SegmentTokens[] = [];
  for (let i = 0; i < tokens.length; i += CHECKPOINT_SEGMENT)
    segments.push({ tokens: tokens.slice(i, i + CHECKPOINT_SEGMENT) });
  return {
    sequence,
    segments,
    ratio: 4,
    cache: new CompressedStateCache(dir),
    checkpoints: new BuildCheckpoints(dir),
    checkpointEvery: CHECKPOINT_EVERY,
    modelHash: 'fixture-model',
    documentHash: 'checkpoint-doc',
    ...(yieldPoint ? { yieldPoint } : {}),
  };
}
