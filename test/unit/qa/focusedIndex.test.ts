import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LecternDocument, Unit } from '../../../src-shared/domain/document';
import { chapterDocument } from '../../../src-main/engine/chapters/chapterDocument';
import { buildDocumentIndex } from '../../../src-main/engine/index/documentIndex';
import { buildFocusedIndex, FOCUS_HITS, focusQuery } from '../../../src-main/engine/index/focusedIndex';
import { answerWithPassages } from '../../../src-main/engine/qa/answerWithPassages';
import { Library } from '../../../src-main/engine/store/Library';
import { syntheticSentence } from '../../../src-main/measure/synthetic/syntheticDocument';
import { seededRandom } from '../../../src-main/measure/seededRandom';

const library = new Library(mkdtempSync(path.join(os.tmpdir(), 'lectern-focus-')));
afterAll(() => library.close());

/** 3,000 paragraphs of generated prose; paragraph 2,345 says what the committee decided. */
function document(): LecternDocument {
  const random = seededRandom(3);
  const parts: string[] = [];
  const units: Unit[] = [];
  let offset = 0;
  for (let i = 0; i < 3000; i++) {
    const fact = i === 2345 ? ' The harbour committee decided to repaint the granite lighthouse in ochre.' : '';
    const text = `${syntheticSentence(random)} ${syntheticSentence(random)}${fact}`;
    units.push({ index: i, start: offset, end: offset + text.length, anchor: { type: 'text', line: 2 * i + 1 } });
    parts.push(text);
    offset += text.length + 2;
  }
  const text = parts.join('\n\n');
  return {
    id: 'f'.repeat(64),
    title: 'Harbour',
    kind: 'text',
    text,
    units,
    meta: { fileName: 'h.txt', sizeBytes: 0, format: 'text' },
  };
}

describe('a focused index for a very long document', () => {
  const doc = document();
  const chapters = chapterDocument(doc);
  library.insert(doc, '/tmp/h.txt', chapters);
  const question = 'What did the committee decide about the lighthouse?';
  const focusedFor = (q: string) => {
    const stored = library.documents.get(doc.id, { limit: 0 }).document;
    return buildFocusedIndex({
      doc: { ...stored, text: library.documents.text(doc.id) },
      unitCount: doc.units.length,
      chapters: library.chapters.list(doc.id),
      hits: library.search.units(doc.id, focusQuery(q), FOCUS_HITS).map((h) => h.unitIndex),
      unitRange: (from, to) => library.documents.unitRange(doc.id, from, to),
    });
  };

  it('drops function words from the keyword query', () => {
    expect(focusQuery(question)).toBe('committee decide lighthouse');
    expect(focusQuery('what is it')).toBe('what is it');
  });

  it('finds the passage the whole-document index finds, with the document’s own offsets, units and anchors', () => {
    const focused = focusedFor(question);
    expect(focused.focus?.ofUnits).toBe(3000);
    expect(focused.focus?.units).toBeLessThan(3000 / 4);
    const wholeIndex = buildDocumentIndex(doc, chapters);
    const whole = answerWithPassages(wholeIndex, question, 4, 0);
    const part = answerWithPassages(focused, question, 4, 0);
    expect(whole.passages?.[0]?.text).toContain('repaint the granite lighthouse');
    // Segments are cut within each neighbourhood, so a passage may start a paragraph or two elsewhere.
    const best = part.passages?.[0];
    expect(best?.text).toContain('repaint the granite lighthouse');
    expect(doc.text.slice(best?.start, best?.end).trim()).toBe(best?.text);
    const unit = doc.units.findLast((u) => u.start <= (best?.start ?? -1));
    expect(best).toMatchObject({ unitIndex: unit?.index, anchor: unit?.anchor });
    expect(best?.label).toMatch(/^S\d+/);
    // The estimate of the document's length stays within a fifth of the whole count.
    expect(Math.abs(focused.docTokens / wholeIndex.docTokens - 1)).toBeLessThan(0.2);
  });

  it('finds nothing when no unit has the question’s words', () => {
    const part = answerWithPassages(focusedFor('zyzzyva quokka'), 'zyzzyva quokka', 4, 0);
    expect(part.noEvidence).toBe(true);
  });
});
