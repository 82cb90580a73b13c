import { runSync, type Steps } from '../ingest/cooperative';
import { contentTerms, wordsOf } from './contentTerms';
import { depthScoresSteps } from './depthScores';
import { embeddingDepthScoresSteps } from './embeddingDepthScores';
import { optimalSegmentationSteps } from './optimalSegmentation';

/** A unit to segment: a sentence, paragraph, subtitle cue or speaker turn; times in seconds when known. */
export interface SegUnit {
  text: string;
  speaker?: string;
  start?: number;
  end?: number;
}

export type Granularity = 'coarse' | 'normal' | 'fine';

export interface SegmentOptions {
  granularity?: Granularity;
  /** Preferred chapter length in words, [min, max]; used for untimed units. */
  targetWords?: [number, number];
  /** Preferred chapter length in seconds, [min, max]; used when the units carry times. */
  targetSeconds?: [number, number];
  /**
   * One sentence-embedding vector per unit, when an embedding model is loaded: their cohesion dips join the lexical
   * ones as boundary evidence.
   */
  unitVectors?: readonly Float32Array[];
}

/**
 * Default chapter lengths per kind of unit: the only thing the method adapts to a document. Prose split into
 * sentences gets section-sized chapters (a few paragraphs); timed transcripts get chapters of minutes (3 to 10, the
 * usual podcast/meeting chapter); untimed speaker turns get the word equivalent of that (about 1,500 to 4,000 words
 * at ~150 spoken words a minute, biased down a little because turn-only transcripts are often edited and denser).
 * The range is a soft prior, not a limit: strong lexical evidence still produces shorter or longer chapters.
 */
const DEFAULT_WORDS_PROSE: [number, number] = [80, 400];
const DEFAULT_WORDS_TURNS: [number, number] = [1000, 4000];
const DEFAULT_SECONDS: [number, number] = [180, 600];
const GRANULARITY_SCALE: Record<Granularity, number> = { coarse: 2, normal: 1, fine: 0.5 };

/**
 * The method's constants, chosen once on the development data (see evalChapters) and kept the same for every
 * document; only the unit kind (prose sentences vs speaker turns) switches theta and the length range.
 */
export interface SegmentParams {
  /**
   * Dirichlet concentration per term for prose and for speech. Small values reward any repeated word; speech repeats
   * words locally (back-channels, echoes of the last speaker) without changing topic, so it needs a flatter prior,
   * otherwise every burst of repetition becomes a chapter.
   */
  thetaProse: number;
  thetaTurns: number;
  /** Weight of the length prior: how hard chapters outside the target range are pushed back into it. */
  priorWeight: number;
  /** Log-space width (natural log) of the prior's shoulders outside [min, max]. */
  priorSigma: number;
  /** Terms found in fewer units than this carry no cohesion and only add noise. */
  minUnitDf: number;
  /** Log bonus per second of silence before a unit (capped), for timed transcripts. */
  pauseWeight: number;
  pauseCapSeconds: number;
  /** Log bonus when a turn opens with a discourse cue ("okay", "so", "now", "next", ...). */
  cueWeight: number;
  /**
   * Bonus per unit of TextTiling depth above `depthThreshold`, with windows of `windowTokens` content tokens. The
   * threshold is absolute (a cosine dip), so it fires only on abrupt vocabulary changes and lets those through the
   * length prior; ordinary dips (below 0.3 in over 90% of the non-boundary dips of every development set) add nothing.
   */
  depthWeight: number;
  depthThreshold: number;
  windowTokens: number;
  /**
   * The same for embedding cohesion (mean vectors of `embeddingWindowUnits` units each side). Not tuned: no real
   * embedding weights exist on the development machine, so these start from the lexical signal's values, with a
   * lower threshold because sentence-embedding cosines vary less than word-count cosines.
   */
  embeddingWeight: number;
  embeddingThreshold: number;
  embeddingWindowUnits: number;
}

export const DEFAULT_PARAMS: SegmentParams = {
  thetaProse: 1,
  thetaTurns: 3,
  priorWeight: 3,
  priorSigma: Math.log(2),
  minUnitDf: 2,
  pauseWeight: 0.5,
  pauseCapSeconds: 8,
  cueWeight: 1.5,
  depthWeight: 150,
  depthThreshold: 0.3,
  windowTokens: 80,
  embeddingWeight: 150,
  embeddingThreshold: 0.1,
  embeddingWindowUnits: 5,
};

/** Openers that announce a new topic in speech (Hirschberg and Litman 1993; LCSeg's cue features). */
const CUE_OPENERS = /^\s*(?:<[^>]*>\s*)?(okay|ok|alright|all right|right|so|now|next|anyway|well|let's|lets)\b/i;

/**
 * Model-free chapter boundaries for a sequence of units: indices of the units that start a chapter, beginning with 0.
 * Lexical cohesion (a Dirichlet-multinomial language model per chapter over stemmed content words, solved exactly by
 * dynamic programming), abrupt vocabulary changes (TextTiling depth), transcript cues (pauses, cue phrases) and a soft
 * length prior from the granularity. The number of chapters comes out of the optimisation.
 */
export function segmentUnits(units: readonly SegUnit[], options: SegmentOptions = {}): number[] {
  return runSync(segmentUnitsWithSteps(units, options, DEFAULT_PARAMS));
}

/**
 * `segmentUnits` as steps (see `cooperative.ts`): a long transcript takes seconds to tens of seconds, and the job
 * doing it must stay cancellable.
 */
export function segmentUnitsSteps(units: readonly SegUnit[], options: SegmentOptions = {}): Steps<number[]> {
  return segmentUnitsWithSteps(units, options, DEFAULT_PARAMS);
}

/** Per-unit text work (word matching, stemming) between two yields: units can be paragraphs of a few hundred words. */
const UNITS_PER_YIELD_MASK = 0xff;

export function* segmentUnitsWithSteps(
  units: readonly SegUnit[],
  options: SegmentOptions,
  params: SegmentParams,
): Steps<number[]> {
  const n = units.length;
  if (n <= 1) return n === 0 ? [] : [0];
  const timed = units.filter((u) => typeof u.start === 'number' && typeof u.end === 'number').length >= n * 0.9;
  const turns = timed || units.filter((u) => u.speaker !== undefined && u.speaker !== '').length >= n * 0.5;
  const scale = GRANULARITY_SCALE[options.granularity ?? 'normal'];

  const lengths: number[] = [];
  let target: [number, number];
  if (timed) {
    // Seconds from this unit's start to the next unit's start, so silences count toward chapter length.
    for (const [i, u] of units.entries()) {
      if ((i & UNITS_PER_YIELD_MASK) === 0) yield;
      const from = u.start ?? 0;
      const to = units[i + 1]?.start ?? u.end ?? from;
      lengths.push(Math.max(0, to - from));
    }
    target = options.targetSeconds ?? DEFAULT_SECONDS;
  } else {
    for (const [i, u] of units.entries()) {
      if ((i & UNITS_PER_YIELD_MASK) === 0) yield;
      lengths.push(wordsOf(u.text).length);
    }
    target = options.targetWords ?? (turns ? DEFAULT_WORDS_TURNS : DEFAULT_WORDS_PROSE);
  }
  const lo = Math.log(Math.max(1e-6, target[0] * scale));
  const hi = Math.log(Math.max(1e-6, target[0], target[1]) * scale);
  const lengthLogPrior = (length: number): number => {
    const x = Math.log(Math.max(length, 1e-3));
    const d = x < lo ? (lo - x) / params.priorSigma : x > hi ? (x - hi) / params.priorSigma : 0;
    return -params.priorWeight * d * d;
  };

  const { terms, vocabularySize } = yield* unitTerms(units, params.minUnitDf);
  const depth = params.depthWeight > 0 ? yield* depthScoresSteps(terms, vocabularySize, params.windowTokens) : [];
  const vectors = options.unitVectors?.length === n ? options.unitVectors : undefined;
  const embeddingDepth =
    vectors && params.embeddingWeight > 0 ? yield* embeddingDepthScoresSteps(vectors, params.embeddingWindowUnits) : [];
  const boundaryScore: number[] = [];
  for (const [i, u] of units.entries()) {
    if ((i & UNITS_PER_YIELD_MASK) === 0) yield;
    const prev = units[i - 1];
    if (prev === undefined) {
      boundaryScore.push(0);
      continue;
    }
    let score = params.depthWeight * Math.max(0, (depth[i] ?? 0) - params.depthThreshold);
    score += params.embeddingWeight * Math.max(0, (embeddingDepth[i] ?? 0) - params.embeddingThreshold);
    if (timed) {
      const gap = (u.start ?? 0) - (prev.end ?? prev.start ?? 0);
      score += params.pauseWeight * Math.min(Math.max(gap, 0), params.pauseCapSeconds);
    }
    if (turns && CUE_OPENERS.test(u.text)) score += params.cueWeight;
    boundaryScore.push(score);
  }

  return yield* optimalSegmentationSteps({
    terms,
    vocabularySize,
    lengths,
    boundaryScore,
    lengthLogPrior,
    theta: turns ? params.thetaTurns : params.thetaProse,
    lexicalWeight: 1,
    maxSegmentLength: Math.exp(hi) * 4,
  });
}

/**
 * Each unit's distinct content-term ids. A term counts once per unit: repeating a word inside one sentence or turn
 * says little about cohesion between units, and counting it inflates the score of short segments.
 */
function* unitTerms(
  units: readonly SegUnit[],
  minUnitDf: number,
): Steps<{ terms: number[][]; vocabularySize: number }> {
  const raw: string[][] = [];
  for (const [i, u] of units.entries()) {
    if ((i & UNITS_PER_YIELD_MASK) === 0) yield;
    raw.push([...new Set(contentTerms(u.text))]);
  }
  const df = new Map<string, number>();
  for (const [i, ts] of raw.entries()) {
    if ((i & UNITS_PER_YIELD_MASK) === 0) yield;
    for (const t of ts) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const ids = new Map<string, number>();
  const terms: number[][] = [];
  for (const [i, ts] of raw.entries()) {
    if ((i & UNITS_PER_YIELD_MASK) === 0) yield;
    terms.push(
      ts
        .filter((t) => (df.get(t) ?? 0) >= minUnitDf)
        .map((t) => {
          let id = ids.get(t);
          if (id === undefined) {
            id = ids.size;
            ids.set(t, id);
          }
          return id;
        }),
    );
  }
  return { terms, vocabularySize: Math.max(ids.size, 1) };
}
