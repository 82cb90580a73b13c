import type { ErrorPayload } from '../../../src-shared/contract';

/** `detail.pagesNeedingOcr` of PDF_NO_TEXT: the pages that looked scanned. */
function scannedPages(detail: unknown): number | undefined {
  if (typeof detail !== 'object' || detail === null || !('pagesNeedingOcr' in detail)) return undefined;
  return Array.isArray(detail.pagesNeedingOcr) ? detail.pagesNeedingOcr.length : undefined;
}

/**
 * What the user can do about a file that did not import, by error code and its detail (never by message text). Each
 * says what is wrong and what to do: a damaged PDF is not told to rescan, a PDF is not told to become a PDF.
 */
export function importErrorHelp(error: Pick<ErrorPayload, 'code' | 'detail'>): string {
  switch (error.code) {
    case 'PDF_ENCRYPTED':
      return 'It is password-protected: enter its password to import it.';
    case 'PDF_PASSWORD_WRONG':
      return 'The password did not open it: check it (letter case counts) and try again.';
    case 'UNSUPPORTED_FORMAT':
      return 'Lectern reads PDF, SRT, WebVTT, Whisper JSON, YouTube XML, Markdown, text and DOCX files: save or export it as one of these.';
    case 'PDF_CORRUPT':
      return 'The file is damaged or incomplete (a broken download or a faulty export): download or export it again and import the new copy. If another viewer opens it, printing it to a new PDF often repairs it.';
    case 'PDF_NO_TEXT': {
      const scanned = scannedPages(error.detail);
      if (scanned === 0) {
        return 'Its pages hold neither text nor scanned images (only drawings, or text drawn as shapes): nothing in it can be read. A version of the document with real text would import.';
      }
      return 'Its pages are images and OCR read no words on them: if the scan is faint, skewed or very small, scan it again at 300 dpi or more and import that.';
    }
    case 'TRANSCRIPT_MALFORMED':
      return 'Its cues could not be read: check the timestamps (such as 00:01:02,000 --> 00:01:05,000) or export it again.';
    case 'FILE_TOO_LARGE':
      return 'Split it into smaller files and import those.';
    case 'FILE_NOT_FOUND':
      return 'It was moved or deleted: open it again from its new place.';
    case 'FILE_NOT_GRANTED':
      return 'Lectern no longer knows this file (it was restarted, say): open or drop it again.';
    case 'ENGINE_CRASHED':
      return 'The engine stopped: try the import again.';
    default:
      return 'Try importing it again; if it keeps failing, the file may not be supported.';
  }
}
