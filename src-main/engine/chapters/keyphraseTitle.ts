import { runSync, type Steps } from '../ingest/cooperative';
import { nounPhraseVerdicts } from './nounPhrases';
import { stem } from './stem';
import { STOP_WORDS } from './stopWords';
import { isUnspaced, joinWords, titleClauses } from './titleWords';

/**
 * Model-free chapter titles: the chapter's most salient noun phrase, 2 to 6 words as they stand in the text.
 * Candidates are contiguous word runs inside one clause that start and end with a content word; they are scored by
 * the TF-IDF of their words in this chapter against the other chapters (favouring phrases that recur), and the best
 * that compromise's tagger reads as a noun phrase becomes the title. Two keywords are never joined into one title:
 * "Sea Shell and Able to Incorporate" is what that produced, and nobody writes titles like that.
 */

export interface TitleOptions {
  /** Spoken text (a meeting, a podcast): person names are not titles there; what was discussed is. */
  spoken?: boolean;
}

/** Function words allowed inside a phrase, never at its ends: "role of art in society", "value for the user". */
const CONNECTORS = new Set(['of', 'for', 'in', 'on', 'with', 'the', 'a', 'an']);
const MIN_TITLE_WORDS = 2;
const MAX_TITLE_WORDS = 6;
/** Candidates tagged per chapter: the tagger is the slow part, and the title is nearly always among the first few. */
const TAGGED_PER_CHAPTER = 24;

/**
 * Scoring constants, chosen on the even half of the development data (title ROUGE-L). The square root of IDF: chapter
 * titles name what a chapter is mostly about, and a full IDF favoured words said once in it ("Running budget" for a
 * chapter on user models); a phrase said once counts 0.6 of its words' weight; length is divided by its square root.
 */
const TP = { idfPow: 0.5, lenPow: 0.5, once: 0.6, early: 1, earlyShare: 0.2 };
interface Candidate {
  /** Stems of the phrase joined by spaces: the phrase's identity. */
  key: string;
  stems: string[];
  /** Words in their most frequent written form. */
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
 * chapters repeat the same words thousands of times, so each is lower-cased and stemmed once. Cleared when full.
 */
const tokenOfWord = new Map<string, Token>();
const MAX_REMEMBERED_WORDS = 100_000;

function tokenOf(surface: string): Token {
  const known = tokenOfWord.get(surface);
  if (known) return known;
  const lower = surface.toLowerCase().replace(/['’]s?$/, '');
  const unspaced = isUnspaced(surface);
  const numeric = /^\p{N}+$/u.test(lower);
  const longEnough = unspaced ? [...lower].length >= 2 : [...lower].length >= 3;
  const content = longEnough && !numeric && !STOP_WORDS.has(lower) && !STOP_WORDS.has(surface.toLowerCase());
  const token = { surface, lower, stem: content && /^[a-z]+$/.test(lower) ? stem(lower) : lower, content };
  if (tokenOfWord.size >= MAX_REMEMBERED_WORDS) tokenOfWord.clear();
  tokenOfWord.set(surface, token);
  return token;
}

function tokenizeClauses(text: string): Token[][] {
  return titleClauses(text).map((clause) => clause.map(tokenOf));
}

/** Each stem's weight in a segment: (1 + log tf) x sqrt(idf) over the document's segments. */
function termWeights(segmentStems: Map<string, number>, df: Map<string, number>, segmentCount: number) {
  const weights = new Map<string, number>();
  for (const [s, tf] of segmentStems) {
    const idf = Math.log(1 + segmentCount / (df.get(s) ?? 1));
    weights.set(s, (1 + Math.log(tf)) * idf ** TP.idfPow);
  }
  return weights;
}

function stemCounts(clauses: Token[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const clause of clauses)
    for (const t of clause) if (t.content) counts.set(t.stem, (counts.get(t.stem) ?? 0) + 1);
  return counts;
}

/**
 * The document's casing of each word: its most frequent form away from the start of a clause, where every word is
 * capitalised. "remote control" stays lower case, "LCD" and "Paris" keep theirs.
 */
function documentCasing(clausesPerSegment: readonly Token[][][]): Map<string, string> {
  const forms = new Map<string, Map<string, number>>();
  for (const clauses of clausesPerSegment)
    for (const clause of clauses)
      for (const [i, t] of clause.entries()) {
        if (i === 0) continue;
        let m = forms.get(t.lower);
        if (!m) forms.set(t.lower, (m = new Map<string, number>()));
        m.set(t.surface, (m.get(t.surface) ?? 0) + 1);
      }
  const casing = new Map<string, string>();
  for (const [lower, m] of forms) casing.set(lower, [...m].sort((a, b) => b[1] - a[1])[0]?.[0] ?? lower);
  return casing;
}

function candidatesOf(clauses: Token[][], weights: Map<string, number>): Candidate[] {
  const byKey = new Map<string, { stems: string[]; forms: Map<string, number>; count: number; first: number }>();
  for (const [ci, clause] of clauses.entries()) {
    for (let i = 0; i < clause.length; i++) {
      const first = clause[i];
      if (first === undefined || !first.content) continue;
      // Key and form grow a word at a time rather than being sliced and joined again for every length.
      let key = '';
      let form = '';
      const stems: string[] = [];
      for (let len = 1; len <= MAX_TITLE_WORDS && i + len <= clause.length; len++) {
        const last = clause[i + len - 1];
        if (last === undefined || !(last.content || CONNECTORS.has(last.lower))) break;
        key = len === 1 ? last.stem : `${key} ${last.stem}`;
        form = len === 1 ? last.surface : `${form}\u0000${last.surface}`;
        if (!last.content) continue;
        stems.push(last.stem);
        let entry = byKey.get(key);
        if (!entry)
          byKey.set(key, (entry = { stems: [...stems], forms: new Map<string, number>(), count: 0, first: ci }));
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
    const phraseFactor = entry.stems.length === 1 ? 1 : entry.count > 1 ? 1 + Math.log(entry.count) : TP.once;
    const bestForm = [...entry.forms].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    out.push({
      key,
      stems: unique,
      words: bestForm.split('\u0000'),
      score:
        (wordSum / unique.length ** TP.lenPow) *
        phraseFactor *
        (entry.first < clauses.length * TP.earlyShare ? 1 + TP.early : 1),
    });
  }
  return out.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}

/** Sentence case in the document's casing: the first letter raised, every other word as the document writes it. */
function render(words: readonly string[], casing: ReadonlyMap<string, string>): string {
  const cased = words.map((w) => {
    const lower = w.toLowerCase().replace(/['’]s?$/, '');
    const form = casing.get(lower);
    return form !== undefined && w.toLowerCase().startsWith(form.toLowerCase()) && form.length === lower.length
      ? form + w.slice(form.length)
      : w;
  });
  const text = joinWords(cased);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Titles to try for one segment, best first: its multi-word candidates that read as noun phrases. */
function titleOptions(candidates: readonly Candidate[], options: TitleOptions): Candidate[] {
  const multi = candidates.filter((c) => c.words.length >= MIN_TITLE_WORDS).slice(0, TAGGED_PER_CHAPTER);
  const verdicts = nounPhraseVerdicts(
    multi.map((c) => c.words),
    options.spoken === true,
  );
  return multi.filter((_, i) => verdicts[i] === true);
}

/** When no phrase qualifies: the best single noun, else the opening words of the first substantial clause. */
function fallbackTitle(clauses: Token[][], candidates: readonly Candidate[], options: TitleOptions, ordinal: number) {
  const singles = candidates.filter((c) => c.words.length === 1).slice(0, TAGGED_PER_CHAPTER);
  const verdicts = nounPhraseVerdicts(
    singles.map((c) => c.words),
    options.spoken === true,
  );
  const noun = singles.find((_, i) => verdicts[i] === true);
  if (noun) return noun.words;
  for (const clause of clauses) {
    if (clause.filter((t) => t.content).length < 2) continue;
    const words = clause.slice(0, MAX_TITLE_WORDS);
    while (words.length > 0 && !words[0]?.content) words.shift();
    while (words.length > 0 && !words[words.length - 1]?.content) words.pop();
    if (words.length >= MIN_TITLE_WORDS) return words.map((t) => t.surface);
  }
  return [`Part ${ordinal}`];
}

interface Titled {
  title: string;
  /** The segment's best distinct phrases, best first (the title among them): context for a chat model. */
  phrases: string[];
}

function* titleSegments(segmentTexts: readonly string[], options: TitleOptions, phraseCount: number) {
  const clausesPerSegment: Token[][][] = [];
  const countsPerSegment: Map<string, number>[] = [];
  for (const text of segmentTexts) {
    const clauses = tokenizeClauses(text);
    clausesPerSegment.push(clauses);
    countsPerSegment.push(stemCounts(clauses));
    yield;
  }
  const casing = documentCasing(clausesPerSegment);
  const df = new Map<string, number>();
  for (const counts of countsPerSegment) for (const s of counts.keys()) df.set(s, (df.get(s) ?? 0) + 1);
  const used = new Set<string>();
  const out: Titled[] = [];
  for (const [i, clauses] of clausesPerSegment.entries()) {
    const weights = termWeights(countsPerSegment[i] ?? new Map<string, number>(), df, segmentTexts.length);
    const candidates = candidatesOf(clauses, weights);
    const phrases = titleOptions(candidates, options);
    const chosen = phrases.find((c) => !used.has(c.key));
    const words = chosen?.words ?? fallbackTitle(clauses, candidates, options, i + 1);
    const title = render(words, casing);
    used.add(chosen?.key ?? title.toLowerCase());
    const others = phrases.filter((p) => p !== chosen && !(chosen && p.stems.every((s) => chosen.stems.includes(s))));
    out.push({ title, phrases: [title, ...others.slice(0, phraseCount - 1).map((p) => render(p.words, casing))] });
    yield;
  }
  return out;
}

/**
 * One title per segment (each given as its text), unique within the document where the candidates allow it.
 * Uses the other segments as the IDF background, so a chapter is named for what sets it apart.
 */
export function keyphraseTitles(segmentTexts: readonly string[], options: TitleOptions = {}): string[] {
  return runSync(keyphraseTitlesSteps(segmentTexts, options));
}

/** `keyphraseTitles` as steps that yield after each segment is read and after each is titled (see `cooperative.ts`). */
export function* keyphraseTitlesSteps(segmentTexts: readonly string[], options: TitleOptions = {}): Steps<string[]> {
  return (yield* titleSegments(segmentTexts, options, 1)).map((t) => t.title);
}

/** Each segment's `count` best key phrases (its title first), for a chat model's global context. */
export function segmentKeyphrases(
  segmentTexts: readonly string[],
  count: number,
  options: TitleOptions = {},
): string[][] {
  return runSync(titleSegments(segmentTexts, options, count)).map((t) => t.phrases);
}

/** A title for one segment; pass the document's other segments as `context` for a better IDF background. */
export function keyphraseTitle(segmentText: string, context: readonly string[] = [], options: TitleOptions = {}) {
  return keyphraseTitles([segmentText, ...context], options)[0] ?? 'Part 1';
}
