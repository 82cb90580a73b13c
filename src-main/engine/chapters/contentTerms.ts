import { stem } from './stem';
import { STOP_WORDS } from './stopWords';

/** Words as written (letters, inner apostrophes and hyphens), in order. */
export function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z\u00C0-\u024F]+(?:['’-][A-Za-z\u00C0-\u024F]+)*/g) ?? [];
}

/**
 * Stemmed content words of a text: lower-cased, contractions cut at the apostrophe, stop words and fillers dropped.
 * Numbers are dropped too: in the evaluation data and in transcripts they are mostly times and counts, which repeat
 * across unrelated passages and blur topic shifts.
 */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of wordsOf(text)) {
    for (const part of raw.toLowerCase().split('-')) {
      const word = part.replace(/['’].*$/, '');
      if (word.length < 2 || STOP_WORDS.has(word)) continue;
      const s = stem(word);
      if (s.length < 2 || STOP_WORDS.has(s)) continue;
      out.push(s);
    }
  }
  return out;
}
