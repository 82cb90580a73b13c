// Presentation-form ligatures (U+FB00..U+FB06). Full NFKC would also fold things users search for as typed
// (superscripts, full-width CJK punctuation), so only these are expanded.
const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};

/** Ligatures expanded, control characters dropped (broken ToUnicode maps emit them), spaces collapsed. */
export function normalizeLineText(text: string): string {
  return (
    text
      .replace(/[\uFB00-\uFB06]/g, (ch) => LIGATURES[ch] ?? ch)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g, '')
      .replace(/[\s\u00A0]+/g, ' ')
      .trim()
  );
}

const CJK = /[\u3000-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/;

/**
 * Joins the next line of a paragraph onto the text so far. A word broken at the line end ("infor-" + "mation") is
 * rejoined when the next line starts lower-case; CJK lines join without a space because those scripts use none.
 */
export function joinLine(text: string, next: string): string {
  if (text === '') return next;
  if (next === '') return text;
  if (text.endsWith('\u00AD')) return text.slice(0, -1) + next;
  if (/\p{L}[-\u2010]$/u.test(text) && /^\p{Ll}/u.test(next)) return text.slice(0, -1) + next;
  if (CJK.test(text.at(-1) ?? '') && CJK.test(next[0] ?? '')) return text + next;
  return `${text} ${next}`;
}
