import { describe, expect, it } from 'vitest';
import { keyphraseTitle, keyphraseTitles } from '../../../src-main/engine/chapters/keyphraseTitle';
import { STOP_WORDS } from '../../../src-main/engine/chapters/stopWords';

const SEGMENTS = [
  'We looked at the remote control design. The remote control needs fewer buttons. Um, yeah, the buttons on the remote control are too small.',
  'The battery life matters. A solar panel could charge the battery. Battery life and solar charging were discussed, okay.',
  'Marketing found that young users want a fancy look. The fancy look sells. Young users also like bright colours.',
  'Yeah. Okay. Um.',
];

function words(title: string): string[] {
  return title.split(/\s+/).filter((w) => w.length > 0);
}

describe('keyphraseTitles', () => {
  const titles = keyphraseTitles(SEGMENTS);

  it('gives every segment a title of 3 to 8 words without stop words at either end', () => {
    expect(titles).toHaveLength(SEGMENTS.length);
    for (const title of titles) {
      const w = words(title);
      expect(w.length).toBeGreaterThanOrEqual(3);
      expect(w.length).toBeLessThanOrEqual(8);
      expect(STOP_WORDS.has((w[0] ?? '').toLowerCase())).toBe(false);
      expect(STOP_WORDS.has((w[w.length - 1] ?? '').toLowerCase())).toBe(false);
    }
  });

  it('names a segment after its recurring key phrase, capitalised', () => {
    expect(titles[0]).toMatch(/Remote Control/);
    expect(titles[1]).toMatch(/Battery/);
  });

  it('keeps titles unique within a document', () => {
    const repeated = keyphraseTitles([SEGMENTS[0] ?? '', SEGMENTS[0] ?? '', SEGMENTS[1] ?? '']);
    expect(new Set(repeated.map((t) => t.toLowerCase())).size).toBe(3);
  });

  it('titles a single segment', () => {
    expect(words(keyphraseTitle(SEGMENTS[2] ?? '', SEGMENTS)).length).toBeGreaterThanOrEqual(3);
  });
});
