import type { Citation } from '../../../src-shared/contract';
import { CitationChip } from './CitationChip';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The answer with each cited label (`[S12]`) replaced by a chip that opens the source. */
export function AnswerText({ text, citations }: { text: string; citations: Citation[] }) {
  if (citations.length === 0) return <p className="answer-text">{text}</p>;
  const byLabel = new Map(citations.map((c) => [c.segmentId, c]));
  const pattern = new RegExp(`\\[(${citations.map((c) => escapeRegExp(c.segmentId)).join('|')})\\]`, 'g');
  const parts = text.split(pattern);
  return (
    <p className="answer-text">
      {parts.map((part, i) => {
        // split() with one capture group alternates text and labels.
        const citation = i % 2 === 1 ? byLabel.get(part) : undefined;
        return citation ? (
          <CitationChip
            key={i}
            anchor={citation.anchor}
            unitIndex={citation.unitIndex}
            unverified={citation.quoteFound === false}
            {...(citation.quote && citation.quoteFound !== false ? { quote: citation.quote } : {})}
          />
        ) : (
          <span key={i}>{part}</span>
        );
      })}
    </p>
  );
}
