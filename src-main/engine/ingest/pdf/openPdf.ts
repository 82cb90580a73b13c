import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { LecternError } from '../../../../src-shared/errors';
import { pdfjsAssetUrls } from './pdfjsAssets';

export interface OpenedPdf {
  doc: PDFDocumentProxy;
  /** Releases everything pdfjs holds for this file; safe to call twice. */
  close: () => Promise<void>;
}

const PASSWORD_NEEDED = 1;

/**
 * Opens a PDF with pdfjs and turns every load failure into a typed error: a password problem becomes
 * PDF_ENCRYPTED / PDF_PASSWORD_WRONG, anything else about the bytes becomes PDF_CORRUPT (a bad file is an outcome,
 * not a bug).
 */
export async function openPdf(bytes: Uint8Array, password?: string): Promise<OpenedPdf> {
  if (bytes.byteLength === 0) throw new LecternError('PDF_CORRUPT', 'The file is empty.');
  const candidates = password === undefined ? [undefined] : passwordVariants(password);
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      return await openOnce(bytes, candidate);
    } catch (error) {
      lastError = error;
      if (!(error instanceof LecternError) || error.code !== 'PDF_PASSWORD_WRONG') throw error;
    }
  }
  throw lastError;
}

async function openOnce(bytes: Uint8Array, password: string | undefined): Promise<OpenedPdf> {
  const assets = pdfjsAssetUrls();
  const task = getDocument({
    // pdfjs transfers (detaches) the buffer it is given, and refuses Buffers: copy into a plain Uint8Array so the
    // caller's bytes stay usable (Buffer#slice would share memory).
    data: new Uint8Array(bytes),
    password,
    ...assets,
    cMapPacked: true,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    // Hostile files make pdfjs warn on every page; warnings that matter reach the user as meta.warnings.
    verbosity: VerbosityLevel.ERRORS,
    // Corrupt files should still give what pdfjs can recover rather than fail at the first bad object.
    stopAtErrors: false,
    enableXfa: false,
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await task.destroy().catch(() => undefined);
  };
  try {
    const doc = await task.promise;
    if (!Number.isInteger(doc.numPages) || doc.numPages < 1) {
      throw new LecternError('PDF_CORRUPT', 'The PDF has no readable pages.', { numPages: doc.numPages });
    }
    return { doc, close };
  } catch (error) {
    await close();
    throw mapLoadError(error);
  }
}

export function mapLoadError(error: unknown): LecternError {
  if (error instanceof LecternError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    const code = (error as { code?: unknown }).code;
    return code === PASSWORD_NEEDED
      ? new LecternError('PDF_ENCRYPTED', 'The PDF is protected by a password.')
      : new LecternError('PDF_PASSWORD_WRONG', 'The password is not correct for this PDF.');
  }
  return new LecternError('PDF_CORRUPT', `The file could not be read as a PDF: ${message}`, {
    cause: name || undefined,
  });
}

/**
 * PDF 2.0 (AES-256, R6) wants passwords SASLprep-normalised; older handlers compare raw bytes. A user types the
 * same password either way, so try it as typed first, then NFKC with the characters SASLprep maps to nothing
 * (soft hyphen, zero-width joiners...) removed.
 */
function passwordVariants(password: string): string[] {
  const prepped = [...password]
    .filter((ch) => !mapsToNothing(ch.codePointAt(0) ?? 0))
    .join('')
    .normalize('NFKC');
  return prepped === password ? [password] : [password, prepped];
}

/** RFC 3454 table B.1 (the characters SASLprep deletes), which a password box happily accepts. */
function mapsToNothing(code: number): boolean {
  return (
    code === 0x00ad ||
    code === 0x034f ||
    code === 0x1806 ||
    (code >= 0x180b && code <= 0x180d) ||
    (code >= 0x200b && code <= 0x200d) ||
    code === 0x2060 ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    code === 0xfeff
  );
}
