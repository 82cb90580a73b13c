import { describe, expect, it } from 'vitest';
import { buildLines } from '../../../src-main/engine/ingest/pdf/buildLines';
import { groupBlocks } from '../../../src-main/engine/ingest/pdf/groupBlocks';
import type { TextBlock, TextLine } from '../../../src-main/engine/ingest/pdf/layoutTypes';
import { markHeadings } from '../../../src-main/engine/ingest/pdf/markHeadings';
import { joinLine, normalizeLineText } from '../../../src-main/engine/ingest/pdf/normalizeText';
import { removeRunningLines } from '../../../src-main/engine/ingest/pdf/runningLines';
import { meaningfulTitle } from '../../../src-main/engine/ingest/pdf/documentInfo';

function item(str: string, x: number, y: number, size = 10, width = str.length * size * 0.5, hasEOL = false) {
  return { str, transform: [size, 0, 0, size, x, y], width, height: size, hasEOL };
}

function line(text: string, x: number, y: number, size = 10, width = text.length * size * 0.5): TextLine {
  return { text, bbox: [x, y - 0.2 * size, x + width, y + 0.8 * size], baseline: y, fontSize: size };
}

describe('normalizeLineText / joinLine', () => {
  it('expands ligatures and drops control characters', () => {
    expect(normalizeLineText('\uFB01nal e\uFB00ect \uFB02ow su\uFB03x ba\uFB04e\u0000  ')).toBe(
      'final effect flow suffix baffle',
    );
  });

  it('joins a word hyphenated at the line end, but not before a capital or a number', () => {
    expect(joinLine('collected infor-', 'mation about')).toBe('collected information about');
    expect(joinLine('the north-', 'East wind')).toBe('the north- East wind');
    expect(joinLine('pages 10-', '12')).toBe('pages 10- 12');
    expect(joinLine('soft\u00AD', 'ware')).toBe('software');
    expect(joinLine('日本語', 'テキスト')).toBe('日本語テキスト');
  });
});

describe('buildLines', () => {
  it('merges items on one baseline, adds word gaps, and keeps superscripts on their line', () => {
    const lines = buildLines([
      item('Hello', 72, 700, 10, 25),
      item('world', 100, 700, 10, 25),
      item('1', 125, 703.5, 6, 3, true),
      item('Next line', 72, 686),
      { type: 'beginMarkedContent' },
    ]);
    expect(lines.map((l) => l.text)).toEqual(['Hello world1', 'Next line']);
    expect(lines[0]?.bbox[0]).toBe(72);
  });

  it('starts a new line when the text jumps back to the left on the same baseline (next column)', () => {
    const lines = buildLines([item('right column', 300, 700), item('left column', 72, 700)]);
    expect(lines.map((l) => l.text)).toEqual(['right column', 'left column']);
  });
});

describe('groupBlocks', () => {
  const body = (texts: string[], startY: number, gap = 12): TextLine[] =>
    texts.map((t, i) => line(t, 72, startY - i * gap, 10, 300));

  it('splits paragraphs at a larger gap and at font size changes', () => {
    const lines = [
      line('A Heading', 72, 720, 18, 100),
      ...body(['first paragraph line one', 'line two'], 690),
      ...body(['second paragraph'], 650),
    ];
    const blocks = groupBlocks(lines, 3);
    expect(blocks.map((b) => [b.text, b.page, b.lineCount])).toEqual([
      ['A Heading', 3, 1],
      ['first paragraph line one line two', 3, 2],
      ['second paragraph', 3, 1],
    ]);
    expect(blocks[1]?.bbox).toEqual([72, 676, 372, 698]);
  });

  it('splits at a first-line indent and at a bullet, even with even spacing', () => {
    const lines = [
      line('Paragraph one runs across the full width', 72, 700, 10, 300),
      line('and ends here with more words in it', 72, 688, 10, 300),
      line('Paragraph two is indented', 92, 676, 10, 280),
      line('and goes on', 72, 664, 10, 300),
      line('• a bullet item', 72, 652, 10, 100),
    ];
    expect(groupBlocks(lines, 1).map((b) => b.text)).toEqual([
      'Paragraph one runs across the full width and ends here with more words in it',
      'Paragraph two is indented and goes on',
      '• a bullet item',
    ]);
  });
});

describe('removeRunningLines', () => {
  it('drops headers repeated on most pages (digits masked) and bare page numbers, keeps body text', () => {
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    const pages = words.map((w, i) => [
      line(`Annual Report ${2020 + i}`, 72, 760, 8),
      line(`Body text about ${w}`, 72, 700),
      line(`More on ${w}`, 72, 680),
      line(`Last words on ${w} page`, 72, 660),
      line(`Still ${w}`, 72, 640),
      line(`- ${i + 1} -`, 300, 30, 8),
    ]);
    const { pages: cleaned, removed } = removeRunningLines(pages);
    expect(removed).toBe(10);
    expect(cleaned[2]?.map((l) => l.text)).toEqual([
      'Body text about charlie',
      'More on charlie',
      'Last words on charlie page',
      'Still charlie',
    ]);
  });

  it('keeps everything on a single page', () => {
    const pages = [[line('3', 300, 30), line('Only text', 72, 700)]];
    expect(removeRunningLines(pages).pages[0]).toHaveLength(2);
  });

  it('drops a footer that appears on every other page (left-hand pages of a book)', () => {
    const pages = Array.from({ length: 10 }, (_, i) => [
      line(`Body ${'abcdefghij'[i]}`, 72, 700),
      line(`Body more ${'abcdefghij'[i]}`, 72, 680),
      ...(i % 2 === 1 ? [line(`${i + 1} FREE CULTURE`, 72, 40, 8)] : []),
    ]);
    const { pages: cleaned } = removeRunningLines(pages);
    expect(cleaned.flat().some((l) => l.text.includes('FREE CULTURE'))).toBe(false);
    expect(cleaned.flat()).toHaveLength(20);
  });
});

describe('markHeadings', () => {
  const block = (text: string, fontSize: number, lineCount = 1): TextBlock => ({
    page: 1,
    text,
    bbox: [0, 0, 1, 1],
    fontSize,
    lineCount,
    ocr: false,
  });

  it('ranks larger sizes as levels, numbers body-size titles below them, and ignores sentences', () => {
    const blocks = [
      block('Report Title', 24),
      block('Chapter One', 16),
      block('Body text that is long enough to set the body size. '.repeat(5), 10, 5),
      block('3.2 Numbered Section', 10),
      block('A large pull quote that ends with a period.', 16),
      block('More body text for weight. '.repeat(5), 10, 3),
    ];
    markHeadings(blocks);
    expect(blocks.map((b) => b.headingLevel)).toEqual([1, 2, undefined, 4, undefined, undefined]);
  });
});

describe('meaningfulTitle', () => {
  it('rejects producer junk and keeps real titles', () => {
    expect(meaningfulTitle('Microsoft Word - Budget 2024.docx')).toBeUndefined();
    expect(meaningfulTitle('untitled')).toBeUndefined();
    expect(meaningfulTitle('report_v2_final')).toBeUndefined();
    expect(meaningfulTitle('  Free   Culture ')).toBe('Free Culture');
    expect(meaningfulTitle('Microsoft Word - Water Report')).toBe('Water Report');
  });
});
