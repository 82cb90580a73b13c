/** The entities subtitle files actually use (WebVTT defines only these plus numeric references). */
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
};

/**
 * Decodes named and numeric character references. A reference needs its `;` (as in WebVTT), so `&nbsp` or `&am;`
 * stay as written; unknown names stay too, because a subtitle writer's stray `&` is more likely than a rare entity.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
    }
    return NAMED_ENTITIES[ref] ?? NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * SRT and YouTube text: only HTML-like tags (`<i>`, `</font>`, `<font color="red">`) and ASS override blocks
 * (`{\an8}`) go; a `<` that does not start a tag name (`2<3,5>1`) is text.
 */
export function stripHtmlLikeTags(text: string): string {
  return text.replace(/<\/?[a-z][\w.-]*(?:\s[^<>]*)?\/?>/gi, '').replace(/\{\\[^{}]*\}/g, '');
}

/**
 * WebVTT cue text: in WebVTT a literal `<` must be written `&lt;`, so every complete `<...>` is markup (class, voice,
 * ruby, language and timestamp tags). An unterminated `<` is kept as text rather than swallowing the rest of the cue.
 */
export function stripVttTags(text: string): string {
  return text.replace(/<[^<>]*>/g, '');
}

/** The speaker of the first `<v Name>` (or `<v.loud Name>`) span, if any. */
export function vttVoice(text: string): string | undefined {
  const match = /<v(?:\.[^\s>]*)?[ \t]+([^>]+)>/.exec(text);
  const name = match?.[1]?.trim();
  return name ? decodeEntities(name) : undefined;
}

/** Collapses runs of spaces and tabs, trims each line and drops empty lines. */
export function tidyLines(lines: readonly string[]): string[] {
  return lines.map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim()).filter((line) => line.length > 0);
}

// One to four name-like words (initial capital or digit), e.g. "A", "SPEAKER_00", "Dr. Ada Lovelace", "Mary-Jane".
const SPEAKER_PREFIX =
  /^((?:[\p{Lu}\p{N}][\p{L}\p{N}_.'’-]*)(?: [\p{Lu}\p{N}][\p{L}\p{N}_.'’-]*){0,3}):[ \t]+(\S.*)$/su;

/** Splits `Name: text` into speaker and text; undefined when the line does not start with a name-like label. */
export function splitSpeakerPrefix(line: string): { speaker: string; text: string } | undefined {
  const match = SPEAKER_PREFIX.exec(line);
  if (!match?.[1] || match[2] === undefined) return undefined;
  // Clock times ("10:30 start") and URLs ("http://") are not speakers.
  if (/^\d+$/.test(match[1]) || (/^[a-z]+$/i.test(match[1]) && match[2].startsWith('//'))) return undefined;
  return { speaker: match[1], text: match[2] };
}
