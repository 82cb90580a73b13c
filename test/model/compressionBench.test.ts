import { describe, expect, it } from 'vitest';
import { syntheticDocumentTokens, syntheticText } from '../../src-main/measure/synthetic/syntheticDocument';

describe('syntheticDocumentTokens', () => {
  it('is deterministic, varied and exactly as long as asked', () => {
    const tokenize = (text: string) => text.split(' ');
    expect(syntheticDocumentTokens(tokenize, 500, 3)).toEqual(syntheticDocumentTokens(tokenize, 500, 3));
    expect(syntheticDocumentTokens(tokenize, 500, 3)).toHaveLength(500);
    expect(syntheticText(300, 1)).not.toBe(syntheticText(300, 2));
    const sentences = syntheticText(2000, 1).split(/(?<=\.) /);
    expect(new Set(sentences).size).toBeGreaterThan(sentences.length * 0.9);
  });
});
