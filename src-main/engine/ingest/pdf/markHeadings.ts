import type { TextBlock } from './layoutTypes';

const MAX_HEADING_CHARS = 120;
const MAX_HEADING_LINES = 3;
/** "3", "3.2", "3.2.1" then a capitalised title; small numbers only, so table rows like "2019 Total" do not match. */
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\p{Lu}/u;
const SIZE_STEP = 1.15;

/**
 * Sets `headingLevel` on short blocks set clearly larger than the body font (the size most characters use), level by
 * size rank (largest = 1), and on numbered titles at body size ("3.2 Results"), placed below the size ranks by depth.
 * OCR blocks are left alone: their sizes are pixel estimates.
 */
export function markHeadings(blocks: TextBlock[]): void {
  const body = bodyFontSize(blocks);
  if (body === undefined) return;
  const candidates = blocks.filter((b) => !b.ocr && looksLikeTitle(b));
  const sizes = [
    ...new Set(candidates.filter((b) => b.fontSize >= body * SIZE_STEP).map((b) => roundSize(b.fontSize))),
  ];
  sizes.sort((a, b) => b - a);
  // More than a handful of distinct large sizes is a poster or a designed page; keep the top ones as levels.
  const ranks = sizes.slice(0, 4);
  for (const block of candidates) {
    const rank = ranks.indexOf(roundSize(block.fontSize));
    if (block.fontSize >= body * SIZE_STEP) {
      block.headingLevel = rank >= 0 ? rank + 1 : ranks.length;
      continue;
    }
    const numbered = NUMBERED.exec(block.text);
    if (numbered?.[1] && block.fontSize >= body * 0.95 && block.text.length <= 80 && block.lineCount === 1) {
      const depth = numbered[1].split('.').length;
      block.headingLevel = Math.min(6, ranks.length + depth);
    }
  }
}

function looksLikeTitle(block: TextBlock): boolean {
  const text = block.text;
  if (text.length < 2 || text.length > MAX_HEADING_CHARS || block.lineCount > MAX_HEADING_LINES) return false;
  if (!/\p{L}/u.test(text)) return false;
  // A sentence that ends in a full stop is body text set large (a pull quote, a caption), not a title.
  return !/[.,;]$/.test(text) || /\b(?:etc|Inc|Ltd|Co)\.$/.test(text);
}

/** The font size carrying the most characters (rounded to half points). */
export function bodyFontSize(blocks: readonly TextBlock[]): number | undefined {
  const weights = new Map<number, number>();
  for (const block of blocks) {
    if (block.ocr) continue;
    const size = roundSize(block.fontSize);
    weights.set(size, (weights.get(size) ?? 0) + block.text.length);
  }
  let best: number | undefined;
  let bestWeight = 0;
  for (const [size, weight] of weights) {
    if (weight > bestWeight) {
      best = size;
      bestWeight = weight;
    }
  }
  return best;
}

function roundSize(size: number): number {
  return Math.round(size * 2) / 2;
}
