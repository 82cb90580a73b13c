import { describe, expect, it } from 'vitest';
import {
  detectProtectedPieces,
  lexicalSalience,
  splitTextPieces,
} from '../../../src-main/engine/compression/lexicalSalience';
import { compressPlainText, compressText } from '../../../src-main/engine/compression/textCompression';

describe('splitTextPieces', () => {
  it('concatenates back to the text exactly', () => {
    for (const text of ['Hello, world!  ', '  The 3rd item (of 12) costs $4.50.\n\nNext: Zürich’s café', '', '\n']) {
      expect(splitTextPieces(text).join('')).toBe(text);
    }
    expect(splitTextPieces('The cat sat.')).toEqual(['The', ' cat', ' sat', '.']);
  });
});

describe('lexicalSalience', () => {
  it('scores rare words above words found in every segment, and whitespace or punctuation at 0', () => {
    const segments = [
      'the river flooded the valley.',
      'the council met the engineers.',
      'the report praised the hydrologist.',
    ].map(splitTextPieces);
    const salience = lexicalSalience(segments);
    const first = segments[0]!;
    const score = (word: string) => salience[0]![first.findIndex((p) => p.trim() === word)]!;
    expect(score('river')).toBeGreaterThan(score('the'));
    expect(score('.')).toBe(0);
  });

  it('still ranks words in a one-segment document, by their frequency in it', () => {
    const pieces = splitTextPieces('data data data data quokka');
    const [scores] = lexicalSalience([pieces]);
    expect(scores![4]).toBeGreaterThan(scores![0]!);
  });

  it('gives a word split over several pieces to each of them', () => {
    const [scores] = lexicalSalience([['un', 'believ', 'able', ' the', ' the']]);
    expect(scores![0]).toBe(scores![1]);
    expect(scores![1]).toBe(scores![2]);
    expect(scores![0]).toBeGreaterThan(scores![3]!);
  });
});

describe('detectProtectedPieces', () => {
  it('protects numbers and capitalized words that do not start a sentence', () => {
    const pieces = splitTextPieces('The survey by Ada Lovelace found 42 errors. Then it ended.');
    const protectedWords = pieces.filter((_, i) => detectProtectedPieces(pieces)[i]).map((p) => p.trim());
    expect(protectedWords).toEqual(['Ada', 'Lovelace', '42']);
  });
});

describe('compressText', () => {
  const text =
    'The committee reviewed the annual budget in 1998. However, the engineers measured the water supply of ' +
    'Rotterdam with great care, and the council questioned the cost of housing after a long meeting. ' +
    'Finally, the survey recorded the number of visitors during the summer.';

  it.each([2, 4, 8])(
    'keeps about 1/%i of the pieces (plus protected ones) and maps them to character ranges',
    (ratio) => {
      const [segment] = compressPlainText([text], { ratio });
      const pieces = splitTextPieces(text);
      expect(segment!.totalPieces).toBe(pieces.length);
      expect(segment!.keptPieces).toBeLessThan(pieces.length);
      expect(segment!.keptPieces).toBeGreaterThanOrEqual(Math.ceil(pieces.length / ratio));
      expect(segment!.text).toContain('1998');
      expect(segment!.text).toContain('Rotterdam');
      // Character ranges point at exactly the kept text in the original.
      expect(segment!.keptCharRanges.map(({ start, end }) => text.slice(start, end)).join('')).toBe(segment!.text);
    },
  );

  it('marks gaps when asked and keeps all text at r = 1', () => {
    const [half] = compressPlainText([text], { ratio: 2, gapMarker: ' … ' });
    expect(half!.text).toContain(' … ');
    const [whole] = compressPlainText([text], { ratio: 1, gapMarker: ' … ' });
    expect(whole!.text).toBe(text);
  });

  it('drops the low-scoring pieces when model scores are given', () => {
    const pieces = ['A', ' b', ' c', ' d', ' e', ' f', ' g', ' h'];
    const selfInformation = [Number.NaN, 0, 0, 0, 9, 9, 9, 9];
    const [segment] = compressText([{ pieces, selfInformation, salience: pieces.map(() => 0) }], {
      ratio: 2,
      protectStructure: false,
    });
    expect(segment!.text).toBe(' e f g h');
  });
});
