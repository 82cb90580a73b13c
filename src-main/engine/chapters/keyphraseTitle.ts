import { runSync, type Steps } from '../ingest/cooperative';
import { isTitleWordLength, wordsOf } from './contentTerms';
import { stem } from './stem';
import { STOP_WORDS } from './stopWords';

/**
 * Model-free chapter titles from key phrases. Candidates are phrase-like word runs inside one clause that start and
 * end with a content word (so no "of the" soup); they are scored by the TF-IDF of their words in this chapter against
 * the other chapters of the document, favouring phrases that recur. A short phrase is joined with the next best one
 * ("Battery Life and Remote Buttons") so every title has 3 to 8 words.
 */

/** Function words allowed inside a phrase, never at its ends: "role of art in society", "rules and regulations". */
const CONNECTORS = new Set(['of', 'and', 'for', 'in', 'on', 'the', 'to', 'with', 'a', 'an', 'at', 'by', 'from']);
const LOWER_IN_TITLES = new Set([...CONNECTORS, 'or', 'as', 'vs']);
const MAX_PHRASE_WORDS = 5;
const MIN_TITLE_WORDS = 3;
const MAX_TITLE_WORDS = 8;

interface Candidate {
  /** Stems of the phrase joined by spaces: the phrase's identity. */
  key: string;
  /** Content stems, for overlap tests. */
  stems: string[];
  words: string[];
  score: number;
}

interface Token {
  readonly surface: string;
  readonly lower: string;
  readonly stem: string;
  readonly content: boolean;
}

/**
 * Tokens by written form, remembered across segments and documents (a token depends on its form alone): long
 * chapters repeat the same words thousands of times, so each is lower-cased and stemmed once. Cleared when full, so
 * memory stays bounded.
 */
const tokenOfWord = new Map<string, Token>();
const MAX_REMEMBERED_WORDS = 100_000;

function tokenOf(surface: string): Token {
  const known = tokenOfWord.get(surface);
  if (known) return known;
  const lower = surface.toLowerCase().replace(/['’].*$/, '');
  const content = isTitleWordLength(lower) && !STOP_WORDS.has(lower) && !STOP_WORDS.has(surface.toLowerCase());
  const token = { surface, lower, stem: content ? stem(lower) : lower, content };
  if (tokenOfWord.size >= MAX_REMEMBERED_WORDS) tokenOfWord.clear();
  tokenOfWord.set(surface, token);
  return token;
}

function tokenizeClauses(text: string): Token[][] {
  const clauses = text.split(/[.,;:!?()[\]{}"“”…\n\u2013\u2014]+|\s-\s/);
  return clauses.map((clause) => wordsOf(clause).map(tokenOf));
}

function isPlausibleWord(t: Token): boolean {
  return t.content || CONNECTORS.has(t.lower);
}

/** Each stem's weight in a segment: (1 + log tf) x idf over the document's segments. */
function termWeights(segmentStems: Map<string, number>, df: Map<string, number>, segmentCount: number) {
  const weights = new Map<string, number>();
  for (const [s, tf] of segmentStems) {
    const idf = Math.log(1 + segmentCount / (df.get(s) ?? 1));
    weights.set(s, (1 + Math.log(tf)) * idf);
  }
  return weights;
}

function stemCounts(clauses: Token[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const clause of clauses)
    for (const t of clause) if (t.content) counts.set(t.stem, (counts.get(t.stem) ?? 0) + 1);
  return counts;
}

function candidatesOf(clauses: Token[][], weights: Map<string, number>): Candidate[] {
  const byKey = new Map<string, { stems: string[]; forms: Map<string, number>; count: number }>();
  for (const clause of clauses) {
    for (let i = 0; i < clause.length; i++) {
      const first = clause[i];
      if (first === undefined || !first.content) continue;
      // Key and form grow a word at a time rather than being sliced and joined again for every length.
      let key = '';
      let form = '';
      for (let len = 1; len <= MAX_PHRASE_WORDS && i + len <= clause.length; len++) {
        const last = clause[i + len - 1];
        if (last === undefined || !isPlausibleWord(last)) break;
        key = len === 1 ? last.stem : `${key} ${last.stem}`;
        form = len === 1 ? last.surface : `${form} ${last.surface}`;
        if (!last.content) continue;
        let entry = byKey.get(key);
        if (!entry) {
          const stems = clause
            .slice(i, i + len)
            .filter((t) => t.content)
            .map((t) => t.stem);
          entry = { stems, forms: new Map<string, number>(), count: 0 };
          byKey.set(key, entry);
        }
        entry.count++;
        entry.forms.set(form, (entry.forms.get(form) ?? 0) + 1);
      }
    }
  }
  const out: Candidate[] = [];
  for (const [key, entry] of byKey) {
    const unique = [...new Set(entry.stems)];
    if (unique.length !== entry.stems.length) continue; // "design design", stutters
    const wordSum = unique.reduce((sum, s) => sum + (weights.get(s) ?? 0), 0);
    // A multi-word phrase must recur to be trusted as a phrase; once, it is only as good as its best word.
    const phraseFactor = entry.stems.length === 1 ? 1 : entry.count > 1 ? 1 + Math.log(entry.count) : 0.6;
    let bestForm = '';
    let bestCount = -1;
    for (const [form, c] of entry.forms) {
      if (c > bestCount) {
        bestForm = form;
        bestCount = c;
      }
    }
    out.push({
      key,
      stems: unique,
      words: bestForm.split(' '),
      score: (wordSum / Math.sqrt(unique.length)) * phraseFactor,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}

function titleCase(words: readonly string[]): string {
  return words
    .map((w, i) => {
      const lower = w.toLowerCase();
      if (i > 0 && LOWER_IN_TITLES.has(lower)) return lower;
      // Keep acronyms and mixed case ("LCD", "iPhone") as written.
      if (w !== lower && w !== w[0] + w.slice(1).toLowerCase()) return w;
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join(' ');
}

/** The opening words of the segment's first substantial clause, trimmed of stop words at both ends. */
function fallbackTitle(clauses: Token[][], ordinal: number): string {
  for (const clause of clauses) {
    const content = clause.filter((t) => t.content).length;
    if (content < 2) continue;
    const words = clause.slice(0, MAX_TITLE_WORDS);
    while (words.length > 0 && !words[0]?.content) words.shift();
    while (words.length > 0 && !words[words.length - 1]?.content) words.pop();
    if (words.length >= MIN_TITLE_WORDS) return titleCase(words.map((t) => t.surface));
  }
  return `Untitled Chapter ${ordinal}`;
}

function overlaps(a: Candidate, b: Candidate): boolean {
  return a.stems.some((s) => b.stems.includes(s));
}

/** Titles built from a segment's ranked candidates, best first: a long phrase alone, or two joined by "and". */
function* titleOptions(candidates: readonly Candidate[]): Generator<string> {
  const top = candidates.slice(0, 12);
  for (const first of top) {
    if (first.words.length >= MIN_TITLE_WORDS) {
      yield titleCase(first.words);
      continue;
    }
    for (const second of top) {
      if (second === first || overlaps(first, second)) continue;
      const words = [...first.words, 'and', ...second.words];
      if (words.length >= MIN_TITLE_WORDS && words.length <= MAX_TITLE_WORDS) yield titleCase(words);
    }
  }
}

/**
 * One title per segment (each given as its text), unique within the document where the candidates allow it.
 * Uses the other segments as the IDF background, so a chapter is named for what sets it apart.
 */
export function keyphraseTitles(segmentTexts: readonly string[]): string[] {
  return runSync(keyphraseTitlesSteps(segmentTexts));
}

/** `keyphraseTitles` as steps that yield after each segment is read and after each is titled (see `cooperative.ts`). */
export function* keyphraseTitlesSteps(segmentTexts: readonly string[]): Steps<string[]> {
  const clausesPerSegment: Token[][][] = [];
  const countsPerSegment: Map<string, number>[] = [];
  for (const text of segmentTexts) {
    const clauses = tokenizeClauses(text);
    clausesPerSegment.push(clauses);
    countsPerSegment.push(stemCounts(clauses));
    yield;
  }
  const df = new Map<string, number>();
  for (const counts of countsPerSegment) for (const s of counts.keys()) df.set(s, (df.get(s) ?? 0) + 1);
  const used = new Set<string>();
  const titles: string[] = [];
  for (const [i, clauses] of clausesPerSegment.entries()) {
    const weights = termWeights(countsPerSegment[i] ?? new Map<string, number>(), df, segmentTexts.length);
    const candidates = candidatesOf(clauses, weights);
    let chosen: string | undefined;
    for (const option of titleOptions(candidates)) {
      if (!used.has(option.toLowerCase())) {
        chosen = option;
        break;
      }
    }
    chosen ??= fallbackTitle(clauses, i + 1);
    used.add(chosen.toLowerCase());
    titles.push(chosen);
    yield;
  }
  return titles;
}

/** A title for one segment; pass the document's other segments as `context` for a better IDF background. */
export function keyphraseTitle(segmentText: string, context: readonly string[] = []): string {
  return keyphraseTitles([segmentText, ...context])[0] ?? 'Untitled Chapter 1';
}
