import { getLlama } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { benchTtft } from '../../src-main/measure/bench/benchTtft';
import { syntheticDocumentTokens, syntheticText } from '../../src-main/measure/synthetic/syntheticDocument';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';

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

describe('benchTtft', () => {
  it('measures every ratio against the same baseline, with states of about 1/r of the full size', async () => {
    const llama = await getLlama({ gpu: false, build: 'never' });
    const lines: string[] = [];
    const result = await benchTtft({
      modelPath: () => ensureFixtureModel(TINY_SHAPE),
      llama,
      tokens: [512],
      ratios: [1, 4],
      threads: 1,
      segmentTokens: 64,
      decodeTokens: 4,
      onLog: (line) => lines.push(line),
    });
    expect(result.rows).toHaveLength(2);
    const [full, compressed] = result.rows;
    expect(full!.baselineTtftMs).toBe(compressed!.baselineTtftMs);
    expect(full!.kvTokens).toBe(513); // BOS + document
    expect(compressed!.kvTokens).toBe(1 + 512 / 4);
    const bytesPerToken = full!.stateBytes / full!.kvTokens;
    expect(Math.abs(compressed!.stateBytes - bytesPerToken * compressed!.kvTokens)).toBeLessThan(bytesPerToken);
    // Only the tail (expanded segments + question) is evaluated for the repeated question.
    expect(compressed!.expandedTokens).toBe(128);
    expect(compressed!.repeatEvaluatedTokens).toBeGreaterThan(compressed!.expandedTokens);
    expect(compressed!.repeatEvaluatedTokens).toBeLessThan(compressed!.expandedTokens + 32);
    for (const row of result.rows) {
      for (const value of [row.prepareMs, row.ttftFirstMs, row.ttftRepeatMs, row.decodeTokPerS]) {
        expect(value).toBeGreaterThan(0);
      }
    }
    expect(lines.length).toBe(3);
  });
});
