/** Counts the tokens of a text: the loaded chat model's tokenizer, or `estimateTokens` when no model is loaded. */
export type CountTokens = (text: string) => number;

/**
 * A model-free token estimate: 1.3 tokens per word, a word being a run of letters or digits. BPE tokenizers of
 * current chat models (Llama, Qwen, Mistral) spend about 1.3 tokens per English word once punctuation and the split
 * of rarer words are counted; code, numbers and other scripts cost more. It is an estimate for budgeting without a
 * model, not a tokenizer: budgets that must be exact use the model's own count. Rounded up so that the count of a
 * text never exceeds the sum of the counts of its pieces (the builders rely on that when they add up parts).
 */
export function estimateTokens(text: string): number {
  let words = 0;
  const re = /[\p{L}\p{N}]+/gu;
  while (re.exec(text) !== null) words++;
  return Math.ceil(words * 1.3);
}
