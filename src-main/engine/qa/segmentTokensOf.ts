import type { LlamaModel } from 'node-llama-cpp';
import type { SegmentTokens } from '../compression/types';
import type { DocumentIndex } from '../index/documentIndex';

// Per model and document index (indexes are cached by the ask handlers): every question and estimate reuses it.
const cache = new WeakMap<LlamaModel, WeakMap<DocumentIndex, SegmentTokens[]>>();

/** The document's segments as the model sees them in the compressed state: a protected label, then the text. */
export function segmentTokensOf(model: LlamaModel, index: DocumentIndex): SegmentTokens[] {
  let perIndex = cache.get(model);
  if (!perIndex) cache.set(model, (perIndex = new WeakMap()));
  const cached = perIndex.get(index);
  if (cached) return cached;
  const tokens = index.segments.map((segment) => {
    const label = model.tokenize(`[${segment.label}] `);
    const body = model.tokenize(`${index.doc.text.slice(segment.start, segment.end)}\n`);
    // Labels survive eviction so the model can still cite every segment of the compressed document.
    return { tokens: [...label, ...body], protectedMask: [...label.map(() => true), ...body.map(() => false)] };
  });
  perIndex.set(index, tokens);
  return tokens;
}
