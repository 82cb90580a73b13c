import type { AskResult, Passage } from '../../../src-shared/domain/answer';
import { unitAt, type DocumentIndex } from '../index/documentIndex';
import { retrieve } from '../index/retrieve';
import { selectPassages } from './selectPassages';

export const NO_EVIDENCE_ANSWER = 'I could not find anything about this in the document.';

/**
 * The answer without a chat model: the best-matching passages of the top segments (EXIT-style sentence selection),
 * with where they are. Labelled as passages, never presented as a generated answer.
 */
export function answerWithPassages(index: DocumentIndex, question: string, ratio: number, started: number): AskResult {
  const ranked = retrieve(index.index, question, { k: 6 });
  const passages: Passage[] = selectPassages(index.doc.text, index.index, ranked, question, { maxPassages: 5 }).map(
    (p) => ({
      text: p.text.trim(),
      segmentId: p.segmentId,
      label: p.label,
      start: p.start,
      end: p.end,
      score: Math.round(p.score * 1000) / 1000,
      ...unitAt(index.doc, p.start),
    }),
  );
  const noEvidence = passages.length === 0;
  return {
    mode: 'passages',
    answer: noEvidence
      ? NO_EVIDENCE_ANSWER
      : `No chat model is loaded, so here are the passages that best match your question:\n\n${passages.map((p) => `[${p.label}] ${p.text}`).join('\n\n')}`,
    citations: passages.map((p) => ({ segmentId: p.segmentId, unitIndex: p.unitIndex, anchor: p.anchor })),
    passages,
    noEvidence,
    timings: { prepareMs: 0, ttftMs: Math.round(performance.now() - started), decodeTokPerS: 0 },
    promptTokens: 0,
    kvTokens: 0,
    stateBytes: 0,
    ratio,
  };
}
