import nlp from 'compromise';

/**
 * Which candidate title phrases are noun phrases, by compromise's part-of-speech tagger. Tagging a whole chapter
 * is far too slow (about 5 KB/s on the development machine), so only the few dozen best candidates of each chapter
 * are tagged, all in one call, each as its own sentence: a phrase like "remote control battery options" tags the same
 * behind an article as in its sentence, and "should talk" or "really think" comes out as a verb phrase and is dropped.
 * English only: phrases with letters outside Latin pass unchecked (the tagger knows no other language).
 */

/** Tags a term may carry and still sit inside a noun phrase. */
const HEAD_TAGS = ['Noun', 'Acronym'];
const BLOCKING_TAGS = [
  'Pronoun',
  'Adverb',
  'Modal',
  'Auxiliary',
  'Copula',
  'QuestionWord',
  'Expression',
  'Negative',
  'Conjunction',
  'Value',
];
const PREPOSITIONS = new Set(['of', 'for', 'in', 'on', 'with']);
const ARTICLES = new Set(['the', 'a', 'an']);
const INNER_FUNCTION = new Set([...PREPOSITIONS, ...ARTICLES]);

interface TaggedTerm {
  text: string;
  tags: string[];
}

const LATIN_ONLY = /^[\p{Script=Latin}\p{N}\s'’-]+$/u;
const verdicts = new Map<string, boolean>();
const MAX_REMEMBERED = 50_000;

function isNounPhrase(terms: readonly TaggedTerm[], rejectPeople: boolean): boolean {
  const n = terms.length;
  if (n === 0) return false;
  for (const [i, t] of terms.entries()) {
    const tags = new Set(t.tags);
    const lower = t.text.toLowerCase();
    const inner = i > 0 && i < n - 1;
    // "role of art", "value for the user"; an article only right after a preposition, never "captained the team".
    const prev = terms[i - 1]?.text.toLowerCase() ?? '';
    if (inner && INNER_FUNCTION.has(lower) && (!ARTICLES.has(lower) || PREPOSITIONS.has(prev))) continue;
    if (BLOCKING_TAGS.some((b) => tags.has(b))) return false;
    if (tags.has('Preposition') || tags.has('Determiner')) return false;
    if (rejectPeople && (tags.has('Person') || tags.has('FirstName'))) return false;
    // A verb only as a modifier before the head ("working design", "rising costs"); never "could use", "captained".
    if (tags.has('Verb') && (i === n - 1 || !tags.has('Gerund'))) return false;
  }
  const head = new Set(terms[n - 1]?.tags ?? []);
  return HEAD_TAGS.some((h) => head.has(h));
}

/**
 * For each phrase (its words), whether it reads as a noun phrase. `rejectPeople` drops person names, for
 * transcripts, whose chapters are named for what was discussed rather than who spoke.
 */
export function nounPhraseVerdicts(phrases: readonly (readonly string[])[], rejectPeople: boolean): boolean[] {
  const key = (words: readonly string[]) => `${rejectPeople ? 'p' : 'n'}:${words.join(' ')}`;
  const todo: (readonly string[])[] = [];
  for (const words of phrases) {
    const k = key(words);
    if (verdicts.has(k)) continue;
    if (!LATIN_ONLY.test(words.join(' '))) verdicts.set(k, true);
    else todo.push(words);
  }
  if (todo.length > 0) {
    if (verdicts.size + todo.length > MAX_REMEMBERED) verdicts.clear();
    // One tagger call for all of them; each phrase is a sentence of its own. Should the tagger split or merge
    // sentences differently, every phrase is tagged alone instead.
    // Each behind an article, the frame of a noun phrase: alone at the start of a sentence, "budget figures" is
    // read as an order ("Budget the figures").
    const sentence = (words: readonly string[]) => `the ${words.join(' ')}.`;
    const sentences = nlp(todo.map(sentence).join(' ')).json() as { terms: TaggedTerm[] }[];
    const aligned = sentences.length === todo.length;
    for (const [i, words] of todo.entries()) {
      const tagged = aligned ? sentences[i] : (nlp(sentence(words)).json() as { terms: TaggedTerm[] }[])[0];
      const terms = (tagged?.terms ?? []).slice(1);
      const ok = isNounPhrase(terms, rejectPeople);
      verdicts.set(key(words), ok);
    }
  }
  return phrases.map((words) => verdicts.get(key(words)) ?? false);
}
