/**
 * The word splitter of key-phrase titles: clauses of words in any script. Titles need more than the cohesion terms
 * (`contentTerms`): the written form of each word, whether a space goes before it, and words in scripts written
 * without spaces (Chinese, Japanese, Thai), which `Intl.Segmenter` cuts into dictionary words. Transcript markup
 * (`<disfmarker>`, `[laughter]`) is dropped first so it can never reach a title.
 */

/** Letters and digits with inner apostrophes and hyphens ("don't", "state-of-the-art"), in any script. */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
/** Scripts written without spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/u;
const MARKUP = /<[^>]{0,40}>|\[[^\]]{0,40}\]/g;
/** Clause ends: punctuation of Latin and CJK text, dashes, and a hyphen standing alone. */
const CLAUSE_BREAK = /[.,;:!?()[\]{}"“”«»…\n\u2013\u2014\u3001\u3002\uff0c\uff01\uff1f\uff1a\uff1b「」『』]+|\s-\s/;

let segmenter: Intl.Segmenter | undefined;

function unspacedWords(run: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  const out: string[] = [];
  for (const s of segmenter.segment(run)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/** The text's clauses, each a list of words as written, in order. */
export function titleClauses(text: string): string[][] {
  const clauses: string[][] = [];
  for (const clause of text.replace(MARKUP, ' ').split(CLAUSE_BREAK)) {
    const words: string[] = [];
    for (const match of clause.matchAll(WORD)) {
      const run = match[0];
      if (UNSPACED.test(run)) words.push(...unspacedWords(run));
      else words.push(run);
    }
    if (words.length > 0) clauses.push(words);
  }
  return clauses;
}

export function isUnspaced(word: string): boolean {
  return UNSPACED.test(word);
}

/** Words joined as written: a space between two words unless both belong to an unspaced script. */
export function joinWords(words: readonly string[]): string {
  let out = '';
  for (const [i, w] of words.entries()) {
    const prev = words[i - 1];
    out += i === 0 || (prev !== undefined && isUnspaced(prev) && isUnspaced(w)) ? w : ` ${w}`;
  }
  return out;
}
