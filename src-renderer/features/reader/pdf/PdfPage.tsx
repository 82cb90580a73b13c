import { memo, useEffect, useRef, useState } from 'react';
import type { RenderTask, TextItem } from 'pdfjs-dist/types/src/display/api';
import { bboxToRect, findTextRects, type Rect } from './findTextRects';
import type { PDFDocumentProxy, PDFPageProxy } from './loadPdf';

export interface Size {
  width: number;
  height: number;
}

/** A passage to mark on a page: the quoted words if any, else the unit's text, else its box from the import. */
export interface PageMark {
  page: number;
  seq: number;
  quote?: string;
  text?: string;
  bbox?: [number, number, number, number];
}

/** How the mark was placed: `page` is the fallback (the passage was not found, so the whole page flashes). */
type Placed = { seq: number; how: 'quote' | 'text' | 'box'; rects: Rect[] } | { seq: number; how: 'page' };

/** Canvases larger than this many pixels are drawn at a lower resolution (Chromium's limit is about 2^28). */
const MAX_CANVAS_PIXELS = 2 ** 24;
/** Re-rendering after a zoom or resize waits this long, so a run of zoom steps renders once. */
const RERENDER_DELAY_MS = 120;

interface PdfPageProps {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  top: number;
  left: number;
  /** The page's size at scale 1 (a guess until the page is loaded). */
  size: Size;
  mark?: PageMark;
  onSize: (pageNumber: number, size: Size) => void;
  /** Where the mark's first box is, at scale 1 from the page top, so the view can scroll it into sight. */
  onMarkPlaced: (pageNumber: number, seq: number, y: number) => void;
}

async function placeMark(page: PDFPageProxy, mark: PageMark): Promise<Placed> {
  const transform = page.getViewport({ scale: 1 }).transform;
  const items = (await page.getTextContent()).items.filter((i): i is TextItem => 'str' in i);
  for (const [how, needle] of [
    ['quote', mark.quote],
    ['text', mark.text],
  ] as const) {
    if (!needle) continue;
    const rects = findTextRects(items, needle, transform);
    if (rects.length > 0) return { seq: mark.seq, how, rects };
  }
  if (mark.bbox) return { seq: mark.seq, how: 'box', rects: [bboxToRect(mark.bbox, transform)] };
  return { seq: mark.seq, how: 'page' };
}

/**
 * One page: drawn on a canvas at the screen's pixel density when it comes into view, with the cited passage marked.
 * A new rendering is drawn off-screen and swapped in, so zooming never shows a blank page.
 */
export const PdfPage = memo(function PdfPage({
  pdf,
  pageNumber,
  scale,
  top,
  left,
  size,
  mark,
  onSize,
  onMarkPlaced,
}: PdfPageProps) {
  const host = useRef<HTMLDivElement>(null);
  const [page, setPage] = useState<PDFPageProxy>();
  const [rendered, setRendered] = useState(false);
  const [placed, setPlaced] = useState<Placed>();
  const [failed, setFailed] = useState<string>();

  useEffect(() => {
    let live = true;
    pdf.getPage(pageNumber).then(
      (p) => {
        if (!live) return;
        setPage(p);
        const { width, height } = p.getViewport({ scale: 1 });
        onSize(pageNumber, { width, height });
      },
      (error: unknown) => live && setFailed(String(error)),
    );
    return () => {
      live = false;
    };
  }, [pdf, pageNumber, onSize]);

  const drawn = useRef(false);
  useEffect(() => {
    if (!page) return;
    let task: RenderTask | undefined;
    const timer = setTimeout(
      () => {
        const viewport = page.getViewport({ scale });
        const density = Math.min(
          window.devicePixelRatio || 1,
          Math.sqrt(MAX_CANVAS_PIXELS / Math.max(1, viewport.width * viewport.height)),
        );
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width * density);
        canvas.height = Math.floor(viewport.height * density);
        canvas.className = 'pdf-canvas';
        canvas.dataset.testid = 'pdf-canvas';
        canvas.setAttribute('aria-hidden', 'true');
        task = page.render({
          canvas,
          viewport,
          ...(density !== 1 ? { transform: [density, 0, 0, density, 0, 0] } : {}),
        });
        task.promise.then(
          () => {
            host.current?.replaceChildren(canvas);
            drawn.current = true;
            setRendered(true);
          },
          (error: unknown) => {
            if ((error as Error | undefined)?.name !== 'RenderingCancelledException') setFailed(String(error));
          },
        );
      },
      drawn.current ? RERENDER_DELAY_MS : 0,
    );
    return () => {
      clearTimeout(timer);
      task?.cancel();
    };
  }, [page, scale]);

  useEffect(() => {
    if (!page || !mark) return;
    let live = true;
    void placeMark(page, mark).then((result) => {
      if (!live) return;
      setPlaced(result);
      onMarkPlaced(pageNumber, mark.seq, result.how === 'page' ? 0 : Math.min(...result.rects.map((r) => r.top)));
    });
    return () => {
      live = false;
    };
  }, [page, mark, pageNumber, onMarkPlaced]);

  const shown = mark && placed?.seq === mark.seq ? placed : undefined;
  return (
    <div
      className={`pdf-page${shown?.how === 'page' ? ' flash' : ''}`}
      data-testid="pdf-page"
      data-page={pageNumber}
      data-rendered={rendered || undefined}
      role="img"
      aria-label={`Page ${pageNumber}${shown ? ', with the cited passage marked' : ''}`}
      style={{ top, left, width: size.width * scale, height: size.height * scale }}
    >
      <div ref={host} className="pdf-canvas-host" />
      {failed && <p className="pdf-page-error small">This page could not be drawn: {failed}</p>}
      {shown && shown.how !== 'page'
        ? shown.rects.map((r, i) => (
            <div
              key={`${shown.seq}:${i}`}
              className="pdf-mark"
              data-testid="pdf-highlight"
              data-how={shown.how}
              style={{ left: r.left * scale, top: r.top * scale, width: r.width * scale, height: r.height * scale }}
            />
          ))
        : null}
      {shown?.how === 'page' && <div className="pdf-mark-page" data-testid="pdf-highlight" data-how="page" />}
    </div>
  );
});
