import { splitLines } from '../transcript/buildTranscript';
import type { TextBlock } from './buildTextDocument';
import { paragraphToBlocks } from './paragraphBlocks';

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|^ {0,3}(#{1,6})[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Markdown to blocks: ATX (`## Title`) and setext (`Title` over `===`) headings become heading blocks, other text is
 * split into paragraphs at blank lines; fenced code is kept whole so a `#` comment inside it is not a heading. Inline
 * markup is kept as written: the text is what the user sees quoted back.
 */
export function markdownBlocks(source: string): TextBlock[] {
  const lines = splitLines(source);
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  let paragraphStart = 1;
  let fence: string | undefined;

  const flush = () => {
    if (paragraph.length > 0) blocks.push(...paragraphToBlocks(paragraph, paragraphStart));
    paragraph = [];
  };

  for (const [i, line] of lines.entries()) {
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      paragraph.push(line);
      if (fenceMatch?.[1] && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) {
        fence = undefined;
        flush();
      }
      continue;
    }
    if (fenceMatch?.[1]) {
      flush();
      fence = fenceMatch[1];
      paragraphStart = i + 1;
      paragraph.push(line);
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      flush();
      const level = (atx[1] ?? atx[3] ?? '#').length;
      blocks.push({ text: (atx[2] ?? '').trim(), line: i + 1, headingLevel: level });
      continue;
    }
    // A one-line paragraph followed by === or --- is a setext heading (a longer one keeps --- as a rule, like most readers).
    const setext = SETEXT_UNDERLINE.exec(line);
    if (setext?.[1] && paragraph.length === 1 && (setext[1].startsWith('=') || setext[1].length >= 2)) {
      blocks.push({
        text: (paragraph[0] ?? '').trim(),
        line: paragraphStart,
        headingLevel: setext[1].startsWith('=') ? 1 : 2,
      });
      paragraph = [];
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (paragraph.length === 0) paragraphStart = i + 1;
    paragraph.push(line);
  }
  flush();
  return blocks;
}
