import type { Chapter } from '../../../src-shared/domain/chapter';
import type { LecternDocument, Unit } from '../../../src-shared/domain/document';
import { STOP_WORDS } from '../chapters/stopWords';
import type { CountTokens } from './countTokens';
import type { DocumentIndex } from './documentIndex';
import { indexSegments } from './retrieve';
import { segmentDocument, type Segment } from './segmentDocument';

/**
 * Documents longer than this are asked through a focused index. Indexing a whole document costs time and memory in
 * proportion to its length on its first question (a 20 MB text: 12 s; a 300 MB one: 653 s and 2.65 GB), while the
 * library's FTS5 index already knows which units hold the question's words. About a million tokens: more than any
 * local model's context holds even at the slider's 16x, so no compressed state of such a document exists to match.
 */
export const FOCUS_MIN_CHARS = 4_000_000;

/** Units the FTS5 index proposes per question; each brings its neighbourhood. */
export const FOCUS_HITS = 48;

/** Units taken on each side of a proposed unit (within its chapter), so a passage keeps its context. */
export const FOCUS_RADIUS = 6;

/** What a focused index is built from: the document without its units, and a way to read a range of them. */
export interface FocusSource {
  doc: Omit<LecternDocument, 'units'>;
  unitCount: number;
  chapters: readonly Chapter[];
  /** Unit indices whose text matches the question, best first (the library's FTS5 BM25). */
  hits: readonly number[];
  unitRange: (from: number, to: number) => Unit[];
}

/** The question's words without function words, for the FTS5 query: "the" matches every unit of a book. */
export function focusQuery(question: string): string {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return (content.length > 0 ? content : words).join(' ');
}

/**
 * An index of the neighbourhoods of the units that match the question, with the document's own offsets, unit
 * indices and anchors, so passages, labels and citations mean what they mean in a whole-document index. The rest of
 * the document is not segmented; `docTokens` is estimated from the share of characters indexed.
 */
export function buildFocusedIndex(source: FocusSource, countTokens?: CountTokens): DocumentIndex {
  const { doc } = source;
  const units: Unit[] = [];
  const segments: Segment[] = [];
  for (const window of focusWindows(source)) {
    const windowUnits = source.unitRange(window.from, window.to);
    if (windowUnits.length === 0) continue;
    const spans =
      window.title === undefined ? [] : [{ startUnit: 0, endUnit: windowUnits.length, title: window.title }];
    for (const s of segmentDocument(
      { text: doc.text, units: windowUnits },
      { ...(countTokens ? { countTokens } : {}), chapters: spans },
    )) {
      const index = segments.length;
      const id = `S${index + 1}`;
      segments.push({
        ...s,
        id,
        index,
        startUnit: s.startUnit + window.from,
        endUnit: s.endUnit + window.from,
        label: id + s.label.slice(s.id.length),
      });
    }
    units.push(...windowUnits);
  }
  const indexedChars = segments.reduce((sum, s) => sum + (s.end - s.start), 0);
  const indexedTokens = segments.reduce((sum, s) => sum + s.tokens, 0);
  const docTokens =
    indexedChars > 0 ? Math.round((indexedTokens * doc.text.length) / indexedChars) : Math.ceil(doc.text.length / 4);
  return {
    doc: { ...doc, units },
    segments,
    index: indexSegments(doc.text, segments),
    docTokens,
    tokenizer: countTokens ? 'model' : 'estimate',
    focus: { units: units.length, ofUnits: source.unitCount },
  };
}

interface FocusWindow {
  from: number;
  to: number;
  title?: string;
}

/** Each hit's neighbourhood clipped to its chapter, overlapping ones merged, in document order. */
function focusWindows(source: FocusSource): FocusWindow[] {
  const windows = source.hits
    .map((u): FocusWindow => {
      const chapter = chapterOf(source.chapters, u);
      const from = Math.max(chapter?.startUnit ?? 0, u - FOCUS_RADIUS);
      const to = Math.min(chapter?.endUnit ?? source.unitCount, u + FOCUS_RADIUS + 1);
      return { from, to, ...(chapter ? { title: chapter.title } : {}) };
    })
    .sort((a, b) => a.from - b.from);
  const merged: FocusWindow[] = [];
  for (const w of windows) {
    const last = merged.at(-1);
    // Windows of one chapter that touch become one; windows of two chapters stay apart (segments never cross one).
    if (last !== undefined && w.from <= last.to && w.title === last.title) last.to = Math.max(last.to, w.to);
    else if (last !== undefined && w.from < last.to) merged.push({ ...w, from: last.to });
    else merged.push({ ...w });
  }
  return merged.filter((w) => w.to > w.from);
}

/** The chapter holding unit `u` (chapters are sorted and do not overlap). */
function chapterOf(chapters: readonly Chapter[], u: number): Chapter | undefined {
  let lo = 0;
  let hi = chapters.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = chapters[mid]!;
    if (u < c.startUnit) hi = mid - 1;
    else if (u >= c.endUnit) lo = mid + 1;
    else return c;
  }
  return undefined;
}
