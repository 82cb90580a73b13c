/** Where a unit sits in its source: a page (PDF) or a time span (transcript). */
export type Anchor = PageAnchor | TimeAnchor | TextAnchor;

export interface PageAnchor {
  type: 'page';
  /** 1-based page number. */
  page: number;
  /** Bounding box in PDF user-space units, origin bottom-left: [x0, y0, x1, y1]. */
  bbox?: [number, number, number, number];
}

export interface TimeAnchor {
  type: 'time';
  /** Seconds from the start. */
  start: number;
  end: number;
  speaker?: string;
}

/** A paragraph of plain text or Markdown: no page, no time. */
export interface TextAnchor {
  type: 'text';
  /** 1-based line number where the unit starts. */
  line: number;
}

export type DocumentKind = 'pdf' | 'transcript' | 'text';

/** A paragraph, PDF line block, transcript cue or speaker turn, with char offsets into `Document.text`. */
export interface Unit {
  /** 0-based position in the document. */
  index: number;
  start: number;
  end: number;
  anchor: Anchor;
  /** Set on units that are headings (PDF text-layer headings, Markdown `#` lines), 1 = top level. */
  headingLevel?: number;
}

export interface OutlineEntry {
  title: string;
  level: number;
  /** Index of the first unit of this entry. */
  unitIndex: number;
  page?: number;
  time?: number;
}

export interface DocumentMeta {
  /** The file name the document was imported from. */
  fileName: string;
  sizeBytes: number;
  /** The detected format, e.g. `pdf`, `srt`, `vtt`, `whisper-json`, `youtube-xml`, `markdown`, `text`, `docx`. */
  format: string;
  pages?: number;
  durationSec?: number;
  ocrPages?: number[];
  author?: string;
  /** Things the parser skipped or repaired, said plainly (best-effort parses). */
  warnings?: string[];
}

export interface LecternDocument {
  /** sha256 of the file's bytes, hex. */
  id: string;
  title: string;
  kind: DocumentKind;
  text: string;
  units: Unit[];
  outline?: OutlineEntry[];
  meta: DocumentMeta;
}

/** What the library lists: a document without its text and units. */
export interface DocumentSummary {
  id: string;
  title: string;
  kind: DocumentKind;
  meta: DocumentMeta;
  unitCount: number;
  chars: number;
  importedAt: number;
}

/** A document with one page of its units (each with its text), as `getDocument` returns it. */
export interface DocumentPage {
  document: Omit<LecternDocument, 'units' | 'text'> & { text?: string };
  units: (Unit & { text: string })[];
  totalUnits: number;
}

/** A keyword match on a unit. */
export interface UnitHit {
  docId: string;
  unitIndex: number;
  /** Text around the match with `[` `]` around matched terms. */
  snippet: string;
  /** Higher is better (negated BM25). */
  score: number;
  anchor: Anchor;
}

/** A document's original file, for the PDF page view (`getDocumentFile`). */
export interface DocumentFile {
  bytes: Uint8Array;
  /** The name it was imported under. */
  fileName: string;
  /** `application/pdf` for PDFs. */
  contentType: string;
}
