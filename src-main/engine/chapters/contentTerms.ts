import { stem } from './stem';
import { STOP_WORDS } from './stopWords';

/**
 * Letters, combining marks and digits of every script, with inner apostrophes and hyphens ("don't", "state-of-the-art",
 * "p4242"). Marks belong to the word: Devanagari vowel signs and Arabic harakat are \p{M}, and cutting at them would
 * split every such word.
 */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
/** Scripts written without spaces between words: a run of them is one "word" to WORD and must be segmented. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/**
 * Scripts indexed as overlapping character bigrams (Lucene's CJKBigramFilter): a dictionary segmenter may cut a
 * question's "灯台" and the document's "灯台守" differently, and Korean glues particles to the word ("등대지기는"),
 * while bigrams of both still share most of their terms.
 */
const BIGRAM_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const BIGRAM_RUNS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]+/gu;
/** Only Latin-script words are stemmed: the stemmer is Porter's for English. */
const LATIN_WORD = /^[\p{Script=Latin}'’-]+$/u;
/** Scripts whose accents and vowel points a reader may or may not write ("ΦΑΡΟΣ" and "φάρος"): matched without them. */
const STRIP_MARKS = /[\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Hebrew}]/u;
const ONLY_DIGITS = /^\p{N}+$/u;

let segmenter: Intl.Segmenter | undefined;

/** Dictionary word segmentation (ICU) for a run of a script written without spaces. */
function segmentWords(run: string, out: string[]): void {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  for (const s of segmenter.segment(run)) if (s.isWordLike) out.push(s.segment);
}

/**
 * Words as written (letters and digits of any script, inner apostrophes and hyphens), in order. Chinese, Japanese,
 * Thai and the other scripts written without spaces are cut into dictionary words, so a title or a length in words
 * means the same thing in every language.
 */
export function wordsOf(text: string): string[] {
  const matches = text.match(WORD) ?? [];
  if (!UNSPACED.test(text)) return matches;
  const out: string[] = [];
  for (const m of matches) {
    if (UNSPACED.test(m)) segmentWords(m, out);
    else out.push(m);
  }
  return out;
}

/**
 * Whether a word is long enough to carry a title: three letters in alphabets ("of", "is" are not), any length in
 * Chinese, Japanese and Korean, where one or two characters make a word ("灯台", "海").
 */
export function isTitleWordLength(word: string): boolean {
  return word.length >= 3 || (word.length > 0 && BIGRAM_CHAR.test(word));
}

/**
 * Each written word's terms, remembered: a long transcript says the same few thousand words over and over, and
 * lower-casing and stemming them once each made reading a 20,000-cue transcript's terms about 6 times faster.
 * Cleared when full, so one huge document cannot make it hold on to memory.
 */
const termsOfWord = new Map<string, readonly string[]>();
const MAX_REMEMBERED_WORDS = 100_000;

/** The form a term is matched by: lower case; without accents in the scripts of STRIP_MARKS; one Greek sigma. */
export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  if (!STRIP_MARKS.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ς/g, 'σ')
    .normalize('NFC');
}

function termsOf(raw: string): readonly string[] {
  const known = termsOfWord.get(raw);
  if (known) return known;
  const terms: string[] = [];
  if (BIGRAM_CHAR.test(raw) || UNSPACED.test(raw)) {
    for (const run of raw.match(BIGRAM_RUNS) ?? []) {
      if (BIGRAM_CHAR.test(run)) pushBigrams(run.toLowerCase(), terms);
      else if (UNSPACED.test(run)) {
        const words: string[] = [];
        segmentWords(run, words);
        for (const w of words) terms.push(...plainTerms(w));
      } else terms.push(...plainTerms(run));
    }
  } else terms.push(...plainTerms(raw));
  if (termsOfWord.size >= MAX_REMEMBERED_WORDS) termsOfWord.clear();
  termsOfWord.set(raw, terms);
  return terms;
}

/** Overlapping pairs of characters (code points); a lone character is its own term. */
function pushBigrams(run: string, out: string[]): void {
  const chars = [...run];
  if (chars.length === 1) out.push(run);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
}

/** Terms of a word of a script with spaces: its hyphen parts, cut at the apostrophe, stemmed where Latin. */
function plainTerms(raw: string): string[] {
  const terms: string[] = [];
  for (const part of raw.split('-')) {
    const word = normalizeWord(part.replace(/['’].*$/u, ''));
    if (word.length < 2 || STOP_WORDS.has(word) || ONLY_DIGITS.test(word)) continue;
    const s = LATIN_WORD.test(word) ? stem(word) : word;
    if (s.length < 2 || STOP_WORDS.has(s)) continue;
    terms.push(s);
  }
  return terms;
}

/**
 * Content terms of a text, in every script: lower-cased, contractions cut at the apostrophe, stop words and fillers
 * dropped, Latin words stemmed, Chinese, Japanese and Korean as character bigrams. Numbers are dropped: in the
 * evaluation data and in transcripts they are mostly times and counts, which repeat across unrelated passages and blur
 * topic shifts (index terms add them back).
 */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.match(WORD) ?? []) for (const term of termsOf(raw)) out.push(term);
  return out;
}
