import type { Chapter } from '../../../src-shared/domain/chapter';
import type { LecternDocument } from '../../../src-shared/domain/document';
import { LecternError } from '../../../src-shared/errors';

function renumber(chapters: Chapter[]): Chapter[] {
  return chapters.map((c, index) => ({ ...c, index }));
}

function at(chapters: Chapter[], index: number): Chapter {
  const chapter = chapters[index];
  if (!chapter) throw new LecternError('NOT_FOUND', `No chapter ${index + 1}; the document has ${chapters.length}.`);
  return chapter;
}

export function renameChapter(chapters: Chapter[], index: number, title: string): Chapter[] {
  const clean = title.replace(/\s+/g, ' ').trim();
  if (!clean) throw new LecternError('INVALID_ARGUMENT', 'A chapter title cannot be empty.');
  at(chapters, index);
  return chapters.map((c) => (c.index === index ? { ...c, title: clean, edited: true, source: 'user' } : c));
}

/** Merges chapter `index` with the one after it; the first keeps its title. */
export function mergeChapters(chapters: Chapter[], index: number): Chapter[] {
  const first = at(chapters, index);
  const second = chapters[index + 1];
  if (!second) throw new LecternError('INVALID_ARGUMENT', 'The last chapter has nothing after it to merge with.');
  const merged: Chapter = { ...first, endUnit: second.endUnit, edited: true, source: 'user' };
  return renumber([...chapters.slice(0, index), merged, ...chapters.slice(index + 2)]);
}

/** Splits chapter `index` so that a new chapter starts at unit `atUnit`. */
export function splitChapter(
  doc: LecternDocument,
  chapters: Chapter[],
  index: number,
  atUnit: number,
  title?: string,
): Chapter[] {
  const chapter = at(chapters, index);
  if (atUnit <= chapter.startUnit || atUnit >= chapter.endUnit) {
    throw new LecternError(
      'INVALID_ARGUMENT',
      `Unit ${atUnit} is not inside chapter ${index + 1} (units ${chapter.startUnit}–${chapter.endUnit - 1}).`,
    );
  }
  const unit = doc.units[atUnit];
  const fallback = unit
    ? doc.text.slice(unit.start, unit.end).replace(/\s+/g, ' ').trim().split(' ').slice(0, 6).join(' ')
    : '';
  const second: Chapter = {
    ...chapter,
    title: title?.trim() || fallback || `Part ${index + 2}`,
    startUnit: atUnit,
    edited: true,
    source: 'user',
    ...(unit?.anchor.type === 'page' ? { page: unit.anchor.page } : {}),
    ...(unit?.anchor.type === 'time' ? { time: unit.anchor.start } : {}),
  };
  const first: Chapter = {
    ...chapter,
    endUnit: atUnit,
    edited: true,
    source: chapter.source === 'user' ? 'user' : chapter.source,
  };
  return renumber([...chapters.slice(0, index), { ...first, edited: true }, second, ...chapters.slice(index + 1)]);
}
