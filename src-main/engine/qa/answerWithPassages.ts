import type { AskResult, Passage } from '../../../src-shared/domain/answer';
import type { DocumentIndex } from '../index/documentIndex';
import { locate } from '../index/pooledIndex';
import { planContext } from './planContext';
import { describeSources, sourcesOf } from './scopeSources';

export const NO_EVIDENCE_ANSWER = 'I could not find anything about this in the document.';

/** Most passage tokens the answer without a model shows: a reader's page, not a model's context. */
export const READING_PASSAGE_TOKENS = 600;

/**
 * The answer without a chat model: the planner's passages-only plan for the question (what a model would get before
 * its overview is built), capped at a page of reading, with where each passage is. Labelled as passages, never
 * presented as a generated answer.
 */
export function answerWithPassages(index: DocumentIndex, question: string, ratio: number, started: number): AskResult {
  const plan = planContext({
    index: index.index,
    question,
    // No model holds anything here, so the slider's share does not apply: the reader gets a page of the best
    // passages at any ratio and document length (a short transcript at 4x, or even whole, left no room for one
    // labelled passage).
    docTokens: Math.max(index.docTokens, READING_PASSAGE_TOKENS),
    ratio: 1,
    stateReady: false,
    maxPassageTokens: READING_PASSAGE_TOKENS,
  });
  // The plan holds its pieces in document order (as a model reads them); a reader wants the best match first.
  const ranked = [...plan.pieces].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.start - b.start);
  const passages: Passage[] = ranked.map((p) => {
    // Offsets and units are the passage's own document's (a pool's are mapped back to their member).
    const { docId, unitIndex, anchor, offset } = locate(index, p.start);
    return {
      text: index.doc.text.slice(p.start, p.end).trim(),
      docId,
      segmentId: p.segment.id,
      label: p.label,
      start: offset,
      end: offset + (p.end - p.start),
      score: Math.round((p.score ?? 0) * 1000) / 1000,
      unitIndex,
      anchor,
    };
  });
  const noEvidence = passages.length === 0;
  const sources = sourcesOf(index, passages);
  return {
    mode: 'passages',
    answer: noEvidence
      ? NO_EVIDENCE_ANSWER
      : `No chat model is loaded, so here are the passages that best match your question${describeSources(sources)}:\n\n${passages.map((p) => `[${p.label}] ${p.text}`).join('\n\n')}`,
    citations: passages.map((p) => ({
      ...(p.docId !== undefined ? { docId: p.docId } : {}),
      segmentId: p.segmentId,
      unitIndex: p.unitIndex,
      anchor: p.anchor,
    })),
    ...(sources ? { sources } : {}),
    passages,
    noEvidence,
    timings: { prepareMs: 0, ttftMs: Math.round(performance.now() - started), decodeTokPerS: 0 },
    promptTokens: 0,
    kvTokens: 0,
    stateBytes: 0,
    ratio,
  };
}
