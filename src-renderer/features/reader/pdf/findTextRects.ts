/** A run of text on a page as pdf.js's `getTextContent()` gives it (its `TextItem`, the fields used here). */
export interface PositionedText {
  str: string;
  /** Text matrix in PDF user space: [a, b, c, d, e, f]. */
  transform: number[];
  /** Advance width in PDF user space units. */
  width: number;
}

/** A box in viewport coordinates at scale 1 (origin top-left, y down): multiply by the zoom to place it. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The share of the font size above the baseline, and below it, that a highlight covers. */
const ASCENT = 0.9;
const DESCENT = 0.25;
/** Long passages are matched by their start and end, so small differences in the middle do not lose them. */
const EDGE = 40;

function multiply(m1: number[], m2: number[]): number[] {
  const [a1 = 1, b1 = 0, c1 = 0, d1 = 1, e1 = 0, f1 = 0] = m1;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

/**
 * Letters and digits only, lower-cased and NFKC-folded: the stored unit text went through de-hyphenation, line
 * joining and quote repair, so spaces, hyphens and punctuation cannot be compared; the words can.
 */
function keyChars(text: string, push: (char: string, at: number) => void): void {
  for (let i = 0; i < text.length; i++) {
    for (const char of (text[i] ?? '').normalize('NFKC').toLowerCase()) if (/[\p{L}\p{N}]/u.test(char)) push(char, i);
  }
}

function keyOf(text: string): string {
  let key = '';
  keyChars(text, (char) => (key += char));
  return key;
}

/** Where `needle` is in `hay`, as [start, end) over key characters; a long needle may match by its two ends. */
function locate(hay: string, needle: string): [number, number] | undefined {
  const whole = hay.indexOf(needle);
  if (whole >= 0) return [whole, whole + needle.length];
  if (needle.length <= 2 * EDGE) return undefined;
  const head = hay.indexOf(needle.slice(0, EDGE));
  if (head < 0) return undefined;
  const tail = hay.indexOf(needle.slice(-EDGE), head + EDGE);
  if (tail >= 0 && tail + EDGE - head <= needle.length * 1.5) return [head, tail + EDGE];
  // The passage goes on past this page: mark what is here.
  return [head, Math.min(hay.length, head + needle.length)];
}

/**
 * The boxes covering `needle` among a page's text items, one per line, or none when it is not on the page.
 * `viewportTransform` is the page viewport's transform at scale 1 (`page.getViewport({ scale: 1 }).transform`).
 */
export function findTextRects(items: PositionedText[], needle: string, viewportTransform: number[]): Rect[] {
  const owners: { item: number; char: number }[] = [];
  let hay = '';
  items.forEach((item, index) =>
    keyChars(item.str, (char, at) => {
      hay += char;
      owners.push({ item: index, char: at });
    }),
  );
  const key = keyOf(needle);
  const found = key ? locate(hay, key) : undefined;
  if (!found) return [];

  // The first and last character of the match within each item it touches.
  const spans = new Map<number, [number, number]>();
  for (let i = found[0]; i < found[1]; i++) {
    const owner = owners[i];
    if (!owner) continue;
    const span = spans.get(owner.item);
    if (span) span[1] = owner.char;
    else spans.set(owner.item, [owner.char, owner.char]);
  }

  const rects: Rect[] = [];
  for (const [index, [first, last]] of spans) {
    const item = items[index];
    if (!item || item.str.length === 0) continue;
    const m = multiply(viewportTransform, item.transform);
    const fontHeight = Math.hypot(m[2] ?? 0, m[3] ?? 0);
    const scale = Math.hypot(viewportTransform[0] ?? 1, viewportTransform[1] ?? 0);
    const width = item.width * scale;
    // Characters are taken as equally wide within one item: close enough for a highlight.
    const left = (m[4] ?? 0) + (width * first) / item.str.length;
    const right = (m[4] ?? 0) + (width * (last + 1)) / item.str.length;
    rects.push({
      left,
      top: (m[5] ?? 0) - fontHeight * ASCENT,
      width: Math.max(right - left, 1),
      height: fontHeight * (ASCENT + DESCENT),
    });
  }
  return mergeLines(rects);
}

/** Joins boxes on the same line that touch, so a line reads as one mark rather than a box per word. */
function mergeLines(rects: Rect[]): Rect[] {
  const sorted = [...rects].sort((a, b) => a.top - b.top || a.left - b.left);
  const out: Rect[] = [];
  for (const rect of sorted) {
    const last = out.at(-1);
    const sameLine = last && Math.abs(last.top - rect.top) < last.height * 0.5;
    if (last && sameLine && rect.left <= last.left + last.width + last.height) {
      const right = Math.max(last.left + last.width, rect.left + rect.width);
      const top = Math.min(last.top, rect.top);
      const bottom = Math.max(last.top + last.height, rect.top + rect.height);
      Object.assign(last, { top, width: right - last.left, height: bottom - top });
    } else {
      out.push({ ...rect });
    }
  }
  return out;
}

/** A unit's box from the import (PDF user space, origin bottom-left) in viewport coordinates at scale 1. */
export function bboxToRect(bbox: [number, number, number, number], viewportTransform: number[]): Rect {
  const point = (x: number, y: number): [number, number] => {
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = viewportTransform;
    return [a * x + c * y + e, b * x + d * y + f];
  };
  const [x0, y0] = point(bbox[0], bbox[1]);
  const [x1, y1] = point(bbox[2], bbox[3]);
  return {
    left: Math.min(x0, x1),
    top: Math.min(y0, y1),
    width: Math.abs(x1 - x0),
    height: Math.abs(y1 - y0),
  };
}
