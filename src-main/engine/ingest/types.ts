import type { LecternDocument } from '../../../src-shared/domain/document';
import type { StageContext } from '../jobs/JobRunner';

/** What a parser returns: the document without its id (the importer hashes the file bytes for that). */
export type ParsedDocument = Omit<LecternDocument, 'id'>;

export interface ParseInput {
  /** The whole file. */
  bytes: Uint8Array;
  /** The file name, used for the title fallback and `meta.fileName`; format is decided by content first. */
  fileName: string;
}

export interface PdfParseOptions {
  password?: string;
  /** Run OCR on pages without a text layer. Default true. */
  ocr?: boolean;
  /**
   * Pages already OCR'd in an earlier, interrupted run (1-based page -> text), so a re-run resumes. The parser calls
   * `onOcrPage` after each page it OCRs so the caller can save it.
   */
  ocrDone?: ReadonlyMap<number, OcrPageResult>;
  onOcrPage?: (page: number, result: OcrPageResult) => void;
}

export interface OcrPageResult {
  /** Lines of text with boxes in PDF user space (origin bottom-left). */
  lines: { text: string; bbox: [number, number, number, number] }[];
  confidence: number;
}

/** Every parser has this shape; `ctx` gives cancellation and progress (phase `reading` or `ocr`). */
export type Parser<Options = object> = (
  input: ParseInput,
  ctx: StageContext,
  options?: Options,
) => Promise<ParsedDocument>;
