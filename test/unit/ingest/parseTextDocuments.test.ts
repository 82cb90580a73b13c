import { describe, expect, it } from 'vitest';
import { parseDocx } from '../../../src-main/engine/ingest/text/parseDocx';
import { parseMarkdown } from '../../../src-main/engine/ingest/text/parseMarkdown';
import { parsePlainText } from '../../../src-main/engine/ingest/text/parsePlainText';
import { MAX_PARAGRAPH_CHARS } from '../../../src-main/engine/ingest/text/paragraphBlocks';
import { parseTextLike } from '../../../src-main/engine/ingest/text/parseTextLike';
import { ctx, expectConsistent, expectLecternError, fixture, input, unitTexts } from './ingestTestKit';
import { makeDocx } from './makeDocx';

describe('parsePlainText', () => {
  it('makes one unit per paragraph with its first line number', async () => {
    const doc = await parsePlainText(input('First para\nstill first.\r\n\r\n\r\nSecond para.  \n', 'notes.txt'), ctx());
    expectConsistent(doc);
    expect(unitTexts(doc)).toEqual(['First para\nstill first.', 'Second para.']);
    expect(doc.units.map((u) => u.anchor)).toEqual([
      { type: 'text', line: 1 },
      { type: 'text', line: 5 },
    ]);
    expect(doc).toMatchObject({ kind: 'text', title: 'notes', meta: { format: 'text' } });
    expect(doc.outline).toBeUndefined();
  });

  it('cuts a paragraph without blank lines into bounded units at line ends', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `Sentence number ${i} is here to fill the line.`);
    const doc = await parsePlainText(input(lines.join('\n')), ctx());
    expectConsistent(doc);
    expect(doc.units.length).toBeGreaterThan(2);
    for (const unit of doc.units) expect(unit.end - unit.start).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
    expect(doc.units[1]?.anchor).toEqual({
      type: 'text',
      line: doc.text.slice(0, doc.units[1]?.start).split('\n').length,
    });
  });
});

describe('parseMarkdown', () => {
  it('turns ATX and setext headings into the outline, ignoring # inside code fences', async () => {
    const doc = await parseMarkdown(fixture('notes.md'), ctx());
    expectConsistent(doc);
    expect(doc.title).toBe('Lighthouse Notes');
    expect(doc.outline).toEqual([
      { title: 'Lighthouse Notes', level: 1, unitIndex: 1 },
      { title: 'Lenses', level: 2, unitIndex: 3 },
      { title: 'Keepers', level: 2, unitIndex: 6 },
      { title: 'Closing', level: 3, unitIndex: 8 },
    ]);
    expect(unitTexts(doc)[5]).toBe('```sh\n# not a heading\necho hi\n```');
    expect(doc.units[1]).toMatchObject({ headingLevel: 1, anchor: { type: 'text', line: 3 } });
    expect(doc.units[6]).toMatchObject({ headingLevel: 2, anchor: { type: 'text', line: 17 } });
    expect(doc.units[0]?.headingLevel).toBeUndefined();
  });

  it('falls back to the file name for the title', async () => {
    const doc = await parseMarkdown(input('## Only level two\n\ntext\n', 'my.notes.md'), ctx());
    expect(doc.title).toBe('my.notes');
  });
});

describe('parseDocx', () => {
  it('keeps Word headings as the outline and paragraphs as units', async () => {
    const para = (text: string, style?: string) =>
      `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
    const bytes = makeDocx(
      para('Keeper Handbook', 'Heading1') +
        para('Wicks &amp; oil.') +
        para('Lenses', 'Heading2') +
        para('Polish daily.'),
    );
    const doc = await parseDocx({ bytes, fileName: 'handbook.docx' }, ctx());
    expectConsistent(doc);
    expect(unitTexts(doc)).toEqual(['Keeper Handbook', 'Wicks & oil.', 'Lenses', 'Polish daily.']);
    expect(doc.outline).toEqual([
      { title: 'Keeper Handbook', level: 1, unitIndex: 0 },
      { title: 'Lenses', level: 2, unitIndex: 2 },
    ]);
    expect(doc).toMatchObject({ title: 'Keeper Handbook', kind: 'text', meta: { format: 'docx' } });
  });

  it('reports a broken Word file as UNSUPPORTED_FORMAT', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('word/document.xml garbage')]);
    await expectLecternError(parseDocx({ bytes, fileName: 'bad.docx' }, ctx()), 'UNSUPPORTED_FORMAT');
  });
});

describe('parseTextLike', () => {
  it.each([
    ['basic.srt', 'srt', 'transcript'],
    ['voices.vtt', 'vtt', 'transcript'],
    ['whisperx.json', 'whisper-json', 'transcript'],
    ['youtube-format3.xml', 'youtube-xml', 'transcript'],
    ['timestamped.txt', 'timestamped-text', 'transcript'],
    ['notes.md', 'markdown', 'text'],
  ])('dispatches %s to the %s parser', async (name, format, kind) => {
    const doc = await parseTextLike(fixture(name), ctx());
    expect(doc.meta.format).toBe(format);
    expect(doc.kind).toBe(kind);
  });

  it('rejects unsupported content and PDFs with typed errors', async () => {
    await expectLecternError(
      parseTextLike(input(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'a.png'), ctx()),
      'UNSUPPORTED_FORMAT',
    );
    await expectLecternError(parseTextLike(input('%PDF-1.4\n', 'a.pdf'), ctx()), 'INTERNAL');
  });
});
