import type { ErrorPayload } from '../errors';
import type { DocumentKind } from './document';

/** The outcome for one file of an import: per-file errors are results, not a failed job. */
export interface ImportResult {
  path: string;
  /** The granted id of this file, to import it again (with a password) without naming its path. */
  file: string;
  status: 'imported' | 'duplicate' | 'error';
  docId?: string;
  kind?: DocumentKind;
  title?: string;
  pages?: number;
  units?: number;
  ocrPages?: number;
  chapters?: number;
  ms: number;
  error?: ErrorPayload;
}

export interface ImportReport {
  results: ImportResult[];
}
