import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { ErrorPayload } from '../../../../src-shared/contract';
import { api } from '../../../api/client';

/** Where the build put pdf.js's run-time files, relative to the page (works under file://, app:// and serve). */
function pdfjsAssetUrls() {
  const dir = (name: string) => new URL(`./pdfjs/${name}/`, document.baseURI).href;
  return {
    wasmUrl: dir('wasm'),
    cMapUrl: dir('cmaps'),
    standardFontDataUrl: dir('standard_fonts'),
    iccUrl: dir('iccs'),
  };
}

export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';

export interface LoadedPdf {
  pdf: PDFDocumentProxy;
  /** Ends the worker's work on this file and frees its memory. Safe to call twice. */
  close: () => Promise<void>;
}

/**
 * Fetches a document's file from the engine and opens it with pdf.js (the normal build: the renderer is a current
 * Chromium; the worker is a file of the app, allowed by `worker-src 'self'`). pdf.js is loaded on first use, so
 * windows that never show a page do not pay for it.
 */
export async function loadPdf(
  docId: string,
): Promise<{ ok: true; value: LoadedPdf } | { ok: false; error: ErrorPayload }> {
  const file = await api().getDocumentFile({ id: docId });
  if (!file.ok) return file;
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const task: PDFDocumentLoadingTask = pdfjs.getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given.
    data: file.value.bytes,
    // The CSP forbids eval; without this pdf.js probes for it and logs a violation.
    isEvalSupported: false,
    // Nothing leaves the machine: fonts that are not embedded fall back to system fonts.
    useSystemFonts: true,
    // Files of the app (copied at build, see electron.vite.config.ts): without them JPEG 2000 scans draw blank
    // ("OpenJPEG failed to initialize") and CJK text in CMap-encoded fonts shows the wrong glyphs.
    ...pdfjsAssetUrls(),
    cMapPacked: true,
    stopAtErrors: false,
  });
  try {
    const pdf = await task.promise;
    return { ok: true, value: { pdf, close: () => task.destroy() } };
  } catch (error) {
    await task.destroy();
    if (error instanceof Error && error.name === 'PasswordException') {
      const message = 'This PDF is protected by a password, which Lectern does not keep: its Text view shows the text.';
      return { ok: false, error: { code: 'PDF_ENCRYPTED', message } };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'PDF_CORRUPT', message: `pdf.js could not open the file: ${message}` } };
  }
}
