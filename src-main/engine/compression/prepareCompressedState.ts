import { toErrorPayload, type ErrorPayload } from '../../../src-shared/errors';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import type { BuildCheckpoints } from './BuildCheckpoints';
import { buildCompressedState, type BuildCompressedStateInput } from './buildCompressedState';
import type { SegmentTokens } from './types';
import type { CompressedStateCache, CompressedStateSidecar } from './CompressedStateCache';
import { COMPRESSION_ALGORITHM_VERSION, hashBuildInput, kvCacheTypeOf, type CompressedStateKey } from './stateKey';

export interface PrepareCompressedStateInput extends BuildCompressedStateInput {
  cache: CompressedStateCache;
  /** `hashModelFile(modelPath)`, computed once per loaded model. */
  modelHash: string;
  documentHash: string;
  /**
   * Runs only when the state must be built (not found in the cache), before the build: where scores named by
   * `salienceSource` are computed, so a cached state costs nothing to find.
   */
  beforeBuild?: (ctx: StageContext) => Promise<readonly SegmentTokens[]>;
  /** Where partial builds are saved every `checkpointEvery` segments, and resumed from. Without it: no checkpoints. */
  checkpoints?: BuildCheckpoints;
  /** Segments between two checkpoints. Default: a tenth of the segments, at most 8 (each costs one state write). */
  checkpointEvery?: number;
  /** Awaited at every segment boundary after any checkpoint: where the build yields to questions and pauses. */
  yieldPoint?: () => Promise<void>;
}

export interface PreparedCompressedState {
  key: CompressedStateKey;
  sidecar: CompressedStateSidecar;
  /** False when the state came from the cache. */
  built: boolean;
  /** Segments taken from a checkpoint instead of being built (0 when built from the start or not built). */
  resumedSegments: number;
  /** Set when the state was built but could not be saved: it is in the sequence, for this session only. */
  saveFailed?: ErrorPayload;
}

export function compressedStateKeyFor(input: PrepareCompressedStateInput): CompressedStateKey {
  const bos = input.sequence.model.tokens.bos;
  const prefix = input.prefix ?? (bos === null ? [] : [bos]);
  const {
    sequence: _sequence,
    cache: _cache,
    modelHash,
    documentHash,
    beforeBuild: _beforeBuild,
    checkpoints: _checkpoints,
    yieldPoint: _yieldPoint,
    ...build
  } = input;
  return {
    modelHash,
    documentHash,
    ratio: input.ratio,
    kvCacheType: kvCacheTypeOf(input.sequence.context),
    algorithmVersion: COMPRESSION_ALGORITHM_VERSION,
    buildHash: hashBuildInput(build, prefix),
  };
}

/**
 * Leaves the document's compressed state in `input.sequence`: loaded from the cache when a verified entry exists,
 * else built segment by segment and saved. This is the whole of pipeline step 4 for one (model, document, r).
 */
export async function prepareCompressedState(
  input: PrepareCompressedStateInput,
  ctx: StageContext,
): Promise<PreparedCompressedState> {
  const key = compressedStateKeyFor(input);
  const cached = await input.cache.load(input.sequence, key);
  if (cached.found) return { key, sidecar: cached.sidecar, built: false, resumedSegments: 0 };
  const segments = input.beforeBuild ? await input.beforeBuild(ctx) : input.segments;
  const { checkpoints, yieldPoint } = input;
  // About ten checkpoints per build, at most 8 segments apart: a short build still leaves one before its half.
  const every = Math.max(1, input.checkpointEvery ?? Math.min(8, Math.ceil(segments.length / 10)));
  const checkpoint = checkpoints ? await checkpoints.load(input.sequence, key) : undefined;
  const resumeFrom = checkpoint?.found
    ? { segments: checkpoint.sidecar.segments, evaluatedTokens: checkpoint.sidecar.evaluatedTokens }
    : undefined;
  const layout = await buildCompressedState(
    {
      ...input,
      segments,
      ...(resumeFrom ? { resumeFrom } : {}),
      atBoundary: async (sofar) => {
        if (checkpoints && sofar.segments.length % every === 0) await checkpoints.save(input.sequence, key, sofar);
        await yieldPoint?.();
      },
    },
    ctx,
  );
  const resumedSegments = resumeFrom?.segments.length ?? 0;
  try {
    const sidecar = await input.cache.save(input.sequence, key, layout, ctx.signal);
    await checkpoints?.delete(key);
    return { key, sidecar, built: true, resumedSegments };
  } catch (error) {
    throwIfCancelled(ctx.signal);
    // The state is built and in the sequence: a failed save (a full disk, a read-only cache folder) costs the next
    // session a rebuild, not this answer.
    const cause = toErrorPayload(error);
    const sidecar: CompressedStateSidecar = {
      key,
      prefixLength: layout.prefix.length,
      segments: layout.segments.map(({ totalTokens, keptRanges }) => ({ totalTokens, keptRanges })),
      kvTokens: input.sequence.nextTokenIndex,
      stateBytes: 0,
      checksum: '',
      createdAt: new Date().toISOString(),
    };
    const what = cause.code === 'DISK_FULL' ? 'the disk is full' : cause.message;
    return {
      key,
      sidecar,
      built: true,
      resumedSegments,
      saveFailed: {
        code: 'CACHE_WRITE_FAILED',
        message: `The compressed document could not be saved (${what}), so it will be built again next time. Free some disk space or check that ${input.cache.dir} is writable.`,
      },
    };
  }
}
