import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src-main/measure/seededRandom';
import { segmentUnits, type SegUnit } from '../../../src-main/engine/chapters/segmentUnits';
import { stem } from '../../../src-main/engine/chapters/stem';
import { contentTerms } from '../../../src-main/engine/chapters/contentTerms';

const TOPICS = [
  'volcano lava eruption magma crater ash island geologist seismic mountain plume basalt'.split(' '),
  'orchestra violin symphony conductor concert melody composer rehearsal cello harmony opera tempo'.split(' '),
  'bakery bread flour dough oven yeast pastry butter loaf baker crust sourdough'.split(' '),
  'satellite orbit rocket launch astronaut telescope planet gravity spacecraft mission comet lunar'.split(' '),
];
const GLUE = 'the and of a to in that it was for with as on by this'.split(' ');

/** Sentences of `perTopic` each, drawn from one topic's vocabulary plus function words. */
function syntheticUnits(perTopic: number[], seed: number): { units: SegUnit[]; truth: number[] } {
  const rand = seededRandom(seed);
  const pick = (list: string[]) => list[Math.floor(rand() * list.length)] ?? '';
  const units: SegUnit[] = [];
  const truth: number[] = [];
  perTopic.forEach((count, topic) => {
    truth.push(units.length);
    const vocab = TOPICS[topic % TOPICS.length] ?? [];
    for (let s = 0; s < count; s++) {
      const words: string[] = [];
      for (let w = 0; w < 14; w++) words.push(rand() < 0.4 ? pick(vocab) : pick(GLUE));
      units.push({ text: words.join(' ') + '.' });
    }
  });
  return { units, truth };
}

describe('segmentUnits', () => {
  it('finds the topic changes of a document made of clearly different topics', () => {
    const { units, truth } = syntheticUnits([9, 7, 11, 8], 7);
    const found = segmentUnits(units);
    expect(found[0]).toBe(0);
    expect(found.length).toBe(truth.length);
    found.forEach((b, i) => expect(Math.abs(b - (truth[i] ?? -99))).toBeLessThanOrEqual(1));
  });

  it('returns strictly increasing boundaries starting at 0', () => {
    const { units } = syntheticUnits([5, 5, 5], 3);
    const found = segmentUnits(units, { granularity: 'fine' });
    expect(found[0]).toBe(0);
    for (let i = 1; i < found.length; i++) expect(found[i]).toBeGreaterThan(found[i - 1] ?? Infinity);
    expect(found[found.length - 1]).toBeLessThan(units.length);
  });

  it('handles empty and one-unit documents', () => {
    expect(segmentUnits([])).toEqual([]);
    expect(segmentUnits([{ text: 'Hello.' }])).toEqual([0]);
  });

  it('uses times on transcripts: chapters of minutes, and long pauses as boundaries', () => {
    // Two topics, 6 minutes each, one turn every 10 s, with a 6 s silence at the change.
    const { units: sentences, truth } = syntheticUnits([36, 36], 11);
    let t = 0;
    const units = sentences.map((u, i) => {
      if (i === truth[1]) t += 6;
      const unit: SegUnit = { text: u.text, speaker: i % 2 === 0 ? 'A' : 'B', start: t, end: t + 9.5 };
      t += 10;
      return unit;
    });
    const found = segmentUnits(units);
    expect(found).toHaveLength(2);
    expect(Math.abs((found[1] ?? 0) - (truth[1] ?? 0))).toBeLessThanOrEqual(1);
    // A coarse setting on one topic of 12 minutes keeps it whole.
    expect(segmentUnits(units.slice(0, 36), { granularity: 'coarse' })).toEqual([0]);
  });
});

describe('stemming and content terms', () => {
  it('conflates inflections the Porter way', () => {
    expect(stem('designs')).toBe(stem('design'));
    expect(stem('designed')).toBe(stem('designing'));
    expect(stem('relational')).toBe('relat');
    expect(stem('ponies')).toBe('poni');
    expect(stem('hopping')).toBe('hop');
  });

  it('drops stop words and fillers', () => {
    expect(contentTerms("Um, yeah, so the remote controls aren't working.")).toEqual(['remot', 'control', 'work']);
  });
});
