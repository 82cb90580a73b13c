import type { Chapter, ChapterExport, ChapterExportFormat } from '../../../src-shared/domain/chapter';
import type { DocumentSummary } from '../../../src-shared/domain/document';
import { LecternError } from '../../../src-shared/errors';

const pad = (n: number, width = 2) => String(Math.floor(n)).padStart(width, '0');

/** 00:00:00.000 for WebVTT. */
export function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  return `${pad(ms / 3_600_000)}:${pad((ms / 60_000) % 60)}:${pad((ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** YouTube description stamps: m:ss below an hour, h:mm:ss above (YouTube accepts both; this is what it shows). */
export function youtubeTime(seconds: number, withHours: boolean): string {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return withHours ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

function baseName(doc: DocumentSummary): string {
  return (doc.meta.fileName.replace(/\.[^.]+$/, '') || 'chapters').replace(/[^\p{L}\p{N}._-]+/gu, '-');
}

function requireTimes(chapters: Chapter[], format: string): { title: string; time: number; end: number }[] {
  if (chapters.length === 0 || chapters.some((c) => c.time === undefined)) {
    throw new LecternError(
      'INVALID_ARGUMENT',
      `${format} chapters need timestamps: only transcripts have them. Use the Markdown or JSON export for this document.`,
    );
  }
  return chapters.map((c, i) => ({ title: c.title, time: c.time ?? 0, end: chapters[i + 1]?.time ?? Number.NaN }));
}

/**
 * Writes chapters in the formats people paste into podcast hosts, players and video descriptions:
 * Podcasting 2.0 JSON chapters (version 1.2.0), WebVTT chapters, YouTube description timestamps (the first at 0:00,
 * as YouTube requires), and a Markdown outline with pages or times.
 */
export function exportChapters(
  doc: DocumentSummary,
  chapters: Chapter[],
  format: ChapterExportFormat,
  durationSec?: number,
): ChapterExport {
  const name = baseName(doc);
  switch (format) {
    case 'json':
      return {
        format,
        // Not `.chapters.json`: that name is the Podcasting 2.0 file's, and the two would overwrite each other.
        fileName: `${name}.lectern-chapters.json`,
        mimeType: 'application/json',
        content: `${JSON.stringify({ title: doc.title, chapters }, null, 2)}\n`,
      };
    case 'podcast': {
      const timed = requireTimes(
        chapters.filter((c) => c.level === 1),
        'Podcasting 2.0',
      );
      const content = {
        version: '1.2.0',
        chapters: timed.map((c, i) => ({
          startTime: i === 0 ? 0 : Math.round(c.time * 1000) / 1000,
          title: c.title,
          // The spec's optional endTime: known for the last chapter only once the recording's length is.
          ...(i === timed.length - 1 && durationSec !== undefined
            ? { endTime: Math.round(durationSec * 1000) / 1000 }
            : {}),
        })),
      };
      return {
        format,
        fileName: `${name}.chapters.json`,
        mimeType: 'application/json+chapters',
        content: `${JSON.stringify(content, null, 2)}\n`,
      };
    }
    case 'vtt': {
      const timed = requireTimes(
        chapters.filter((c) => c.level === 1),
        'WebVTT',
      );
      const end = durationSec ?? doc.meta.durationSec ?? (timed.at(-1)?.time ?? 0) + 60;
      const cues = timed.map(
        (c, i) =>
          `Chapter ${i + 1}\n${vttTime(i === 0 ? 0 : c.time)} --> ${vttTime(Number.isNaN(c.end) ? end : c.end)}\n${c.title.replace(/-->/g, '→')}`,
      );
      return {
        format,
        fileName: `${name}.chapters.vtt`,
        mimeType: 'text/vtt',
        content: `WEBVTT\n\n${cues.join('\n\n')}\n`,
      };
    }
    case 'youtube': {
      const timed = requireTimes(
        chapters.filter((c) => c.level === 1),
        'YouTube',
      );
      const withHours = (timed.at(-1)?.time ?? 0) >= 3600;
      const lines = timed.map((c, i) => `${youtubeTime(i === 0 ? 0 : c.time, withHours)} ${c.title}`);
      return { format, fileName: `${name}.youtube.txt`, mimeType: 'text/plain', content: `${lines.join('\n')}\n` };
    }
    case 'md': {
      const lines = chapters.map((c) => {
        const where =
          c.page !== undefined
            ? ` (p. ${c.page})`
            : c.time !== undefined
              ? ` (${youtubeTime(c.time, c.time >= 3600)})`
              : '';
        return `${'  '.repeat(Math.max(0, c.level - 1))}- ${c.title}${where}`;
      });
      return {
        format,
        fileName: `${name}.outline.md`,
        mimeType: 'text/markdown',
        content: `# ${doc.title}\n\n${lines.join('\n')}\n`,
      };
    }
  }
}
