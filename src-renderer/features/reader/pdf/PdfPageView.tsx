import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ErrorPayload } from '../../../../src-shared/contract';
import { Icon } from '../../../components/Icon';
import { useStore } from '../../../store';
import { UNIT_CHUNK, type UnitWithText } from '../../../store/readerSlice';
import { loadPdf, type LoadedPdf } from './loadPdf';
import { PdfPage, type PageMark, type Size } from './PdfPage';
import { nextZoom, type Zoom } from './zoom';

/** Space above the first page and between pages, and the least space beside a page. */
const GAP = 16;
const SIDE = 20;
/** Pages drawn beyond the visible ones, above and below. */
const OVERSCAN = 1;
/** A target is scrolled to this far below the view's top, so the line above it shows too. */
const TARGET_MARGIN = 48;

type LoadState =
  | { status: 'loading' }
  | { status: 'error'; error: ErrorPayload }
  | { status: 'ready'; loaded: LoadedPdf; first: Size };

/** Index of the last page whose top is at or above `y`. */
function pageAt(tops: Float64Array, count: number, y: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((tops[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/**
 * The loaded unit being read on a page: the last one that starts above `y` (scale 1, from the page top), else the
 * page's first. For the outline's current chapter and the Text view's starting point.
 */
function unitAtOnPage(
  chunks: Record<number, UnitWithText[]>,
  page: number,
  pageHeight: number,
  y: number,
): number | undefined {
  let first: number | undefined;
  let above: { index: number; top: number } | undefined;
  for (const chunk of Object.values(chunks)) {
    for (const unit of chunk) {
      if (unit.anchor.type !== 'page' || unit.anchor.page !== page) continue;
      if (first === undefined || unit.index < first) first = unit.index;
      const top = unit.anchor.bbox ? pageHeight - unit.anchor.bbox[3] : undefined;
      if (
        top !== undefined &&
        top <= y &&
        (!above || top > above.top || (top === above.top && unit.index > above.index))
      )
        above = { index: unit.index, top };
    }
  }
  return above?.index ?? first;
}

/**
 * A PDF's real pages, drawn by pdf.js (mounted once per document: give it the document id as its key). Virtualised: only the pages in view (and one either side) have a canvas, so
 * a 400-page report holds a handful. Fit to width by default; − / + and Ctrl+- / Ctrl+= zoom, Ctrl+0 fits again.
 * A citation scrolls to its page and marks the quoted words (or the cited passage) on it.
 */
export function PdfPageView({ toolbarStart }: { toolbarStart: ReactNode }) {
  const docId = useStore((s) => s.openDocId);
  const title = useStore((s) => s.openDoc?.title);
  const scrollTarget = useStore((s) => s.scrollTarget);
  const highlightUnit = useStore((s) => s.highlightUnit);
  const highlightQuote = useStore((s) => s.highlightQuote);
  const unitChunks = useStore((s) => s.unitChunks);
  const chapters = useStore((s) => s.chapters);
  const ensureUnits = useStore((s) => s.ensureUnits);
  const setTopUnit = useStore((s) => s.setTopUnit);
  const setPdfView = useStore((s) => s.setPdfView);

  const scroller = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [sizes, setSizes] = useState<Record<number, Size>>({});
  const [view, setView] = useState({ width: 0, height: 0, scrollTop: 0 });
  const [zoom, setZoom] = useState<Zoom>('fit');

  useEffect(() => {
    if (!docId) return;
    let live = true;
    let opened: LoadedPdf | undefined;
    void (async () => {
      const result = await loadPdf(docId);
      if (!result.ok) {
        if (live) setState({ status: 'error', error: result.error });
        return;
      }
      opened = result.value;
      if (!live) return void opened.close();
      const first = (await opened.pdf.getPage(1)).getViewport({ scale: 1 });
      if (live) setState({ status: 'ready', loaded: opened, first: { width: first.width, height: first.height } });
    })();
    return () => {
      live = false;
      void opened?.close();
    };
  }, [docId]);

  const ready = state.status === 'ready' ? state : undefined;
  const count = ready?.loaded.pdf.numPages ?? 0;
  const sizeOf = useCallback(
    (page: number): Size => sizes[page] ?? ready?.first ?? { width: 612, height: 792 },
    [sizes, ready],
  );
  const fitScale = ready && view.width > 0 ? Math.max(0.25, (view.width - 2 * SIDE) / ready.first.width) : 1;
  const scale = zoom === 'fit' ? fitScale : zoom;

  const tops = useMemo(() => {
    const out = new Float64Array(count + 1);
    out[0] = GAP;
    for (let i = 0; i < count; i++) out[i + 1] = (out[i] ?? 0) + sizeOf(i + 1).height * scale + GAP;
    return out;
  }, [count, sizeOf, scale]);
  const widest = useMemo(() => {
    let w = ready?.first.width ?? 0;
    for (const s of Object.values(sizes)) w = Math.max(w, s.width);
    return w * scale;
  }, [ready, sizes, scale]);

  // The page being read, kept as page + fraction so zooming and late page sizes keep it in place.
  const anchor = useRef({ page: 0, fraction: 0 });
  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setView((v) => (v.scrollTop === el.scrollTop ? v : { ...v, scrollTop: el.scrollTop }));
    const page = pageAt(tops, count, el.scrollTop);
    const height = (tops[page + 1] ?? 0) - (tops[page] ?? 0);
    anchor.current = { page, fraction: height > 0 ? (el.scrollTop - (tops[page] ?? 0)) / height : 0 };
  }, [tops, count]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () =>
      setView((v) =>
        v.width === el.clientWidth && v.height === el.clientHeight
          ? v
          : { ...v, width: el.clientWidth, height: el.clientHeight },
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ready]);

  // After a zoom, a resize or a page size arriving, put the page being read back where it was.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || count === 0) return;
    const { page, fraction } = anchor.current;
    const height = (tops[page + 1] ?? 0) - (tops[page] ?? 0);
    const y = Math.round((tops[page] ?? 0) + fraction * height);
    if (Math.abs(el.scrollTop - y) > 1) el.scrollTop = y;
  }, [tops, count]);

  const scrollToY = useCallback(
    (page: number, y: number) => {
      const el = scroller.current;
      if (!el) return;
      const target = Math.max(0, (tops[page - 1] ?? 0) + y * scale - TARGET_MARGIN);
      el.scrollTop = target;
      const index = page - 1;
      const height = (tops[index + 1] ?? 0) - (tops[index] ?? 0);
      anchor.current = { page: index, fraction: height > 0 ? (target - (tops[index] ?? 0)) / height : 0 };
      setView((v) => ({ ...v, scrollTop: el.scrollTop }));
    },
    [tops, scale],
  );

  // A jump (chapter, citation, switching views): to the unit's page, and to its box when the import recorded one.
  const handled = useRef(0);
  useEffect(() => {
    if (!ready || !scrollTarget || handled.current === scrollTarget.seq) return;
    const unit = unitChunks[Math.floor(scrollTarget.unit / UNIT_CHUNK)]?.[scrollTarget.unit % UNIT_CHUNK];
    if (!unit) {
      ensureUnits(scrollTarget.unit, scrollTarget.unit);
      return;
    }
    handled.current = scrollTarget.seq;
    if (unit.anchor.type !== 'page') return;
    const { page, bbox } = unit.anchor;
    const pageHeight = sizeOf(page).height;
    scrollToY(page, bbox ? Math.max(0, pageHeight - bbox[3]) : 0);
  }, [ready, scrollTarget, unitChunks, ensureUnits, sizeOf, scrollToY]);

  // The cited passage to mark: the unit a citation jumped to (the Text view highlights the same unit).
  const markedUnit =
    scrollTarget && highlightUnit === scrollTarget.unit
      ? unitChunks[Math.floor(highlightUnit / UNIT_CHUNK)]?.[highlightUnit % UNIT_CHUNK]
      : undefined;
  const mark = useMemo((): PageMark | undefined => {
    if (!scrollTarget || markedUnit?.anchor.type !== 'page') return undefined;
    const { page, bbox } = markedUnit.anchor;
    return {
      page,
      seq: scrollTarget.seq,
      text: markedUnit.text,
      ...(highlightQuote ? { quote: highlightQuote } : {}),
      ...(bbox ? { bbox } : {}),
    };
  }, [scrollTarget, markedUnit, highlightQuote]);

  const onMarkPlaced = useCallback(
    (page: number, seq: number, y: number) => {
      const el = scroller.current;
      if (!el || seq !== mark?.seq) return;
      const top = (tops[page - 1] ?? 0) + y * scale;
      // Only when the mark is out of sight: a visible mark must not make the page jump.
      if (top < el.scrollTop + 8 || top > el.scrollTop + el.clientHeight - 40) scrollToY(page, y);
    },
    [mark, tops, scale, scrollToY],
  );

  const onSize = useCallback((page: number, size: Size) => {
    setSizes((s) => {
      const known = s[page];
      if (known && Math.abs(known.width - size.width) < 0.5 && Math.abs(known.height - size.height) < 0.5) return s;
      return { ...s, [page]: size };
    });
  }, []);

  const zoomBy = useCallback(
    (direction: 1 | -1 | 0) => setZoom(direction === 0 ? 'fit' : nextZoom(scale, direction)),
    [scale],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || document.querySelector('dialog[open]')) return;
      const direction = e.key === '=' || e.key === '+' ? 1 : e.key === '-' ? -1 : e.key === '0' ? 0 : undefined;
      if (direction === undefined) return;
      // Instead of the browser's own zoom, which would scale the whole window.
      e.preventDefault();
      zoomBy(direction);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [zoomBy]);

  const readingY = view.scrollTop + view.height / 3;
  const current = count > 0 ? pageAt(tops, count, readingY) + 1 : 0;
  // Where on that page, at scale 1, in steps of 8 points so scrolling does not update the store on every pixel.
  const offsetInPage = current > 0 ? Math.floor((readingY - (tops[current - 1] ?? 0)) / scale / 8) * 8 : 0;
  useEffect(() => {
    if (current === 0) return;
    // The outline marks the chapter in view: the unit read on this page, else the chapter that has begun.
    let unit = unitAtOnPage(unitChunks, current, sizeOf(current).height, offsetInPage);
    if (unit === undefined) for (const c of chapters) if (c.page !== undefined && c.page <= current) unit = c.startUnit;
    if (unit !== undefined) setTopUnit(unit);
  }, [current, offsetInPage, unitChunks, chapters, sizeOf, setTopUnit]);

  const first = Math.max(0, pageAt(tops, count, view.scrollTop) - OVERSCAN);
  const last = Math.min(count - 1, pageAt(tops, count, view.scrollTop + view.height) + OVERSCAN);
  const pages: number[] = [];
  for (let i = first; i <= last && count > 0; i++) pages.push(i + 1);
  const innerWidth = Math.max(view.width, widest + 2 * SIDE);

  return (
    <div className="pdf-reader">
      <div className="reader-toolbar" role="toolbar" aria-label="Reader">
        {toolbarStart}
        <span className="spacer" />
        {ready && (
          <>
            <span className="muted small page-count" data-testid="page-indicator" aria-live="polite">
              Page {current} of {count}
            </span>
            <div className="zoom" role="group" aria-label="Zoom">
              <button
                type="button"
                className="icon-button"
                aria-label="Zoom out"
                title="Zoom out (Ctrl+-)"
                onClick={() => zoomBy(-1)}
              >
                <Icon name="minus" />
              </button>
              <button
                type="button"
                className="zoom-value"
                data-testid="zoom-value"
                aria-label={`Zoom ${Math.round(scale * 100)}%${zoom === 'fit' ? ', fit to width' : '. Fit to width'}`}
                title="Fit to width (Ctrl+0)"
                aria-pressed={zoom === 'fit'}
                onClick={() => zoomBy(0)}
              >
                {Math.round(scale * 100)}%
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label="Zoom in"
                title="Zoom in (Ctrl+=)"
                onClick={() => zoomBy(1)}
              >
                <Icon name="plus" />
              </button>
            </div>
          </>
        )}
      </div>
      {state.status === 'error' && (
        <div className="pdf-unavailable" role="alert" data-testid="pdf-unavailable">
          <p>The pages cannot be shown. {state.error.message}</p>
          <button type="button" onClick={() => setPdfView('text')}>
            Show the text instead
          </button>
        </div>
      )}
      {state.status === 'loading' && <p className="muted pad">Loading the pages…</p>}
      {ready && (
        <div
          ref={scroller}
          className="pdf-view"
          data-testid="pdf-view"
          tabIndex={0}
          role="region"
          aria-label={`Pages of ${title ?? 'the document'}`}
          onScroll={onScroll}
        >
          <div className="pdf-pages" style={{ height: tops[count] ?? 0, width: innerWidth }}>
            {pages.map((n) => {
              const size = sizeOf(n);
              return (
                <PdfPage
                  key={n}
                  pdf={ready.loaded.pdf}
                  pageNumber={n}
                  scale={scale}
                  top={tops[n - 1] ?? 0}
                  left={Math.max(SIDE, (innerWidth - size.width * scale) / 2)}
                  size={size}
                  {...(mark?.page === n ? { mark } : {})}
                  onSize={onSize}
                  onMarkPlaced={onMarkPlaced}
                />
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
