/** Counts the tokens of a text: the loaded chat model's tokenizer, or `estimateTokens` when no model is loaded. */
export type CountTokens = (text: string) => number;

// Chinese and Japanese are written without spaces: a sentence is one run of letters, but a tokenizer spends about a
// token per character on it. Counted as words, a Chinese paragraph came out as 2 tokens and no passage fit its budget.
const IDEOGRAPH_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const IDEOGRAPH = new RegExp(`^[${IDEOGRAPH_CLASS}]$`, 'u');
const WORD_OR_IDEOGRAPH = new RegExp(`[${IDEOGRAPH_CLASS}]|(?:(?![${IDEOGRAPH_CLASS}])[\\p{L}\\p{N}])+`, 'gu');

/**
 * A model-free token estimate: 1.3 tokens per word, a word being a run of letters or digits. BPE tokenizers of
 * current chat models (Llama, Qwen, Mistral) spend about 1.3 tokens per English word once punctuation and the split
 * of rarer words are counted; code, numbers and other scripts cost more. It is an estimate for budgeting without a
 * model, not a tokenizer: budgets that must be exact use the model's own count. Rounded up so that the count of a
 * text never exceeds the sum of the counts of its pieces (the builders rely on that when they add up parts).
 */
export function estimateTokens(text: string): number {
  let words = 0;
  let ideographs = 0;
  for (const [match] of text.matchAll(WORD_OR_IDEOGRAPH)) {
    // A one-character match below U+2E80 is a word ("a", "7"); the script test runs only for the rest.
    if (match.length <= 2 && (match.codePointAt(0) ?? 0) >= 0x2e80 && IDEOGRAPH.test(match)) ideographs++;
    else words++;
  }
  return Math.ceil(words * 1.3 + ideographs);
}
