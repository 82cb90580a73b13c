/**
 * Control characters (a newline in a file name, C1 codes) and the bidirectional formatting characters: U+202E
 * (right-to-left override) in "invoice\u202Efdp.exe" makes a title read as something it is not.
 */
const UNSAFE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]+/gu;

/** A title fit to show: unsafe characters become spaces, runs of white space one space; never empty. */
export function cleanTitle(title: string, fallback = 'Untitled'): string {
  const clean = title.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > 0 ? clean : fallback;
}
