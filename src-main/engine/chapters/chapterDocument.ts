import type { Chapter, ChapterSource } from '../../../src-shared/domain/chapter';
import type { LecternDocument, Unit } from '../../../src-shared/domain/document';
import { runSync, YIELD_MASK, type Steps } from '../ingest/cooperative';
import { keyphraseTitlesSteps } from './keyphraseTitle';
import { segmentUnitsSteps, type Granularity, type SegUnit } from './segmentUnits';

export interface ChapterOptions {
  granularity?: Granularity;
}

/** Flat text has paragraphs, not sentences: chapters of a few pages rather than a few paragraphs. */
const FLAT_TEXT_WORDS: [number, number] = [600, 2500];

function anchorFields(unit: Unit | undefined): Pick<Chapter, 'page' | 'time'> {
  if (!unit) return {};
  if (unit.anchor.type === 'page') return { page: unit.anchor.page };
  if (unit.anchor.type === 'time') return { time: unit.anchor.start };
  return {};
}

/** Turns start points into chapters whose ranges run to the next start of any level. */
function fromStarts(
  doc: LecternDocument,
  starts: { unit: number; title: string; level: number }[],
  source: ChapterSource,
): Chapter[] {
  const sorted = [...starts].sort((a, b) => a.unit - b.unit);
  // The text before the first heading (a title page, an abstract) belongs to the first chapter.
  if (sorted[0]) sorted[0] = { ...sorted[0], unit: 0 };
  return sorted.map((s, index) => ({
    index,
    title: s.title,
    level: s.level,
    startUnit: s.unit,
    endUnit: sorted[index + 1]?.unit ?? doc.units.length,
    source,
    edited: false,
    ...anchorFields(doc.units[s.unit]),
  }));
}

/** Starts from the outline (PDF bookmarks, Markdown/DOCX headings), one per unit, levels normalised to start at 1. */
function outlineStarts(doc: LecternDocument): { unit: number; title: string; level: number }[] {
  const entries = (doc.outline ?? []).filter(
    (o) => o.unitIndex >= 0 && o.unitIndex < doc.units.length && o.title.trim(),
  );
  const minLevel = Math.min(...entries.map((e) => e.level));
  const byUnit = new Map<number, { unit: number; title: string; level: number }>();
  for (const e of entries) {
    // Two bookmarks on the same unit (a part and its first chapter): keep the outermost.
    const existing = byUnit.get(e.unitIndex);
    const level = e.level - minLevel + 1;
    if (!existing || level < existing.level)
      byUnit.set(e.unitIndex, { unit: e.unitIndex, title: e.title.trim(), level });
  }
  return [...byUnit.values()];
}

function headingStarts(doc: LecternDocument): { unit: number; title: string; level: number }[] {
  return doc.units
    .filter((u) => u.headingLevel !== undefined)
    .map((u) => ({
      unit: u.index,
      title: doc.text.slice(u.start, u.end).replace(/\s+/g, ' ').trim(),
      level: u.headingLevel ?? 1,
    }))
    .filter((s) => s.title.length > 0 && s.title.length <= 200);
}

/** Model-free segmentation (lexical cohesion + transcript cues) with key-phrase titles. */
export function segmentedChapters(doc: LecternDocument, options: ChapterOptions = {}): Chapter[] {
  return runSync(segmentedChaptersSteps(doc, options));
}

/**
 * Units segmented at once. A longer document is cut into windows of this many units, each segmented and titled on
 * its own: the segmenter's per-unit term lists and the chapter texts for titling then exist for one window at a time,
 * so memory stays bounded (a 20 MB text of 47,000 paragraphs took 450 MB of heap in one piece). A window edge is a
 * forced boundary, once per several hundred pages.
 */
export const SEGMENT_WINDOW_UNITS = 8_000;

/** `segmentedChapters` as steps (see `cooperative.ts`). */
export function* segmentedChaptersSteps(doc: LecternDocument, options: ChapterOptions = {}): Steps<Chapter[]> {
  const timed = doc.units.some((u) => u.anchor.type === 'time');
  const starts: { unit: number; title: string; level: number }[] = [];
  // Windows of equal size, so the last one is never a sliver.
  const windows = Math.ceil(doc.units.length / SEGMENT_WINDOW_UNITS);
  const size = Math.ceil(doc.units.length / windows);
  for (let from = 0; from < doc.units.length; from += size) {
    const window = yield* segmentWindow(doc, from, Math.min(doc.units.length, from + size), timed, options);
    for (const s of window) starts.push({ ...s, title: s.title || `Part ${starts.length + 1}` });
  }
  return fromStarts(doc, starts, 'segmented');
}

/** Chapter starts (document unit indices) with key-phrase titles for the units [from, to). */
function* segmentWindow(
  doc: LecternDocument,
  from: number,
  to: number,
  timed: boolean,
  options: ChapterOptions,
): Steps<{ unit: number; title: string; level: number }[]> {
  const segUnits: SegUnit[] = [];
  for (let i = from; i < to; i++) {
    const u = doc.units[i];
    if (u === undefined) continue;
    if ((segUnits.length & YIELD_MASK) === 0) yield;
    const text = doc.text.slice(u.start, u.end);
    if (u.anchor.type === 'time') {
      segUnits.push({
        text,
        start: u.anchor.start,
        end: u.anchor.end,
        ...(u.anchor.speaker ? { speaker: u.anchor.speaker } : {}),
      });
    } else {
      segUnits.push({ text });
    }
  }
  const boundaries = yield* segmentUnitsSteps(segUnits, {
    ...(options.granularity ? { granularity: options.granularity } : {}),
    ...(timed ? {} : { targetWords: FLAT_TEXT_WORDS }),
  });
  const texts: string[] = [];
  for (const [i, b] of boundaries.entries()) {
    texts.push(
      segUnits
        .slice(b, boundaries[i + 1] ?? segUnits.length)
        .map((u) => u.text)
        .join(' '),
    );
    yield;
  }
  const spoken = timed || segUnits.some((u) => u.speaker !== undefined);
  const titles = yield* keyphraseTitlesSteps(texts, { spoken });
  return boundaries.map((b, i) => ({ unit: from + b, title: titles[i] ?? '', level: 1 }));
}

/**
 * Chapters for any document: its own structure when it has some (bookmarks, then headings found in the text), else
 * segments found by the model-free segmenter. A structure that yields fewer than two chapters is not a map of the
 * document, so it falls through to segmentation.
 */
export function chapterDocument(doc: LecternDocument, options: ChapterOptions = {}): Chapter[] {
  return runSync(chapterDocumentSteps(doc, options));
}

/**
 * `chapterDocument` as steps that yield every few milliseconds of work (see `cooperative.ts`): segmenting a
 * 200,000-cue transcript takes tens of seconds, and a job driving these with `runCooperatively` stays cancellable and
 * lets the engine answer other calls meanwhile.
 */
export function* chapterDocumentSteps(doc: LecternDocument, options: ChapterOptions = {}): Steps<Chapter[]> {
  if (doc.units.length === 0) return [];
  const outline = outlineStarts(doc);
  if (outline.length >= 2) return fromStarts(doc, outline, 'outline');
  yield;
  const headings = headingStarts(doc);
  if (headings.length >= 2) return fromStarts(doc, headings, 'headings');
  yield;
  return yield* segmentedChaptersSteps(doc, options);
}
