import { stem } from './stem';
import { STOP_WORDS } from './stopWords';

/** Words as written (letters, inner apostrophes and hyphens), in order. */
export function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z\u00C0-\u024F]+(?:['’-][A-Za-z\u00C0-\u024F]+)*/g) ?? [];
}

/**
 * Each written word's terms, remembered: a long transcript says the same few thousand words over and over, and
 * lower-casing and stemming them once each made reading a 20,000-cue transcript's terms about 6 times faster.
 * Cleared when full, so one huge document cannot make it hold on to memory.
 */
const termsOfWord = new Map<string, readonly string[]>();
const MAX_REMEMBERED_WORDS = 100_000;

function termsOf(raw: string): readonly string[] {
  const known = termsOfWord.get(raw);
  if (known) return known;
  const terms: string[] = [];
  for (const part of raw.toLowerCase().split('-')) {
    const word = part.replace(/['’].*$/, '');
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    const s = stem(word);
    if (s.length < 2 || STOP_WORDS.has(s)) continue;
    terms.push(s);
  }
  if (termsOfWord.size >= MAX_REMEMBERED_WORDS) termsOfWord.clear();
  termsOfWord.set(raw, terms);
  return terms;
}

/**
 * Stemmed content words of a text: lower-cased, contractions cut at the apostrophe, stop words and fillers dropped.
 * Numbers are dropped too: in the evaluation data and in transcripts they are mostly times and counts, which repeat
 * across unrelated passages and blur topic shifts.
 */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of wordsOf(text)) for (const term of termsOf(raw)) out.push(term);
  return out;
}
