/** Okapi BM25 parameters; the usual defaults (Robertson and Zaragoza 2009), as in SQLite FTS5 and Lucene. */
export interface Bm25Params {
  k1: number;
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

/**
 * An in-memory BM25 index over bags of terms. One document holds a few hundred segments, so an inverted index in
 * memory answers in well under a millisecond and needs no schema; the library's FTS5 index stays the cross-document
 * search. Terms are whatever the caller produced (stemmed content words here), so query and passages must be
 * tokenized by the same function.
 */
export class Bm25Index {
  readonly #postings = new Map<string, { doc: number; tf: number }[]>();
  readonly #lengths: number[];
  readonly #avgLength: number;
  readonly #params: Bm25Params;

  constructor(docs: readonly (readonly string[])[], params: Bm25Params = DEFAULT_BM25) {
    this.#params = params;
    this.#lengths = docs.map((d) => d.length);
    const total = this.#lengths.reduce((a, b) => a + b, 0);
    this.#avgLength = docs.length === 0 ? 1 : Math.max(1, total / docs.length);
    docs.forEach((terms, doc) => {
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, n] of tf) {
        let list = this.#postings.get(term);
        if (list === undefined) this.#postings.set(term, (list = []));
        list.push({ doc, tf: n });
      }
    });
  }

  get size(): number {
    return this.#lengths.length;
  }

  /** Inverse document frequency, the BM25+ variant that stays positive for terms in most documents. */
  idf(term: string): number {
    const df = this.#postings.get(term)?.length ?? 0;
    const n = this.#lengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25 score of every document for the query terms (each distinct term once, weighted by `weights` if given). */
  scores(queryTerms: readonly string[], weights?: ReadonlyMap<string, number>): Float64Array {
    const out = new Float64Array(this.#lengths.length);
    const { k1, b } = this.#params;
    for (const term of new Set(queryTerms)) {
      const postings = this.#postings.get(term);
      if (postings === undefined) continue;
      const w = this.idf(term) * (weights?.get(term) ?? 1);
      for (const { doc, tf } of postings) {
        const norm = 1 - b + (b * (this.#lengths[doc] ?? 0)) / this.#avgLength;
        out[doc] = (out[doc] ?? 0) + (w * tf * (k1 + 1)) / (tf + k1 * norm);
      }
    }
    return out;
  }
}

/** Document indices by descending score, only those with a positive score. */
export function rankByScore(scores: Float64Array): number[] {
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) if ((scores[i] ?? 0) > 0) order.push(i);
  return order.sort((x, y) => (scores[y] ?? 0) - (scores[x] ?? 0) || x - y);
}
