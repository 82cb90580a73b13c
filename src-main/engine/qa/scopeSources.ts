import type { AnswerSource } from '../../../src-shared/domain/answer';
import type { DocumentIndex } from '../index/documentIndex';

/**
 * The documents of a pooled scope that the answer's evidence comes from (those its citations or passages name), in
 * the scope's order. Undefined for one document: there is nothing to say.
 */
export function sourcesOf(
  index: DocumentIndex,
  cited: readonly { docId?: string | undefined }[],
): AnswerSource[] | undefined {
  if (!index.pool) return undefined;
  const used = new Set(cited.map((c) => c.docId));
  return index.pool.filter((m) => used.has(m.docId)).map((m) => ({ docId: m.docId, short: m.short, title: m.title }));
}

/** ` from 2 documents: D1 “Title”, D3 “Title”`, or nothing for one document or none. */
export function describeSources(sources: readonly AnswerSource[] | undefined): string {
  if (!sources || sources.length === 0) return '';
  const names = sources.map((s) => `${s.short} “${s.title}”`).join(', ');
  return sources.length === 1 ? `, all from one document: ${names}` : ` from ${sources.length} documents: ${names}`;
}
