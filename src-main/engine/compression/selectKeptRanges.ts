import { LecternError } from '../../../src-shared/errors';
import {
  DEFAULT_CHUNK_SIZE,
  DEFAULT_SALIENCE_WEIGHT,
  MAX_RATIO,
  MIN_RATIO,
  type EvictionOptions,
  type TokenRange,
} from './types';

export interface SelectKeptRangesInput extends EvictionOptions {
  length: number;
  /** Self-information per token; `NaN` where a token was not scored (the first token, strided scoring). */
  selfInformation?: ArrayLike<number>;
  salience?: ArrayLike<number>;
  protectedMask?: ArrayLike<boolean>;
}

export function assertRatio(ratio: number): void {
  if (!Number.isFinite(ratio) || ratio < MIN_RATIO || ratio > MAX_RATIO) {
    throw new LecternError(
      'INVALID_ARGUMENT',
      `Compression ratio must be in [${MIN_RATIO}, ${MAX_RATIO}], got ${ratio}.`,
    );
  }
}

/**
 * Chooses which tokens of one segment stay, as merged segment-relative ranges. Pure, so the same choice drives the
 * KV-level build and the text-level variant, and can be tested without a model.
 *
 * Tokens are grouped into chunks of at most `chunkSize` that never mix protected and unprotected tokens; protected
 * chunks always stay (so a segment dense in names and numbers may keep more than 1/r), the rest are ranked by the
 * mean of their tokens' combined score and kept best-first until about `ceil(length / r)` tokens stay.
 */
export function selectKeptRanges(input: SelectKeptRangesInput): TokenRange[] {
  assertRatio(input.ratio);
  const { length } = input;
  if (length === 0) return [];
  if (input.ratio === 1) return [{ start: 0, end: length }];
  const chunkSize = Math.max(1, Math.floor(input.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const scores = combineScores(input);
  const chunks = chunkTokens(length, chunkSize, input.protectedMask);
  const target = Math.ceil(length / input.ratio);

  let kept = 0;
  const keep = new Uint8Array(chunks.length);
  chunks.forEach((chunk, i) => {
    if (chunk.protected) {
      keep[i] = 1;
      kept += chunk.end - chunk.start;
    }
  });
  const ranked = chunks
    .map((chunk, index) => ({ index, score: meanScore(scores, chunk), size: chunk.end - chunk.start }))
    .filter(({ index }) => keep[index] === 0)
    // Ties go to the earlier chunk: deterministic, and early text tends to set up what follows.
    .sort((a, b) => b.score - a.score || a.index - b.index);
  for (const chunk of ranked) {
    if (kept >= target) break;
    // Stop rather than overshoot by more than half a chunk, so the kept share stays close to 1/r.
    if (kept + chunk.size - target > chunk.size / 2 && kept > 0) continue;
    keep[chunk.index] = 1;
    kept += chunk.size;
  }
  return mergeRanges(chunks.filter((_, i) => keep[i] === 1));
}

/** The complement of `kept` within `[0, length)`: what to erase. */
export function complementRanges(kept: readonly TokenRange[], length: number): TokenRange[] {
  const gaps: TokenRange[] = [];
  let cursor = 0;
  for (const range of kept) {
    if (range.start > cursor) gaps.push({ start: cursor, end: range.start });
    cursor = Math.max(cursor, range.end);
  }
  if (cursor < length) gaps.push({ start: cursor, end: length });
  return gaps;
}

export function rangesLength(ranges: readonly TokenRange[]): number {
  return ranges.reduce((sum, range) => sum + range.end - range.start, 0);
}

/**
 * z-normalizes each signal within the segment so that a weight means the same thing for any model or corpus, then
 * adds them. Unscored tokens (NaN) get the segment mean of that signal, i.e. they neither help nor hurt their chunk.
 */
function combineScores(input: SelectKeptRangesInput): Float64Array {
  const combined = new Float64Array(input.length);
  const add = (values: ArrayLike<number> | undefined, weight: number) => {
    if (!values || weight === 0) return;
    const normalized = zScores(values, input.length);
    for (let i = 0; i < input.length; i++) combined[i] = (combined[i] ?? 0) + weight * (normalized[i] ?? 0);
  };
  add(input.selfInformation, 1);
  add(input.salience, input.selfInformation ? (input.salienceWeight ?? DEFAULT_SALIENCE_WEIGHT) : 1);
  return combined;
}

function zScores(values: ArrayLike<number>, length: number): Float64Array {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value !== undefined && Number.isFinite(value)) {
      sum += value;
      count++;
    }
  }
  const out = new Float64Array(length);
  if (count === 0) return out;
  const mean = sum / count;
  let variance = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value !== undefined && Number.isFinite(value)) variance += (value - mean) ** 2;
  }
  const deviation = Math.sqrt(variance / count) || 1;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    out[i] = value !== undefined && Number.isFinite(value) ? (value - mean) / deviation : 0;
  }
  return out;
}

interface Chunk extends TokenRange {
  protected: boolean;
}

function chunkTokens(length: number, chunkSize: number, protectedMask: ArrayLike<boolean> | undefined): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  while (start < length) {
    const isProtected = protectedMask?.[start] === true;
    let end = start + 1;
    while (end < length && end - start < chunkSize && (protectedMask?.[end] === true) === isProtected) end++;
    chunks.push({ start, end, protected: isProtected });
    start = end;
  }
  return chunks;
}

function meanScore(scores: Float64Array, range: TokenRange): number {
  let sum = 0;
  for (let i = range.start; i < range.end; i++) sum += scores[i] ?? 0;
  return sum / (range.end - range.start);
}

function mergeRanges(ranges: readonly TokenRange[]): TokenRange[] {
  const merged: TokenRange[] = [];
  for (const { start, end } of ranges) {
    const last = merged.at(-1);
    if (last && last.end === start) last.end = end;
    else merged.push({ start, end });
  }
  return merged;
}
