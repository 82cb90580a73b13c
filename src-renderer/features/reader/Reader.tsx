import { useCallback, useMemo, useState } from 'react';
import { PopupMenu } from '../../components/Menu';
import { VirtualList } from '../../components/VirtualList';
import { useStore } from '../../store';
import { UNIT_CHUNK, type UnitWithText } from '../../store/readerSlice';
import { MediaPlayer } from './MediaPlayer';
import { PdfPageView } from './pdf/PdfPageView';
import { PdfViewToggle } from './PdfViewToggle';
import { UnitRow } from './UnitRow';

/** How many units past the viewport to fetch ahead, so scrolling rarely meets a placeholder. */
const PREFETCH = 100;

/**
 * The open document: a PDF as its real pages (pdf.js) or, at the user's choice, as text blocks under "Page n" headers;
 * transcripts as cues with timestamps and speakers, virtualised. Right-click or "⋯" on a unit of the text to start a
 * new chapter there.
 */
export function Reader() {
  const doc = useStore((s) => s.openDoc);
  const totalUnits = useStore((s) => s.totalUnits);
  const unitChunks = useStore((s) => s.unitChunks);
  const scrollTarget = useStore((s) => s.scrollTarget);
  const highlightUnit = useStore((s) => s.highlightUnit);
  const chapters = useStore((s) => s.chapters);
  const ensureUnits = useStore((s) => s.ensureUnits);
  const setTopUnit = useStore((s) => s.setTopUnit);
  const splitChapter = useStore((s) => s.splitChapter);
  const notify = useStore((s) => s.notify);
  const pdfView = useStore((s) => s.pdfView);
  const [menu, setMenu] = useState<{ unit: number; at: { x: number; y: number } }>();
  const hasMedia = useStore((s) => Boolean(s.openDocId && s.media[s.openDocId]));
  const mediaTime = useStore((s) => s.mediaTime);
  const playAt = useStore((s) => s.playAt);

  const unitAt = useCallback(
    (i: number): UnitWithText | undefined => unitChunks[Math.floor(i / UNIT_CHUNK)]?.[i % UNIT_CHUNK],
    [unitChunks],
  );
  const chapterStarts = useMemo(() => new Map(chapters.map((c) => [c.startUnit, c])), [chapters]);
  const onMenu = useCallback((unit: number, at: { x: number; y: number }) => setMenu({ unit, at }), []);
  const kind = doc?.kind ?? 'text';
  // The cue being spoken: looked up among the loaded units only (the ones near the view, where it matters).
  const speakingUnit = useMemo(() => {
    if (!hasMedia || mediaTime <= 0) return undefined;
    for (const [chunk, units] of Object.entries(unitChunks)) {
      const at = units.findIndex(
        (u) => u.anchor.type === 'time' && u.anchor.start <= mediaTime && mediaTime < u.anchor.end,
      );
      if (at >= 0) return Number(chunk) * UNIT_CHUNK + at;
    }
    return undefined;
  }, [hasMedia, mediaTime, unitChunks]);
  const onPlay = useMemo(() => (hasMedia ? (seconds: number) => void playAt(seconds) : undefined), [hasMedia, playAt]);

  const renderRow = useCallback(
    (i: number) => (
      <UnitRow
        index={i}
        unit={unitAt(i)}
        prev={i > 0 ? unitAt(i - 1) : undefined}
        kind={kind}
        chapter={chapterStarts.get(i)}
        highlighted={highlightUnit === i}
        speaking={speakingUnit === i}
        onMenu={onMenu}
        onPlay={onPlay}
      />
    ),
    [unitAt, kind, chapterStarts, highlightUnit, speakingUnit, onMenu, onPlay],
  );
  const onRangeChange = useCallback(
    (first: number, last: number) => {
      setTopUnit(first);
      ensureUnits(first, last + PREFETCH);
    },
    [setTopUnit, ensureUnits],
  );
  const target = useMemo(
    () => (scrollTarget ? { index: scrollTarget.unit, seq: scrollTarget.seq } : undefined),
    [scrollTarget],
  );

  if (kind === 'pdf' && pdfView === 'page') return <PdfPageView key={doc?.id} toolbarStart={<PdfViewToggle />} />;

  const menuUnit = menu?.unit ?? 0;
  const chapter = chapters.find((c) => c.startUnit <= menuUnit && menuUnit < c.endUnit);
  const text = menu ? unitAt(menu.unit)?.text : undefined;

  return (
    <>
      {kind === 'transcript' && doc && <MediaPlayer docId={doc.id} />}
      {kind === 'pdf' && (
        <div className="reader-toolbar" role="toolbar" aria-label="Reader">
          <PdfViewToggle />
        </div>
      )}
      <VirtualList
        count={totalUnits}
        estimateHeight={kind === 'transcript' ? 30 : 64}
        renderRow={renderRow}
        scrollTarget={target}
        onRangeChange={onRangeChange}
        className={`reader reader-${kind}`}
        label={`Text of ${doc?.title ?? 'the document'}`}
        testId="reader"
      />
      {menu && (
        <PopupMenu
          label="Unit actions"
          at={menu.at}
          onClose={() => setMenu(undefined)}
          items={[
            {
              label: 'Start a new chapter here',
              disabled: !chapter || chapter.startUnit === menu.unit,
              hint: chapter?.startUnit === menu.unit ? 'A chapter already starts here.' : undefined,
              onSelect: () => {
                if (!chapter) return;
                void splitChapter(chapter.index, menu.unit).then((error) =>
                  notify(error ? `Could not split the chapter: ${error.message}` : 'New chapter started here.'),
                );
              },
            },
            {
              label: 'Copy text',
              disabled: !text,
              onSelect: () => {
                void navigator.clipboard.writeText(text ?? '').then(
                  () => notify('Copied.'),
                  () => notify('Copying needs clipboard permission.'),
                );
              },
            },
          ]}
        />
      )}
    </>
  );
}
