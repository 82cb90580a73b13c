import type { TokenRange } from '../compression/types';

/**
 * Words as BERT's pre-tokenizer cuts them: runs of letters, marks and digits, and each other non-space character on
 * its own, with their character ranges in `text`. Scoring word by word is how LLMLingua-2 labels text (its tokens are
 * merged back into these words), and the ranges let the scores move to any other tokenizer.
 */
export function splitWords(text: string): TokenRange[] {
  const words: TokenRange[] = [];
  for (const match of text.matchAll(/[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu))
    words.push({ start: match.index, end: match.index + match[0].length });
  return words;
}
