import { seededRandom } from '../seededRandom';
/**
 * A deterministic generator of varied English prose for benchmarks: no external data, the same text for the same
 * seed on every machine, and enough variety (subjects, verbs, objects, numbers, clause shapes) that the tokenizer
 * sees ordinary text rather than one repeated sentence.
 */

const SUBJECTS = [
  'The committee',
  'Our team',
  'The engineer',
  'A small village',
  'The report',
  'The old library',
  'Each student',
  'The river authority',
  'The second chapter',
  'Most readers',
  'The city council',
  'A young doctor',
  'The company',
  'The survey',
  'Her brother',
  'The museum',
  'The research group',
  'The farmer',
  'The new policy',
  'The orchestra',
];
const VERBS = [
  'described',
  'measured',
  'questioned',
  'compared',
  'explained',
  'rejected',
  'reviewed',
  'improved',
  'recorded',
  'discussed',
  'predicted',
  'published',
  'tested',
  'organized',
  'supported',
  'challenged',
  'studied',
  'collected',
];
const OBJECTS = [
  'the annual budget',
  'the water supply',
  'a detailed plan',
  'the results of the trial',
  'the early maps',
  'the cost of housing',
  'a list of problems',
  'the weather in spring',
  'the history of the bridge',
  'several old letters',
  'the safety rules',
  'the price of grain',
  'the main argument',
  'the training program',
  'the quality of the roads',
  'the number of visitors',
  'a strange pattern',
  'the final decision',
];
const CLAUSES = [
  'after a long meeting',
  'before the winter began',
  'with great care',
  'for the first time',
  'in the north',
  'during the summer of {year}',
  'despite the heavy rain',
  'with the help of {n} volunteers',
  'at the end of the day',
  'without any warning',
  'because the data were incomplete',
  'while the others waited',
  'in less than {n} weeks',
];
const CONNECTIVES = [
  'However,',
  'Later,',
  'As a result,',
  'In contrast,',
  'Meanwhile,',
  'Finally,',
  'At first,',
  'Still,',
];
const QUESTION_STARTS = ['What did', 'Why did', 'When did', 'How often did', 'Where did'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function fill(random: () => number, template: string): string {
  return template
    .replace('{year}', String(1900 + Math.floor(random() * 120)))
    .replace('{n}', String(2 + Math.floor(random() * 97)));
}

/** One sentence; about 10 to 20 words. */
export function syntheticSentence(random: () => number): string {
  const start =
    random() < 0.25 ? `${pick(random, CONNECTIVES)} ${pick(random, SUBJECTS).toLowerCase()}` : pick(random, SUBJECTS);
  let sentence = `${start} ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${fill(random, pick(random, CLAUSES))}`;
  if (random() < 0.4)
    sentence += `, and ${pick(random, SUBJECTS).toLowerCase()} ${pick(random, VERBS)} ${pick(random, OBJECTS)}`;
  return `${sentence}.`;
}

/** Paragraphs of 3 to 7 sentences, joined by blank lines, until `approxWords` words are reached. */
export function syntheticText(approxWords: number, seed = 1): string {
  const random = seededRandom(seed);
  const paragraphs: string[] = [];
  let words = 0;
  while (words < approxWords) {
    const sentences: string[] = [];
    const count = 3 + Math.floor(random() * 5);
    for (let i = 0; i < count; i++) sentences.push(syntheticSentence(random));
    const paragraph = sentences.join(' ');
    words += paragraph.split(' ').length;
    paragraphs.push(paragraph);
  }
  return paragraphs.join('\n\n');
}

/** A question in the same vocabulary, different for each seed. */
export function syntheticQuestion(seed: number): string {
  const random = seededRandom(seed * 7919 + 13);
  return `${pick(random, QUESTION_STARTS)} ${pick(random, SUBJECTS).toLowerCase()} ${pick(random, VERBS).replace(/ed$/, '')} ${pick(random, OBJECTS)}?`;
}

/**
 * Exactly `count` tokens of synthetic prose for a tokenizer. Text is generated in one piece and tokenized once, so
 * word boundaries are tokenized as in a real document, then cut to length.
 */
export function syntheticDocumentTokens<T>(tokenize: (text: string) => T[], count: number, seed = 1): T[] {
  let words = Math.ceil(count * 0.8) + 64;
  for (;;) {
    const tokens = tokenize(syntheticText(words, seed));
    if (tokens.length >= count) return tokens.slice(0, count);
    words = Math.ceil(words * 1.3);
  }
}
