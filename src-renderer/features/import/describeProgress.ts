import type { JobProgress } from '../../../src-shared/contract';

interface PhaseText {
  label: string;
  /**
   * How the engine's `done`/`total` read in words, for phases whose counts are items rather than bytes or percent.
   * Their `message` (when any) is shown after the count, in brackets.
   */
  count?: (done: number, total: number) => string;
}

const finished = (unit?: string) => (done: number, total: number) =>
  `${Math.min(done, total)} of ${total}${unit ? ` ${unit}` : ''}`;

const PHASES: Record<string, PhaseText> = {
  reading: { label: 'Reading' },
  // The engine reports OCR before it starts a page, so the page in work is done + 1.
  ocr: { label: 'Recognising text (OCR)', count: (done, total) => `page ${Math.min(done + 1, total)} of ${total}` },
  chapters: { label: 'Finding chapters' },
  saving: { label: 'Saving' },
  done: { label: 'Finished' },
  preparing: { label: 'Preparing the document' },
  compressing: { label: 'Compressing' },
  embedding: { label: 'Indexing passages for search', count: finished() },
  scoring: { label: 'Choosing the words to keep', count: finished('parts') },
  summaries: { label: 'Writing chapter summaries', count: finished() },
  titles: { label: 'Titling chapters with the model', count: finished('parts') },
  answering: { label: 'Answering' },
  loading: { label: 'Loading' },
  connecting: { label: 'Connecting' },
  downloading: { label: 'Downloading' },
  verifying: { label: 'Checking the download' },
};

/** "Recognising text (OCR): page 3 of 12", "Indexing passages for search: 40 of 120", from a progress event. */
export function describeProgress(progress: JobProgress): string {
  const known = PHASES[progress.phase];
  const phase = known?.label ?? progress.phase.charAt(0).toUpperCase() + progress.phase.slice(1);
  if (known?.count && progress.total > 0) {
    const counted = `${phase}: ${known.count(progress.done, progress.total)}`;
    // A message that only repeats the count ("window 2 of 5") adds nothing; a chapter title does.
    return progress.message && !/\d+ of \d+/.test(progress.message) ? `${counted} (${progress.message})` : counted;
  }
  // "Reading page 24 of 352" already names its phase: "Reading: Reading page…" would say it twice.
  if (progress.message?.toLowerCase().startsWith(phase.toLowerCase())) return progress.message;
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
