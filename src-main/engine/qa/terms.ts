import { contentTerms } from '../chapters/contentTerms';

/**
 * Index terms of a text: the chapters module's stemmed content words (same stemmer and stop words, so a chapter
 * title and a segment speak the same vocabulary) plus numbers, which chaptering drops but questions about dates,
 * amounts and section numbers need.
 */
export function indexTerms(text: string): string[] {
  const terms = contentTerms(text);
  for (const n of text.match(/\b\d+(?:[.,]\d+)*\b/g) ?? []) terms.push(n.replace(/,/g, ''));
  return terms;
}
