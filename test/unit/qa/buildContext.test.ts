import { describe, expect, it } from 'vitest';
import { buildContext, compressedRatioFor } from '../../../src-main/engine/compression/buildContext';
import { compressDocument } from '../../../src-main/engine/compression/compressDocument';
import { estimateTokens } from '../../../src-main/engine/index/countTokens';
import { indexSegments } from '../../../src-main/engine/index/retrieve';
import { segmentDocument, type SegmentableUnit } from '../../../src-main/engine/index/segmentDocument';

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
    const ctx = buildContext({ compressed, index, question, budget });
    expect(ctx.tokens).toBeLessThanOrEqual(budget);
    expect(ctx.tokens).toBe(estimateTokens(ctx.text));
    expect(ctx.text.startsWith(compressed.text)).toBe(true);
    // The passage with the answer is expanded at full resolution, under its segment's label.
    const answer = d.text.indexOf('The zeppelin');
    const hit = ctx.pieces.find((p) => p.start <= answer && answer < p.end);
    expect(hit).toBeDefined();
    expect(hit!.label).toBe(segments.find((s) => s.start <= answer && answer < s.end)!.label);
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

  it('without a compressed document, uses the budget for passages only', () => {
    const { index } = setup();
    const budget = 150;
    const question = 'zeppelin hangar and the battery chemistry';
    const ctx = buildContext({ index, question, budget });
    expect(ctx.tokens).toBeLessThanOrEqual(budget);
    // Passages of many matching paragraphs are on offer, so the budget is nearly used up.
    expect(ctx.tokens).toBeGreaterThan(budget * 0.8);
    expect(ctx.compressedTokens).toBe(0);
    expect(ctx.text.startsWith('[S')).toBe(true);
    const covered = ctx.ranges.reduce((a, [s, e]) => a + e - s, 0);
    expect(covered).toBe(ctx.pieces.reduce((a, p) => a + p.end - p.start, 0));
  });

  it('returns an empty context when nothing matches and there is no compressed document', () => {
    const { index } = setup();
    const ctx = buildContext({ index, question: 'quantum chromodynamics', budget: 100 });
    expect(ctx).toMatchObject({ text: '', tokens: 0, ranges: [], pieces: [] });
  });
});
