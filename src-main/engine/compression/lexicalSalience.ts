const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/**
 * Splits text into pieces that concatenate back to it exactly: a word or a punctuation mark with the whitespace
 * before it, and trailing whitespace on its own. A model-free stand-in for model tokens (one piece per word is about
 * one model token per word for English), so text-level compression and the evidence evaluation need no model.
 */
export function splitTextPieces(text: string): string[] {
  return text.match(/\s*(?:[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[^\s\p{L}\p{N}])|\s+/gu) ?? [];
}

/**
 * Model-free salience per piece (token) of each segment, from a document-frequency prior: the score of a piece is
 * that of the rarest word it overlaps, where a word's score is its inverse segment frequency ln((N + 1) / df) plus
 * its unigram surprisal within the whole document -ln(count / words). Rare, specific words (names, terms, numbers)
 * score high; function words and repeated boilerplate score low; pieces with no word (spaces, punctuation) score 0.
 * The surprisal term keeps the prior meaningful for a one-segment document, where every df is 1.
 */
export function lexicalSalience(segments: readonly (readonly string[])[]): number[][] {
  const wordsPerSegment = segments.map((pieces) => piecesWords(pieces));
  const segmentFrequency = new Map<string, number>();
  const count = new Map<string, number>();
  let totalWords = 0;
  for (const { words } of wordsPerSegment) {
    for (const word of words) {
      count.set(word, (count.get(word) ?? 0) + 1);
      totalWords++;
    }
    for (const word of new Set(words)) segmentFrequency.set(word, (segmentFrequency.get(word) ?? 0) + 1);
  }
  const n = segments.length;
  const score = (word: string) =>
    Math.log((n + 1) / (segmentFrequency.get(word) ?? 1)) + Math.log(totalWords / (count.get(word) ?? 1));
  return wordsPerSegment.map(({ perPiece }) =>
    perPiece.map((words) => words.reduce((best, word) => Math.max(best, score(word)), 0)),
  );
}

/**
 * Pieces that should never be dropped: numbers (figures, dates, section numbers) and capitalized words that do not
 * start a sentence (names, titles). Citations and quote checks depend on exactly these.
 */
export function detectProtectedPieces(pieces: readonly string[]): boolean[] {
  let sentenceStart = true;
  return pieces.map((piece) => {
    const trimmed = piece.trim();
    const isProtected = /\p{N}/u.test(trimmed) || (!sentenceStart && /^\p{Lu}/u.test(trimmed));
    if (trimmed.length > 0) sentenceStart = /[.!?:]$/.test(trimmed) || /\n\s*$/.test(piece);
    return isProtected;
  });
}

/**
 * The lower-cased words of the segment, and for each piece the words it overlaps (a word split over several pieces
 * belongs to all of them, but is counted once).
 */
function piecesWords(pieces: readonly string[]): { words: string[]; perPiece: string[][] } {
  const text = pieces.join('');
  const starts: number[] = [];
  let offset = 0;
  for (const piece of pieces) {
    starts.push(offset);
    offset += piece.length;
  }
  const result: string[][] = pieces.map(() => []);
  const words: string[] = [];
  let pieceIndex = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const word = match[0].toLowerCase();
    words.push(word);
    while (pieceIndex + 1 < pieces.length && (starts[pieceIndex + 1] ?? Infinity) <= start) pieceIndex++;
    for (let i = pieceIndex; i < pieces.length && (starts[i] ?? Infinity) < end; i++) result[i]?.push(word);
  }
  return { words, perPiece: result };
}
