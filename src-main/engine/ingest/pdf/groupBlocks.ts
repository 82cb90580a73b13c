import { type TextBlock, type TextLine, unionBox } from './layoutTypes';
import { joinLine } from './normalizeText';

/** Blocks longer than this are split at a line end: one unit should stay a citable passage, not a whole page. */
const MAX_BLOCK_CHARS = 2500;
const BULLET = /^(?:[•●▪■◦‣∙·*]|[-–—]\s|\(?[a-z0-9]{1,3}[.)]\s)/i;

interface OpenBlock {
  lines: TextLine[];
  text: string;
}

/**
 * Groups the lines of one page into paragraphs. A new block starts where the baseline gap is clearly larger than
 * the page's usual line spacing, where the font size changes, where a line moves up (next column), where a line is
 * indented after a full line, after a short line that ends a sentence, or at a list bullet.
 */
export function groupBlocks(lines: readonly TextLine[], page: number): TextBlock[] {
  const spacing = typicalSpacing(lines);
  const blocks: TextBlock[] = [];
  let open: OpenBlock | undefined;
  const close = (): void => {
    if (open) blocks.push(toBlock(open, page));
    open = undefined;
  };
  for (const line of lines) {
    if (open && continuesBlock(open, line, spacing)) {
      open.lines.push(line);
      open.text = joinLine(open.text, line.text);
    } else {
      close();
      open = { lines: [line], text: line.text };
    }
  }
  close();
  return blocks;
}

function continuesBlock(block: OpenBlock, line: TextLine, spacing: number | undefined): boolean {
  const prev = block.lines.at(-1);
  if (!prev) return false;
  if (block.text.length >= MAX_BLOCK_CHARS) return false;
  if (Boolean(prev.ocr) !== Boolean(line.ocr)) return false;
  const size = Math.max(prev.fontSize, line.fontSize);
  const ratio = line.fontSize / prev.fontSize;
  if (ratio < 0.87 || ratio > 1.15) return false;
  const drop = prev.baseline - line.baseline;
  if (drop < 0.5 * size) return false;
  const usual = Math.max(spacing ?? 1.25, 1.0) * size;
  if (drop > usual * 1.35) return false;
  if (BULLET.test(line.text)) return false;
  const left = Math.min(...block.lines.map((l) => l.bbox[0]));
  const right = Math.max(...block.lines.map((l) => l.bbox[2]));
  const indent = line.bbox[0] - prev.bbox[0];
  if (block.lines.length >= 2 && indent > 0.8 * size && indent < 10 * size && prev.bbox[0] <= left + 0.5 * size) {
    return false;
  }
  if (block.lines.length >= 2 && prev.bbox[2] < right - 4 * size && /[.!?:"”’)]$/.test(prev.text)) return false;
  return true;
}

/** The median baseline step between consecutive same-size lines, in font sizes: the page's line spacing. */
function typicalSpacing(lines: readonly TextLine[]): number | undefined {
  const steps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    const line = lines[i];
    if (!prev || !line) continue;
    const size = Math.max(prev.fontSize, line.fontSize);
    const drop = prev.baseline - line.baseline;
    if (Math.abs(prev.fontSize - line.fontSize) < 0.1 * size && drop > 0.5 * size && drop < 3 * size) {
      steps.push(drop / size);
    }
  }
  if (steps.length < 3) return undefined;
  steps.sort((a, b) => a - b);
  // In font sizes, so footnotes and body text on the same page are each judged by their own size.
  return steps[Math.floor(steps.length / 2)];
}

function toBlock(open: OpenBlock, page: number): TextBlock {
  const first = open.lines[0];
  let bbox = first ? first.bbox : ([0, 0, 0, 0] as TextBlock['bbox']);
  let chars = 0;
  let weighted = 0;
  for (const line of open.lines) {
    bbox = unionBox(bbox, line.bbox);
    chars += line.text.length;
    weighted += line.fontSize * line.text.length;
  }
  return {
    page,
    text: open.text,
    bbox,
    fontSize: chars > 0 ? weighted / chars : (first?.fontSize ?? 0),
    lineCount: open.lines.length,
    ocr: first?.ocr === true,
  };
}
