import type { CountTokens } from '../index/countTokens';
import type { DocumentIndex } from '../index/documentIndex';
import { buildFocusedIndex, FOCUS_HITS, FOCUS_MIN_CHARS, focusQuery } from '../index/focusedIndex';
import type { Library } from '../store/Library';

/**
 * Focused indexes for questions about very long documents (see `focusedIndex.ts`): undefined for a document short
 * enough to index whole. The text of the last such document stays in memory, so its next question reads only the
 * FTS5 index and a few hundred units.
 */
export function focusedIndexes(library: () => Library) {
  let text: { docId: string; text: string } | undefined;
  return (docId: string, question: string, countTokens?: CountTokens): DocumentIndex | undefined => {
    const size = library().documents.size(docId);
    if (size.chars < FOCUS_MIN_CHARS) return undefined;
    if (text?.docId !== docId) {
      text = undefined; // the last document's text goes before the next one's is read
      text = { docId, text: library().documents.text(docId) };
    }
    const { document } = library().documents.get(docId, { limit: 0 });
    const hits = library()
      .search.units(docId, focusQuery(question), FOCUS_HITS)
      .map((h) => h.unitIndex);
    return buildFocusedIndex(
      {
        doc: { ...document, text: text.text },
        unitCount: size.units,
        chapters: library().chapters.list(docId),
        hits,
        unitRange: (from, to) => library().documents.unitRange(docId, from, to),
      },
      countTokens,
    );
  };
}
