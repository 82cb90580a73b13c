import { memo, type MouseEvent } from 'react';
import type { Chapter, DocumentKind } from '../../../src-shared/contract';
import { Icon } from '../../components/Icon';
import { formatTime } from '../../lib/format';
import type { UnitWithText } from '../../store/readerSlice';

interface UnitRowProps {
  index: number;
  unit?: UnitWithText;
  /** The unit before, to know when a new page or a new speaker starts. */
  prev?: UnitWithText;
  kind: DocumentKind;
  chapter?: Chapter;
  highlighted: boolean;
  /** The cue the recording is playing now. */
  speaking?: boolean;
  onMenu: (unit: number, at: { x: number; y: number }) => void;
  /** Plays the recording from a second; absent when the document has none. */
  onPlay?: (seconds: number) => void;
}

/** One unit of the reader: a PDF text block (with a page header where a page starts), a cue, or a paragraph. */
export const UnitRow = memo(function UnitRow({
  index,
  unit,
  prev,
  kind,
  chapter,
  highlighted,
  speaking,
  onMenu,
  onPlay,
}: UnitRowProps) {
  if (!unit) {
    return <div className="unit placeholder" aria-hidden="true" />;
  }
  const anchor = unit.anchor;
  const pageStart =
    anchor.type === 'page' && (index === 0 || (prev?.anchor.type === 'page' && prev.anchor.page !== anchor.page));
  const speaker = anchor.type === 'time' ? anchor.speaker : undefined;
  const speakerChanged = speaker && (prev?.anchor.type !== 'time' || prev.anchor.speaker !== speaker);
  const openMenu = (e: MouseEvent) => {
    e.preventDefault();
    onMenu(index, { x: e.clientX, y: e.clientY });
  };
  const className = [
    'unit',
    `unit-${kind}`,
    unit.headingLevel ? `heading-${Math.min(unit.headingLevel, 3)}` : '',
    highlighted ? 'highlight' : '',
    speaking ? 'speaking' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      {pageStart && anchor.type === 'page' && (
        <h3 className="page-head" data-page={anchor.page}>
          Page {anchor.page}
        </h3>
      )}
      {chapter && (
        <div className={`chapter-mark level-${Math.min(chapter.level, 3)}`} data-chapter-start={chapter.index}>
          {chapter.title}
        </div>
      )}
      <div
        className={className}
        data-unit={index}
        data-testid={highlighted ? 'highlighted-unit' : undefined}
        aria-current={highlighted ? 'location' : undefined}
        data-speaking={speaking ? 'true' : undefined}
        onContextMenu={openMenu}
      >
        {anchor.type === 'time' &&
          (onPlay ? (
            <button
              type="button"
              className="timestamp play-from"
              aria-label={`Play from ${formatTime(anchor.start)}`}
              onClick={() => onPlay(anchor.start)}
            >
              {formatTime(anchor.start)}
            </button>
          ) : (
            <span className="timestamp">{formatTime(anchor.start)}</span>
          ))}
        <p className="unit-text">
          {speakerChanged && <span className="speaker">{speaker}</span>}
          {unit.text}
        </p>
        <button
          type="button"
          className="icon-button unit-more"
          aria-label={`Actions for ${anchor.type === 'time' ? formatTime(anchor.start) : `paragraph ${index + 1}`}`}
          aria-haspopup="menu"
          onClick={(e) => {
            const rect = e.currentTarget.getBoundingClientRect();
            onMenu(index, { x: rect.left - 180, y: rect.bottom + 4 });
          }}
        >
          <Icon name="more" />
        </button>
      </div>
    </>
  );
});
