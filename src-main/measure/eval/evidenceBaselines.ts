import { seededRandom } from '../seededRandom';
import { Bm25Index, rankByScore } from '../../engine/index/bm25';
import type { CountTokens } from '../../engine/index/countTokens';
import { indexTerms } from '../../engine/index/terms';

/** Character ranges of the original text that a baseline context holds. */
export type Ranges = [number, number][];

function wordEnds(text: string): { start: number; end: number }[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Largest n in [0, max] with fits(n) true, for a monotone `fits` (binary search). */
function largest(max: number, fits: (n: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Truncation: the longest prefix, cut at a word end, within the budget. */
export function truncateBaseline(text: string, budget: number, count: CountTokens): Ranges {
  const words = wordEnds(text);
  const n = largest(words.length, (k) => k === 0 || count(text.slice(0, words[k - 1]!.end)) <= budget);
  return n === 0 ? [] : [[0, words[n - 1]!.end]];
}

/**
 * Naive RAG: fixed 512-character chunks with no regard for sentences or units, ranked by BM25 (the same terms and
 * scoring as the method, so only the chunking and the context layout differ), added best first while they fit.
 */
export function ragBaseline(
  text: string,
  question: string,
  budget: number,
  count: CountTokens,
  chunkChars = 512,
): Ranges {
  const chunks: [number, number][] = [];
  for (let s = 0; s < text.length; s += chunkChars) chunks.push([s, Math.min(text.length, s + chunkChars)]);
  const index = new Bm25Index(chunks.map(([s, e]) => indexTerms(text.slice(s, e))));
  let left = budget;
  const out: Ranges = [];
  for (const i of rankByScore(index.scores(indexTerms(question)))) {
    const [s, e] = chunks[i]!;
    const cost = count(`${text.slice(s, e)}\n\n`);
    if (cost > left) continue;
    out.push([s, e]);
    left -= cost;
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Random token drop: words kept in a seeded random order until the budget is full, shown in document order. */
export function randomDropBaseline(text: string, budget: number, count: CountTokens, seed: number): Ranges {
  const words = wordEnds(text);
  const order = words.map((_, i) => i);
  const random = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const keptText = (n: number) =>
    order
      .slice(0, n)
      .sort((a, b) => a - b)
      .map((i) => text.slice(words[i]!.start, words[i]!.end))
      .join(' ');
  const n = largest(words.length, (k) => count(keptText(k)) <= budget);
  return order
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i): [number, number] => [words[i]!.start, words[i]!.end]);
}
