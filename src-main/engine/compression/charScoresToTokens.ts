import type { TokenRange } from './types';

/** A score over a character range of a text: a word and its LLMLingua-2 keep probability. */
export interface WordScore extends TokenRange {
  /** Probability in [0, 1] that the word should stay. */
  keep: number;
}

/**
 * Moves word scores onto another tokenizer's tokens by character overlap: a token's score is the mean of the words
 * it overlaps, weighted by how many characters it shares with each. A token that overlaps no scored word (spaces,
 * line breaks) gets `NaN`, which eviction treats as "no opinion" (the segment mean). Both lists are in text order,
 * so one pass serves (O(words + tokens) for tokens that do not overlap each other).
 */
export function charScoresToTokens(
  wordScores: readonly WordScore[],
  tokenCharRanges: readonly TokenRange[],
): Float64Array {
  const out = new Float64Array(tokenCharRanges.length).fill(NaN);
  let first = 0;
  tokenCharRanges.forEach((token, t) => {
    while (first < wordScores.length && (wordScores[first]?.end ?? Infinity) <= token.start) first++;
    let weighted = 0;
    let overlap = 0;
    for (let w = first; w < wordScores.length; w++) {
      const word = wordScores[w];
      if (!word || word.start >= token.end) break;
      const shared = Math.min(word.end, token.end) - Math.max(word.start, token.start);
      if (shared > 0 && Number.isFinite(word.keep)) {
        weighted += shared * word.keep;
        overlap += shared;
      }
    }
    if (overlap > 0) out[t] = weighted / overlap;
  });
  return out;
}

/** Character ranges of consecutive text pieces (tokens' text) laid end to end from 0. */
export function piecesToRanges(pieces: readonly string[]): TokenRange[] {
  let offset = 0;
  return pieces.map((piece) => ({ start: offset, end: (offset += piece.length) }));
}
