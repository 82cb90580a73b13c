import { tmpdir } from 'node:os';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { LecternError } from '../../../../src-shared/errors';
import type { OcrPageResult } from '../types';
import { tesseractLangPath } from './pdfjsAssets';

/** 200 dpi: enough for body text, small enough that a page renders and recognises in about a second. */
const DPI = 200;
/** Oversized pages (posters, maps) are scaled down to this many pixels so memory stays bounded. */
const MAX_PIXELS = 24_000_000;

interface CanvasAndContext {
  canvas: { toBuffer: (mime: 'image/png') => Buffer; width: number; height: number };
  context: unknown;
}

interface CanvasFactory {
  create: (width: number, height: number) => CanvasAndContext;
  destroy: (canvasAndContext: CanvasAndContext) => void;
}

/**
 * OCR for the pages of one document: renders a page with pdfjs onto @napi-rs/canvas (pdfjs's Node canvas) and reads
 * it with one tesseract.js worker, created on first use with the bundled English data and no network or cache.
 * Always `terminate()` it, also after an error or a cancel.
 */
export class PageOcr {
  #worker: Promise<Worker> | undefined;
  #terminated = false;
  readonly #onAbort = (): void => void this.terminate();

  constructor(
    private readonly doc: PDFDocumentProxy,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Whether pages can be rendered here: pdfjs only has a canvas in Node when @napi-rs/canvas is installed. */
  canRender(): boolean {
    try {
      const factory = this.doc.canvasFactory as CanvasFactory;
      const probe = factory.create(1, 1);
      factory.destroy(probe);
      return true;
    } catch {
      return false;
    }
  }

  async recognize(page: PDFPageProxy): Promise<OcrPageResult> {
    const png = await this.#render(page);
    const worker = await this.#untilAborted(this.#getWorker());
    try {
      const { data } = await this.#untilAborted(worker.recognize(png, {}, { blocks: true, text: false }));
      const viewport = this.#viewport(page);
      const lines: OcrPageResult['lines'] = [];
      for (const block of data.blocks ?? []) {
        for (const paragraph of block.paragraphs) {
          for (const line of paragraph.lines) {
            const text = line.text.replace(/\s+/g, ' ').trim();
            if (text === '' || line.confidence < 20) continue;
            const [ax, ay] = viewport.convertToPdfPoint(line.bbox.x0, line.bbox.y0) as [number, number];
            const [bx, by] = viewport.convertToPdfPoint(line.bbox.x1, line.bbox.y1) as [number, number];
            lines.push({ text, bbox: [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)] });
          }
        }
      }
      return { lines, confidence: data.confidence };
    } catch (error) {
      if (this.signal.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      throw error;
    }
  }

  async terminate(): Promise<void> {
    this.signal.removeEventListener('abort', this.#onAbort);
    if (this.#terminated) return;
    this.#terminated = true;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.then((w) => w.terminate()).catch(() => undefined);
  }

  /**
   * Settles with `CANCELLED` as soon as the signal aborts. A recognition in flight, or a worker still starting, must
   * not hold a cancelled job: nothing guarantees that terminating the worker settles them (seen: an import under
   * `lectern serve` whose OCR never returned, and whose cancel was accepted but never ended the job).
   */
  #untilAborted<T>(work: Promise<T>): Promise<T> {
    if (this.signal.aborted) {
      // Abandoned, but its failure must still be handled: an unhandled rejection ends the engine's process.
      work.catch(() => undefined);
      return Promise.reject(new LecternError('CANCELLED', 'Cancelled.'));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new LecternError('CANCELLED', 'Cancelled.'));
      this.signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => this.signal.removeEventListener('abort', onAbort));
    });
  }

  #viewport(page: PDFPageProxy): ReturnType<PDFPageProxy['getViewport']> {
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(DPI / 72, Math.sqrt(MAX_PIXELS / Math.max(base.width * base.height, 1)));
    return page.getViewport({ scale });
  }

  async #render(page: PDFPageProxy): Promise<Buffer> {
    const viewport = this.#viewport(page);
    const factory = this.doc.canvasFactory as CanvasFactory;
    const target = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    try {
      const task = page.render({
        canvas: target.canvas as never,
        canvasContext: target.context as never,
        viewport,
        // Scans are what we want; form fields and annotations drawn on top only add noise.
        annotationMode: 0,
      });
      await task.promise;
      return target.canvas.toBuffer('image/png');
    } finally {
      factory.destroy(target);
    }
  }

  #getWorker(): Promise<Worker> {
    if (this.#terminated) return Promise.reject(new LecternError('CANCELLED', 'Cancelled.'));
    this.#worker ??= (async () => {
      const { langPath, gzip } = tesseractLangPath();
      return createWorker('eng', OEM.LSTM_ONLY, {
        langPath,
        gzip,
        // The language data ships with the app; never fetch or write a cache next to it.
        cacheMethod: 'none',
        cachePath: tmpdir(),
        logger: () => undefined,
        errorHandler: () => undefined,
      });
    })();
    return this.#worker;
  }
}
