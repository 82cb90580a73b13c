import { describe, expect, it } from 'vitest';
import { buildContext, compressedRatioFor } from '../../../src-main/engine/qa/buildContext';
import { compressDocument } from '../../../src-main/engine/qa/compressDocument';
import { estimateTokens } from '../../../src-main/engine/qa/countTokens';
import { indexSegments, retrieve } from '../../../src-main/engine/qa/retrieve';
import { segmentDocument, type SegmentableUnit } from '../../../src-main/engine/qa/segmentDocument';

const TOPICS = ['budget forecast', 'remote prototype', 'holiday plans', 'battery chemistry', 'office furniture'];

/** 60 paragraphs; paragraph 43 alone mentions the zeppelin. */
function doc() {
  let text = '';
  const units: SegmentableUnit[] = [];
  for (let i = 0; i < 60; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    const extra = i === 43 ? ' The zeppelin hangar rent doubled last year.' : '';
    const p = `Paragraph ${i} covers the ${topic} in detail, with notes number ${i * 3} and remarks.${extra} More words follow here to pad it out.`;
    if (i > 0) text += '\n\n';
    units.push({ start: text.length, end: text.length + p.length });
    text += p;
  }
  return { text, units };
}

function setup() {
  const d = doc();
  const segments = segmentDocument(d, { maxTokens: 120 });
  const index = indexSegments(d.text, segments);
  return { d, segments, index };
}

describe('buildContext', () => {
  it('stays within the budget and reports exactly the original characters it contains', () => {
    const { d, segments, index } = setup();
    const budget = Math.floor(estimateTokens(d.text) / 4);
    const compressed = compressDocument(d.text, segments, {
      ratio: compressedRatioFor(4, 0.25),
      maxTokens: Math.floor(budget * 0.25),
    });
    // Ratio 16 keeps about 1/16 of the pieces; labels and punctuation pieces make it somewhat more than a quarter of
    // the budget, which the expansion then gives back.
    expect(compressed.tokens).toBeLessThan(budget / 2);
    expect(compressed.kept).toHaveLength(segments.length);
    const question = 'What happened to the zeppelin hangar rent?';
    const ctx = buildContext({
      text: d.text,
      compressed,
      index,
      ranked: retrieve(index, question, { k: 20 }),
      question,
      budget,
    });
    expect(ctx.tokens).toBeLessThanOrEqual(budget);
    expect(ctx.tokens).toBe(estimateTokens(ctx.text));
    // The segment with the answer is expanded whole, with its label.
    const answer = d.text.indexOf('The zeppelin');
    const hit = ctx.expanded.find((s) => s.start <= answer && answer < s.end);
    expect(hit).toBeDefined();
    expect(ctx.text).toContain(`[${hit!.label}]\n${d.text.slice(hit!.start, hit!.end)}`);
    // Every reported range is verbatim in the context, and nothing outside them is counted.
    for (const [s, e] of ctx.ranges) {
      const piece = d.text.slice(s, e).trim();
      if (piece.length > 0) expect(ctx.text).toContain(piece);
    }
    const reported = ctx.ranges.reduce((a, [s, e]) => a + e - s, 0);
    expect(reported).toBeLessThan(d.text.length / 2);
    expect(ctx.ranges.some(([s, e]) => s <= answer && answer < e)).toBe(true);
  });

  it('without a compressed document, uses the whole budget for segments and excerpts', () => {
    const { d, index } = setup();
    const budget = 150;
    const question = 'zeppelin hangar and the battery chemistry';
    const ctx = buildContext({ text: d.text, index, ranked: retrieve(index, question, { k: 20 }), question, budget });
    expect(ctx.tokens).toBeLessThanOrEqual(budget);
    expect(ctx.compressedTokens).toBe(0);
    expect(ctx.expanded.length + ctx.excerpts.length).toBeGreaterThan(0);
    const covered = ctx.ranges.reduce((a, [s, e]) => a + e - s, 0);
    const expected =
      ctx.expanded.reduce((a, s) => a + s.end - s.start, 0) + ctx.excerpts.reduce((a, x) => a + x.end - x.start, 0);
    expect(covered).toBe(expected);
  });

  it('returns an empty context when nothing is retrieved and there is no compressed document', () => {
    const { d, index } = setup();
    const ctx = buildContext({ text: d.text, index, ranked: [], question: 'nothing', budget: 100 });
    expect(ctx).toMatchObject({ text: '', tokens: 0, ranges: [], expanded: [] });
  });
});
