import { splitLines } from '../transcript/buildTranscript';
import type { TextBlock } from './buildTextDocument';

/**
 * Above this many characters a paragraph is cut at line ends. Files with one sentence per line and no blank lines
 * would otherwise become a single unit, which chaptering and citations cannot work with.
 */
export const MAX_PARAGRAPH_CHARS = 1500;

/** One paragraph's lines (with the 1-based number of the first), cut into blocks of bounded size. */
export function paragraphToBlocks(lines: readonly string[], firstLine: number): TextBlock[] {
  const blocks: TextBlock[] = [];
  let current: string[] = [];
  let currentLine = firstLine;
  let size = 0;
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\s+$/, '');
    if (current.length > 0 && size + line.length > MAX_PARAGRAPH_CHARS) {
      blocks.push({ text: current.join('\n').trim(), line: currentLine });
      current = [];
      size = 0;
      currentLine = firstLine + i;
    }
    current.push(line);
    size += line.length + 1;
  }
  if (current.length > 0) blocks.push({ text: current.join('\n').trim(), line: currentLine });
  return blocks.filter((block) => block.text.length > 0);
}

/** Plain text: paragraphs are runs of non-blank lines. */
export function plainTextBlocks(source: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  let start = 1;
  const lines = splitLines(source);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') {
      if (paragraph.length > 0) blocks.push(...paragraphToBlocks(paragraph, start));
      paragraph = [];
    } else {
      if (paragraph.length === 0) start = i + 1;
      paragraph.push(line);
    }
  }
  if (paragraph.length > 0) blocks.push(...paragraphToBlocks(paragraph, start));
  return blocks;
}
