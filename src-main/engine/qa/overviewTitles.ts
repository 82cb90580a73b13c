import type { Segment } from '../index/segmentDocument';

/**
 * The titles overview: one line per chapter (a run of segments under one title), labelled with its first segment so
 * the model can cite it. Empty when the segments carry no chapter titles. `ask` and the evaluation count the same
 * text, so the planner's titles budget means the same on both sides.
 */
export function overviewTitles(segments: readonly Segment[]): string {
  const lines: string[] = [];
  let last: string | undefined;
  for (const segment of segments) {
    const title = segment.chapterTitle?.trim();
    if (!title || title === last) continue;
    last = title;
    lines.push(`[${segment.label}] ${title}`);
  }
  return lines.length === 0 ? '' : `Chapters of the document:\n${lines.join('\n')}\n`;
}
