import type { Chapter } from '../../../src-shared/domain/chapter';
import type { Anchor, LecternDocument } from '../../../src-shared/domain/document';
import type { CountTokens } from './countTokens';
import type { PoolMember } from './pooledIndex';
import { indexSegments, type SegmentIndex } from './retrieve';
import { segmentDocument, type Segment } from './segmentDocument';

/** A document ready for questions: its segments and their keyword index, built once and reused by every question. */
export interface DocumentIndex {
  doc: LecternDocument;
  segments: Segment[];
  index: SegmentIndex;
  docTokens: number;
  /** Which tokenizer counted the tokens: the chat model's, or the model-free estimate. */
  tokenizer: 'model' | 'estimate';
  /**
   * Set when only the neighbourhoods of one question's keyword matches were indexed (`buildFocusedIndex`, for very
   * long documents): how many units were, of how many.
   */
  focus?: { units: number; ofUnits: number };
  /** Set when this index pools several documents (a collection): where each one is (see `buildPooledIndex`). */
  pool?: readonly PoolMember[];
}

export function buildDocumentIndex(
  doc: LecternDocument,
  chapters: readonly Chapter[],
  countTokens?: CountTokens,
): DocumentIndex {
  const segments = segmentDocument(doc, {
    ...(countTokens ? { countTokens } : {}),
    chapters: chapters.map((c) => ({ startUnit: c.startUnit, endUnit: c.endUnit, title: c.title })),
  });
  return {
    doc,
    segments,
    index: indexSegments(doc.text, segments),
    docTokens: segments.reduce((sum, s) => sum + s.tokens, 0),
    tokenizer: countTokens ? 'model' : 'estimate',
  };
}

/** The unit containing character `offset` (binary search over the units' start offsets). */
export function unitAt(doc: LecternDocument, offset: number): { unitIndex: number; anchor: Anchor } {
  let lo = 0;
  let hi = doc.units.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((doc.units[mid]?.start ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const unit = doc.units[lo];
  return { unitIndex: unit?.index ?? 0, anchor: unit?.anchor ?? { type: 'text', line: 1 } };
}
