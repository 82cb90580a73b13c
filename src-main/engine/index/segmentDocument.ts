import { formatTime } from '../../../src-shared/formatTime';
import type { Anchor } from '../../../src-shared/domain/document';
import { estimateTokens, type CountTokens } from './countTokens';
import { sentenceRanges, splitAtWhitespace } from './sentenceRanges';

/** A piece of the document of at most S tokens, cut on unit boundaries: the grain of retrieval and expansion. */
export interface Segment {
  /** The label the model cites, `S<index + 1>`. */
  id: string;
  index: number;
  /** First unit and one past the last unit (a unit longer than S spreads over several segments with the same pair). */
  startUnit: number;
  endUnit: number;
  /** Character offsets into the document's text, end exclusive. */
  start: number;
  end: number;
  tokens: number;
  chapterTitle?: string;
  /** `S12 p.34`, `S12 00:41:05` or `S12`: the id with the anchor of its first unit, shown to the model and the user. */
  label: string;
}

export interface SegmentableUnit {
  start: number;
  end: number;
  anchor?: Anchor;
}

export interface ChapterSpan {
  startUnit: number;
  /** One past the last unit. */
  endUnit: number;
  title: string;
}

export interface SegmentOptions {
  /** Most tokens per segment. Default 512 (the architecture's S). */
  maxTokens?: number;
  countTokens?: CountTokens;
  /** Segments never cross a chapter boundary and carry the chapter's title (indexed for search, as in PODTILE). */
  chapters?: readonly ChapterSpan[];
}

export const DEFAULT_SEGMENT_TOKENS = 512;

/**
 * Cuts a document into segments of at most `maxTokens`, packing whole units greedily. A unit longer than the limit
 * is split at sentence ends, and a sentence longer than the limit at whitespace. Every unit's characters fall in
 * exactly one segment; text between units (blank lines, uncovered headings) belongs to none.
 */
export function segmentDocument(
  doc: { text: string; units: readonly SegmentableUnit[] },
  options: SegmentOptions = {},
): Segment[] {
  const maxTokens = options.maxTokens ?? DEFAULT_SEGMENT_TOKENS;
  const count = options.countTokens ?? estimateTokens;
  const { text, units } = doc;
  const chapter = chapterLookup(options.chapters ?? [], units.length);
  const segments: Segment[] = [];

  const emit = (startUnit: number, endUnit: number, start: number, end: number, tokens: number) => {
    const index = segments.length;
    const id = `S${index + 1}`;
    const anchor = units[startUnit]?.anchor;
    const label = anchor === undefined ? id : `${id} ${anchorText(anchor)}`.trimEnd();
    const segment: Segment = { id, index, startUnit, endUnit, start, end, tokens, label };
    const title = chapter.titleOf(startUnit);
    if (title !== undefined) segment.chapterTitle = title;
    segments.push(segment);
  };

  let open: { startUnit: number; start: number; end: number; tokens: number } | undefined;
  const close = (endUnit: number) => {
    if (open === undefined) return;
    emit(open.startUnit, endUnit, open.start, open.end, open.tokens);
    open = undefined;
  };

  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    if (open !== undefined && chapter.indexOf(u) !== chapter.indexOf(open.startUnit)) close(u);
    if (unit.end <= unit.start) continue;
    const tokens = count(text.slice(unit.start, unit.end));
    if (tokens > maxTokens) {
      close(u);
      for (const [s, e] of splitLongUnit(text, unit.start, unit.end, maxTokens, count)) {
        emit(u, u + 1, s, e, count(text.slice(s, e)));
      }
      continue;
    }
    if (open !== undefined) {
      // Count the joined text, not the sum of parts: a model tokenizer may merge across the join.
      const joined = count(text.slice(open.start, unit.end));
      if (joined <= maxTokens) {
        open.end = unit.end;
        open.tokens = joined;
        continue;
      }
      close(u);
    }
    open = { startUnit: u, start: unit.start, end: unit.end, tokens };
  }
  close(units.length);
  return segments;
}

/** Sentences packed up to the limit; sentences over the limit split at whitespace. */
function splitLongUnit(text: string, start: number, end: number, maxTokens: number, count: CountTokens) {
  const pieces: [number, number][] = [];
  for (const sentence of sentenceRanges(text, start, end)) {
    if (count(text.slice(sentence[0], sentence[1])) > maxTokens) {
      pieces.push(...splitAtWhitespace(text, sentence, maxTokens, count));
    } else pieces.push(sentence);
  }
  const out: [number, number][] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (last !== undefined && count(text.slice(last[0], piece[1])) <= maxTokens) last[1] = piece[1];
    else out.push([piece[0], piece[1]]);
  }
  return out;
}

/** Per unit: the index of its chapter (-1 when none) and that chapter's title. */
function chapterLookup(chapters: readonly ChapterSpan[], unitCount: number) {
  const chapterIndex: number[] = new Array<number>(unitCount).fill(-1);
  chapters.forEach((chapter, i) => {
    for (let u = Math.max(0, chapter.startUnit); u < Math.min(unitCount, chapter.endUnit); u++) chapterIndex[u] = i;
  });
  return {
    // Two chapters with the same title are still two chapters: boundaries compare indices, not titles.
    indexOf: (unit: number): number => chapterIndex[unit] ?? -1,
    titleOf: (unit: number): string | undefined => chapters[chapterIndex[unit] ?? -1]?.title,
  };
}

/** The anchor part of a label: `p.34`, `00:41:05`; text anchors add nothing (the segment id is the reference). */
export function anchorText(anchor: Anchor): string {
  if (anchor.type === 'page') return `p.${anchor.page}`;
  if (anchor.type === 'time') return formatTime(anchor.start, 'fixed');
  return '';
}
