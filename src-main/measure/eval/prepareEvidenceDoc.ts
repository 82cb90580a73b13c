import type { CountTokens } from '../../engine/index/countTokens';
import { DEFAULT_SEGMENT_TOKENS, segmentDocument, type Segment } from '../../engine/index/segmentDocument';
import { hasHeadingLines, headingChapters, unitsOf, type QaDoc } from './evidenceData';

/** An evaluation document cut into segments as the app cuts an imported one (heading lines as chapters). */
export function prepareEvidenceDoc(
  doc: QaDoc,
  count: CountTokens,
  segmentTokens = DEFAULT_SEGMENT_TOKENS,
  headings = true,
): Segment[] {
  const units = unitsOf(doc);
  return segmentDocument(
    { text: doc.text, units },
    {
      maxTokens: segmentTokens,
      countTokens: count,
      ...(headings === false || !hasHeadingLines(doc) ? {} : { chapters: headingChapters(doc.text, units) }),
    },
  );
}
