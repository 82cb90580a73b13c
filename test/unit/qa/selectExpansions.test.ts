import { describe, expect, it } from 'vitest';
import { estimateTokens, type CountTokens } from '../../../src-main/engine/index/countTokens';
import { indexPassages } from '../../../src-main/engine/index/passageIndex';
import { indexSegments } from '../../../src-main/engine/index/retrieve';
import { segmentDocument, type SegmentableUnit } from '../../../src-main/engine/index/segmentDocument';
import { expansionText, selectExpansions } from '../../../src-main/engine/index/selectExpansions';
import { indexTerms, queryTerms } from '../../../src-main/engine/index/terms';

const TOPICS = ['budget forecast', 'remote prototype', 'holiday plans', 'battery chemistry', 'office furniture'];

/**
 * 80 paragraphs of three sentences. Paragraph 37 alone names the zeppelin, in its middle sentence; paragraphs 60-63
 * all discuss the glasshouse.
 */
function doc() {
  let text = '';
  const units: SegmentableUnit[] = [];
  for (let i = 0; i < 80; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    const middle =
      i === 37
        ? 'The zeppelin hangar rent doubled last year.'
        : i >= 60 && i < 64
          ? `The glasshouse heating needs review number ${i}.`
          : `Notes number ${i * 3} were filed.`;
    const p = `Paragraph ${i} covers the ${topic} in detail. ${middle} More words follow here to pad it out.`;
    if (i > 0) text += '\n';
    units.push({
      start: text.length,
      end: text.length + p.length,
      anchor: { type: 'page', page: 1 + Math.floor(i / 4) },
    });
    text += p;
  }
  return { text, units };
}

function setup(passageTokens?: number) {
  const d = doc();
  const segments = segmentDocument(d, { maxTokens: 200 });
  const index = indexSegments(d.text, segments, passageTokens ? { passages: { passageTokens } } : {});
  return { d, segments, index };
}

function joinedCost(text: string, pieces: Parameters<typeof expansionText>[1][], count: CountTokens = estimateTokens) {
  return count(pieces.map((p) => expansionText(text, p)).join(''));
}

describe('selectExpansions', () => {
  it('returns verbatim, disjoint pieces in document order, each inside its labelled segment, within the budget', () => {
    const { d, index } = setup();
    const budget = 300;
    const pieces = selectExpansions(
      index,
      'Why did the zeppelin hangar rent change, and how is the glasshouse heated?',
      budget,
    );
    expect(pieces.length).toBeGreaterThan(1);
    expect(joinedCost(d.text, pieces)).toBeLessThanOrEqual(budget);
    for (const [i, p] of pieces.entries()) {
      expect(p.start).toBeGreaterThanOrEqual(p.segment.start);
      expect(p.end).toBeLessThanOrEqual(p.segment.end);
      expect(p.label).toBe(p.segment.label);
      expect(p.label).toMatch(/^S\d+ p\.\d+$/);
      if (i > 0) expect(p.start).toBeGreaterThan(pieces[i - 1]!.end);
    }
    const zeppelin = d.text.indexOf('The zeppelin');
    expect(pieces.some((p) => p.start <= zeppelin && zeppelin < p.end)).toBe(true);
    const glass = d.text.indexOf('The glasshouse');
    expect(pieces.some((p) => p.start <= glass && glass < p.end)).toBe(true);
  });

  it('takes the matching part of a segment when the whole segment does not fit', () => {
    const { d, index } = setup(20);
    const zeppelin = d.text.indexOf('The zeppelin');
    const segment = index.segments.find((s) => s.start <= zeppelin && zeppelin < s.end)!;
    const budget = 40;
    expect(segment.tokens).toBeGreaterThan(budget);
    const pieces = selectExpansions(index, 'What happened to the zeppelin hangar rent?', budget);
    const hit = pieces.find((p) => p.start <= zeppelin && zeppelin < p.end);
    expect(hit).toBeDefined();
    expect(d.text.slice(hit!.start, hit!.end)).toContain('The zeppelin hangar rent doubled last year.');
    expect(hit!.end - hit!.start).toBeLessThan((segment.end - segment.start) / 2);
    expect(joinedCost(d.text, pieces)).toBeLessThanOrEqual(budget);
  });

  it('merges chosen passages that touch into one piece under one label', () => {
    const { d, index } = setup(20);
    // Every paragraph matches and the budget holds the whole document: one piece per segment, spanning it.
    const pieces = selectExpansions(index, 'paragraph covers detail', 2 * estimateTokens(d.text));
    expect(pieces.map((p) => [p.start, p.end])).toEqual(index.segments.map((s) => [s.start, s.end]));
    expect(pieces.map((p) => p.label)).toEqual(index.segments.map((s) => s.label));
    expect(index.passages.passages.length).toBeGreaterThan(2 * pieces.length);
  });

  it('stays within the budget with a counter that is not additive across joins', () => {
    const { d, index } = setup();
    // Charges every line break, which the per-sentence counts never see: the pieces' own text must be recounted.
    const count: CountTokens = (t) => estimateTokens(t) + 10 * (t.match(/\n/g)?.length ?? 0);
    for (const budget of [80, 160, 400]) {
      const pieces = selectExpansions(index, 'budget forecast and battery chemistry', budget, count);
      expect(pieces.length).toBeGreaterThan(0);
      expect(joinedCost(d.text, pieces, count)).toBeLessThanOrEqual(budget);
    }
  });

  it('returns nothing when no term matches or there is no budget', () => {
    const { index } = setup();
    expect(selectExpansions(index, 'quantum chromodynamics', 500)).toEqual([]);
    expect(selectExpansions(index, 'zeppelin', 0)).toEqual([]);
  });
});

describe('indexPassages', () => {
  it('cuts each segment into whole sentences of at most the limit, every sentence in exactly one passage', () => {
    const { d, segments } = setup();
    const limit = 30;
    const index = indexPassages(d.text, segments, { passageTokens: limit });
    let next = 0;
    for (const p of index.passages) {
      expect(p.firstSentence).toBe(next);
      next = p.endSentence;
      const segment = segments[p.segment]!;
      expect(p.start).toBeGreaterThanOrEqual(segment.start);
      expect(p.end).toBeLessThanOrEqual(segment.end);
      for (let i = p.firstSentence; i < p.endSentence; i++) expect(index.sentences[i]!.segment).toBe(p.segment);
      if (p.endSentence - p.firstSentence > 1)
        expect(estimateTokens(d.text.slice(p.start, p.end))).toBeLessThanOrEqual(limit);
    }
    expect(next).toBe(index.sentences.length);
  });

  it('starts a new passage at a line whose whole does not fit, rather than cutting the line', () => {
    // Each paragraph is about 22 estimated tokens: two never share a passage of 30, and none is cut.
    const { d, segments } = setup();
    const index = indexPassages(d.text, segments, { passageTokens: 30 });
    for (const p of index.passages) {
      const text = d.text.slice(p.start, p.end);
      expect(text).not.toContain('\n');
      expect(text).toMatch(/^Paragraph \d+ .* pad it out\.$/);
    }
  });
});

describe('queryTerms', () => {
  it('drops the words that say what to do, keeps what to look for', () => {
    expect(queryTerms('Summarize the discussion about the zeppelin hangar.')).toEqual(indexTerms('zeppelin hangar'));
    expect(queryTerms('Highlight the parts related to "Revenue Sharing".')).toEqual(indexTerms('revenue sharing'));
  });

  it('keeps every term of a question made of instruction words only', () => {
    expect(queryTerms('Summarize the discussion.')).toEqual(indexTerms('summarize discussion'));
  });
});
