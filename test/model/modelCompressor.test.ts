import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareModelCompressor } from '../../src-main/engine/compression/prepareModelCompressor';
import type { SegmentCompressor } from '../../src-main/engine/compression/compressDocument';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { engineInTempDir } from '../support/modelEngine';

const { engine } = engineInTempDir('modelcompressor');

const texts = [
  'The treatment plant replaced its ultraviolet stage in 2023 for 4.2 million dollars, paid from the capital fund.',
  'Lead service lines will be replaced street by street until 2031; residents are told two weeks in advance.',
];
let compressor: SegmentCompressor;

beforeAll(async () => {
  await engine.models.load(await ensureFixtureModel(TINY_SHAPE), { threads: 1, contextSize: 512, minContextSize: 256 });
  compressor = await prepareModelCompressor(engine.models.current!.context.getSequence(), texts);
});
afterAll(() => engine.dispose());

describe('text compression scored by the chat model (generated GGUF)', () => {
  it('keeps about 1/r of each text, as verbatim ranges of the source', () => {
    for (const ratio of [2, 4]) {
      const out = compressor(texts, { ratio, protectStructure: false });
      for (const [i, segment] of out.entries()) {
        const text = texts[i]!;
        expect(segment.keptPieces / segment.totalPieces).toBeLessThanOrEqual(1 / ratio + 0.2);
        expect(segment.keptPieces).toBeGreaterThan(0);
        for (const range of segment.keptCharRanges) {
          expect(range.start).toBeGreaterThanOrEqual(0);
          expect(range.end).toBeLessThanOrEqual(text.length);
        }
      }
    }
  });

  it('keeps different pieces than the model-free scores would (the model signal is used)', async () => {
    const { compressPlainText } = await import('../../src-main/engine/compression/textCompression');
    const model = compressor(texts, { ratio: 4, protectStructure: false, salienceWeight: 0 });
    const lexical = compressPlainText(texts, { ratio: 4, protectStructure: false });
    expect(JSON.stringify(model.map((s) => s.keptRanges))).not.toBe(JSON.stringify(lexical.map((s) => s.keptRanges)));
  });

  it('refuses a text it did not score', () => {
    expect(() => compressor(['an unscored text'], { ratio: 2 })).toThrow(/did not score/);
  });
});
