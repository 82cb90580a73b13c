import type { Anchor } from '../../../src-shared/contract';
import { anchorLabel } from '../../lib/format';
import { useStore } from '../../store';

/** `p.34` or `41:05`: opens the reader at the cited unit and highlights it (the quoted words, on a PDF page). */
export function CitationChip({
  anchor,
  unitIndex,
  unverified,
  quote,
}: {
  anchor: Anchor;
  unitIndex: number;
  unverified?: boolean;
  /** What the answer quoted from this source; only passed when it was found there. */
  quote?: string;
}) {
  const jumpToUnit = useStore((s) => s.jumpToUnit);
  const playAt = useStore((s) => s.playAt);
  const label = anchorLabel(anchor);
  return (
    <button
      type="button"
      className={unverified ? 'chip unverified' : 'chip'}
      data-testid="citation"
      onClick={() => {
        jumpToUnit(unitIndex, true, quote);
        // A cited second of a transcript with its recording: hear it, too.
        if (anchor.type === 'time') playAt(anchor.start);
      }}
      // The visible label comes first in the name, so voice control users can say what they see.
      aria-label={`${label}: show the source${anchor.type === 'page' ? ` on page ${anchor.page}` : ''}${unverified ? ' (quote not found in the source)' : ''}`}
      title={unverified ? 'The quoted words were not found at this place in the document' : undefined}
    >
      {label}
      {unverified && <span aria-hidden="true"> ?</span>}
    </button>
  );
}
