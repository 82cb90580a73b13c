/** Box in PDF user space, origin bottom-left: [x0, y0, x1, y1]. */
export type Box = [number, number, number, number];

/** One visual line of a page, rebuilt from pdfjs text items (or one OCR line). */
export interface TextLine {
  text: string;
  bbox: Box;
  /** Baseline y; for OCR lines the box bottom. */
  baseline: number;
  fontSize: number;
  /** True for lines that came from OCR: their "font size" is a pixel estimate, not a font. */
  ocr?: boolean;
}

/** A paragraph or line block: what becomes one Unit. */
export interface TextBlock {
  page: number;
  text: string;
  bbox: Box;
  fontSize: number;
  lineCount: number;
  ocr: boolean;
  headingLevel?: number;
}

export function unionBox(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}
