import type { ErrorCode } from '../../../src-shared/contract';

/** What the user can do about a file that did not import, by error code (never by message text). */
export function importErrorHelp(code: ErrorCode): string {
  switch (code) {
    case 'PDF_ENCRYPTED':
      return 'It is password-protected: enter its password to import it.';
    case 'PDF_PASSWORD_WRONG':
      return 'The password did not open it: try again.';
    case 'UNSUPPORTED_FORMAT':
      return 'Lectern reads PDF, SRT, WebVTT, Whisper JSON, YouTube XML, Markdown, text and DOCX: convert it to one of these.';
    case 'PDF_CORRUPT':
      return 'The PDF looks damaged: download or export it again, then import the new copy.';
    case 'PDF_NO_TEXT':
      return 'It has no text layer and OCR found no text: try a clearer scan.';
    case 'TRANSCRIPT_MALFORMED':
      return 'Its cues could not be read: check the timestamps (such as 00:01:02,000 --> 00:01:05,000) or export it again.';
    case 'FILE_TOO_LARGE':
      return 'Split it into smaller files and import those.';
    case 'FILE_NOT_FOUND':
      return 'It was moved or deleted: open it again from its new place.';
    case 'ENGINE_CRASHED':
      return 'The engine stopped: try the import again.';
    default:
      return 'Try importing it again; if it keeps failing, the file may not be supported.';
  }
}
