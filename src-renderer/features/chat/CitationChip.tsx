import type { Anchor } from '../../../src-shared/contract';
import { anchorLabel } from '../../lib/format';
import { useStore } from '../../store';

/** `p.34` or `41:05`: opens the reader at the cited unit and highlights it. */
export function CitationChip({
  anchor,
  unitIndex,
  unverified,
}: {
  anchor: Anchor;
  unitIndex: number;
  unverified?: boolean;
}) {
  const jumpToUnit = useStore((s) => s.jumpToUnit);
  const label = anchorLabel(anchor);
  return (
    <button
      type="button"
      className={unverified ? 'chip unverified' : 'chip'}
      data-testid="citation"
      onClick={() => jumpToUnit(unitIndex, true)}
      aria-label={`Show source at ${anchor.type === 'page' ? `page ${anchor.page}` : label}${unverified ? ' (quote not found in the source)' : ''}`}
      title={unverified ? 'The quoted words were not found at this place in the document' : undefined}
    >
      {label}
      {unverified && <span aria-hidden="true"> ?</span>}
    </button>
  );
}
