import type { JobProgress } from '../../../src-shared/contract';

const PHASES: Record<string, string> = {
  reading: 'Reading',
  ocr: 'Recognising text (OCR)',
  chapters: 'Finding chapters',
  saving: 'Saving',
  done: 'Finished',
  compressing: 'Compressing',
  loading: 'Loading',
  downloading: 'Downloading',
};

/** "Recognising text (OCR): page 3 of 12", from a progress event, in words. */
export function describeProgress(progress: JobProgress): string {
  const phase = PHASES[progress.phase] ?? progress.phase.charAt(0).toUpperCase() + progress.phase.slice(1);
  if (progress.phase === 'ocr' && progress.total > 0) {
    return `${phase}: page ${Math.min(progress.done + 1, progress.total)} of ${progress.total}`;
  }
  if (progress.message) return `${phase}: ${progress.message}`;
  return phase;
}

/** 0..1 for the progress bar, counting finished files of a multi-file job. Undefined when it cannot be known. */
export function progressFraction(progress: JobProgress | undefined): number | undefined {
  if (!progress) return undefined;
  const within = progress.total > 0 ? Math.min(1, progress.done / progress.total) : undefined;
  if (progress.item) {
    return (progress.item.index + (within ?? 0)) / Math.max(1, progress.item.count);
  }
  return within;
}
