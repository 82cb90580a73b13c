import type { DocumentSummary } from '../../../src-shared/contract';
import { formatCount, formatDuration } from '../../lib/format';

/** "9 pages" / "21 min" / "43 paragraphs": the size of a document in the unit its kind is measured in. */
export function documentFacts(doc: DocumentSummary): string {
  if (doc.kind === 'pdf' && doc.meta.pages) {
    const ocr = doc.meta.ocrPages?.length ? `, ${doc.meta.ocrPages.length} OCR` : '';
    return `${doc.meta.pages} ${doc.meta.pages === 1 ? 'page' : 'pages'}${ocr}`;
  }
  if (doc.kind === 'transcript' && doc.meta.durationSec) return formatDuration(doc.meta.durationSec);
  return `${formatCount(doc.unitCount)} paragraphs`;
}
