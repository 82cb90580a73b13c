import type { CharRange } from './charRanges';

/**
 * Cuts `text[start, end)` into sentences, as character ranges trimmed of surrounding whitespace. A sentence ends at
 * `.`, `!`, `?` or `;` followed by whitespace, or at a line break: transcript turns and contract clauses often have
 * no final punctuation, and a line is the natural unit there. Chinese and Japanese full stops (and the Arabic, Urdu and
 * Devanagari ones) end a sentence without a following space. Abbreviations ("e.g. the") may split a sentence in two,
 * which costs little here: sentences are only the grain of selection, and neighbours are scored together.
 */
export function sentenceRanges(text: string, start = 0, end = text.length): [number, number][] {
  const out: [number, number][] = [];
  const re = /[.!?;]+["')\]]*\s+|[。！？；؟۔।]+["'」』）)\]]*\s*|\n+/g;
  re.lastIndex = start;
  let from = start;
  for (let m = re.exec(text); m !== null && m.index < end; m = re.exec(text)) {
    const stop = Math.min(m.index + m[0].length, end);
    pushTrimmed(text, from, stop, out);
    from = stop;
    if (m[0].length === 0) re.lastIndex++;
  }
  pushTrimmed(text, from, end, out);
  return out;
}

function pushTrimmed(text: string, start: number, end: number, out: [number, number][]): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (e > s) out.push([s, e]);
}

/** Splits a range at whitespace into pieces of at most `maxTokens` (for a sentence longer than a whole segment). */
export function splitAtWhitespace(
  text: string,
  range: CharRange,
  maxTokens: number,
  countTokens: (t: string) => number,
): [number, number][] {
  const out: [number, number][] = [];
  const words: [number, number][] = [];
  const re = /\S+/g;
  re.lastIndex = range[0];
  for (let m = re.exec(text); m !== null && m.index < range[1]; m = re.exec(text)) {
    words.push([m.index, Math.min(m.index + m[0].length, range[1])]);
  }
  let i = 0;
  while (i < words.length) {
    let j = i + 1;
    // Grow the piece one word at a time; a single word over the limit still becomes its own piece.
    while (j < words.length && countTokens(text.slice(words[i]![0], words[j]![1])) <= maxTokens) j++;
    out.push([words[i]![0], words[j - 1]![1]]);
    i = j;
  }
  return out;
}
