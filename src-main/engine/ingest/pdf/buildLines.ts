import { type Box, type TextLine, unionBox } from './layoutTypes';
import { normalizeLineText } from './normalizeText';

/** The fields of a pdfjs TextItem this module reads (marked-content entries have no `str` and are skipped). */
export interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

interface OpenLine {
  parts: string[];
  bbox: Box;
  baseline: number;
  fontSize: number;
  /** Right edge of the last item, where the next item on this line should start. */
  end: number;
}

/**
 * Groups text items into visual lines. Items come in content-stream order, which producers write column by column,
 * so lines are built in that order (a y sort would interleave columns); an item starts a new line when its baseline
 * moves by more than about half the font size or when it jumps back left.
 */
export function buildLines(items: readonly unknown[]): TextLine[] {
  const lines: TextLine[] = [];
  let open: OpenLine | undefined;
  const close = (): void => {
    if (!open) return;
    const text = normalizeLineText(open.parts.join(''));
    if (text !== '') lines.push({ text, bbox: open.bbox, baseline: open.baseline, fontSize: open.fontSize });
    open = undefined;
  };
  for (const raw of items) {
    if (!isTextItem(raw)) continue;
    const item = raw;
    if (item.str === '' || /^\s+$/.test(item.str)) {
      // Whitespace-only and end-of-line items carry a word gap (a line end inside a line is a gap too).
      if (open && (item.str !== '' || item.hasEOL)) open.parts.push(' ');
      continue;
    }
    const geometry = itemGeometry(item);
    if (!geometry) continue;
    const { box, baseline, fontSize, x } = geometry;
    // pdfjs's hasEOL is not trusted: it also fires at superscripts and footnote marks, which belong to the line.
    const sameLine =
      open !== undefined &&
      Math.abs(baseline - open.baseline) <= 0.6 * Math.max(fontSize, open.fontSize, 1) &&
      x >= open.end - Math.max(fontSize, open.fontSize);
    if (open && sameLine) {
      const gap = x - open.end;
      const last = open.parts.at(-1) ?? '';
      if (gap > 0.15 * Math.min(fontSize, open.fontSize) && !/\s$/.test(last) && !/^\s/.test(item.str)) {
        open.parts.push(' ');
      }
      open.parts.push(item.str);
      open.bbox = unionBox(open.bbox, box);
      open.end = Math.max(open.end, box[2]);
      // The line's size is its largest text: a heading with a small footnote mark stays a heading.
      open.fontSize = Math.max(open.fontSize, fontSize);
    } else {
      close();
      open = { parts: [item.str], bbox: box, baseline, fontSize, end: box[2] };
    }
    if (item.hasEOL) open.parts.push(' ');
  }
  close();
  return lines;
}

function isTextItem(value: unknown): value is PdfTextItem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Partial<PdfTextItem>;
  return typeof item.str === 'string' && Array.isArray(item.transform) && item.transform.length >= 6;
}

function itemGeometry(item: PdfTextItem): { box: Box; baseline: number; fontSize: number; x: number } | undefined {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform;
  if (![a, b, c, d, e, f, item.width].every(Number.isFinite)) return undefined;
  const fontSize = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1;
  const width = Math.max(item.width, 0);
  const length = Math.hypot(a, b) || 1;
  // Text may run in any direction; the box is the axis-aligned hull of the rotated run.
  const ux = a / length;
  const uy = b / length;
  const nx = -uy;
  const ny = ux;
  const corners: [number, number][] = [
    [e - 0.2 * fontSize * nx, f - 0.2 * fontSize * ny],
    [e + width * ux - 0.2 * fontSize * nx, f + width * uy - 0.2 * fontSize * ny],
    [e + 0.8 * fontSize * nx, f + 0.8 * fontSize * ny],
    [e + width * ux + 0.8 * fontSize * nx, f + width * uy + 0.8 * fontSize * ny],
  ];
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const box: Box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  return { box, baseline: f, fontSize, x: e };
}
