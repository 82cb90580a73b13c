export const MIN_TITLE_WORDS = 3;
export const MAX_TITLE_WORDS = 8;

/**
 * A model's chapter title made fit to store, or undefined when it is not a title: whitespace collapsed, quotes,
 * numbering ("3.", "Chapter 3:") and trailing punctuation removed, cut to 8 words, and refused below 3 words or when
 * fewer than half its words contain a letter (a grammar guarantees JSON, not language).
 */
export function cleanModelTitle(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let title = raw
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'“”‘’`*#\s]+|["'“”‘’`*\s]+$/g, '')
    .replace(/^(?:chapter|part|section)\s*\d+\s*[:.)\-–—]\s*/i, '')
    .replace(/^\d+\s*[:.)\-–—]\s*/, '');
  const words = title.split(' ').filter((w) => w.length > 0);
  if (words.length < MIN_TITLE_WORDS) return undefined;
  title = words
    .slice(0, MAX_TITLE_WORDS)
    .join(' ')
    .replace(/[\s,;:.\-–—]+$/, '');
  const kept = title.split(' ');
  if (kept.length < MIN_TITLE_WORDS) return undefined;
  const wordy = kept.filter((w) => /\p{L}/u.test(w)).length;
  return wordy * 2 >= kept.length ? title : undefined;
}
