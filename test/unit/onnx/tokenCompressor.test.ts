import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitTextPieces } from '../../../src-main/engine/compression/lexicalSalience';
import { charScoresToTokens } from '../../../src-main/engine/compression/charScoresToTokens';
import { loadTokenCompressor, type TokenCompressor } from '../../../src-main/engine/onnx/loadTokenCompressor';
import { prepareSegmentCompressor } from '../../../src-main/engine/onnx/prepareSegmentCompressor';
import { splitWords } from '../../../src-main/engine/onnx/splitWords';
import { compressDocument } from '../../../src-main/engine/compression/compressDocument';
import type { Segment } from '../../../src-main/engine/index/segmentDocument';
import { seededRandom } from '../../../src-main/measure/seededRandom';
import { FIXTURE_VOCAB, type OnnxFixtures, writeOnnxFixtures } from '../../fixtures/onnx/writeOnnxFixtures';

let dir: string;
let fx: OnnxFixtures;
let compressor: TokenCompressor;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-onnx-compress-'));
  fx = await writeOnnxFixtures(dir);
  compressor = await loadTokenCompressor(fx.compressor, { threads: 1 });
});

afterAll(async () => {
  await compressor.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** A text from the fixture vocabulary (so most words are known), with punctuation and numbers. */
function fixtureText(words: number, seed: number): string {
  const random = seededRandom(seed);
  const pool = FIXTURE_VOCAB.slice(15, 95).filter((w) => /^[a-z]/.test(w));
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push(pool[Math.floor(random() * pool.length)] ?? 'the');
    if (random() < 0.1) out.push(random() < 0.5 ? '.' : ',');
  }
  return out.join(' ').replace(/ ([.,])/g, '$1');
}

describe('loadTokenCompressor', () => {
  it('scores every word with its character range and a probability', async () => {
    const text = 'The cat sat on the mat, in London.';
    const scores = await compressor.scoreWords(text);
    expect(scores.map((s) => text.slice(s.start, s.end))).toEqual([
      'The',
      'cat',
      'sat',
      'on',
      'the',
      'mat',
      ',',
      'in',
      'London',
      '.',
    ]);
    for (const s of scores) {
      expect(s.keep).toBeGreaterThan(0);
      expect(s.keep).toBeLessThan(1);
    }
    expect(compressor.maxLength).toBe(fx.shape.maxPositions);
  });

  it("takes the mean of a word's sub-token probabilities (LLMLingua-2's default)", async () => {
    const text = 'the compressed cat';
    const scores = await compressor.scoreWords(text);
    // Reference: run the graph directly on [CLS] the compress ##ed cat [SEP] and softmax label 1 per token.
    const id = (t: string) => BigInt(FIXTURE_VOCAB.indexOf(t));
    const ids = ['[CLS]', 'the', 'compress', '##ed', 'cat', '[SEP]'].map(id);
    const session = await ort.InferenceSession.create(path.join(fx.compressor, 'model.onnx'), { intraOpNumThreads: 1 });
    const shape = [1, ids.length];
    const out = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids), shape),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), shape),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(ids.length), shape),
    });
    const logits = out.logits!.data as Float32Array;
    const keep = (position: number) => 1 / (1 + Math.exp(logits[position * 2]! - logits[position * 2 + 1]!));
    await session.release();
    expect(scores).toHaveLength(3);
    expect(scores[0]!.keep).toBeCloseTo(keep(1), 6);
    expect(scores[1]!.keep).toBeCloseTo((keep(2) + keep(3)) / 2, 6);
    expect(scores[2]!.keep).toBeCloseTo(keep(4), 6);
  });

  it('scores texts batched exactly as one by one, and long texts window by window', async () => {
    const texts = [fixtureText(20, 1), fixtureText(5, 2), fixtureText(300, 3), ''];
    const together = await compressor.scoreTexts(texts);
    for (const [i, text] of texts.entries()) {
      const alone = await compressor.scoreWords(text);
      expect(together[i]!.length).toBe(alone.length);
      together[i]!.forEach((s, j) => {
        expect(s.start).toBe(alone[j]!.start);
        expect(s.keep).toBeCloseTo(alone[j]!.keep, 5);
      });
    }
    // 300 words do not fit one 64-token window: all of them are still scored.
    expect(together[2]).toHaveLength(splitWords(texts[2]!).length);
    expect(together[3]).toEqual([]);
  });
});

describe('charScoresToTokens', () => {
  it('weights each word by the characters it shares with a token; no overlap is NaN', () => {
    const words = [
      { start: 0, end: 4, keep: 0.8 }, // "word"
      { start: 5, end: 9, keep: 0.2 }, // "pair"
    ];
    // Tokens: "wo", "rd", " ", "rd pa" (straddles), "ir"
    const tokens = [
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5 },
      { start: 2, end: 7 },
      { start: 7, end: 9 },
    ];
    const scores = charScoresToTokens(words, tokens.slice(0, 3));
    expect(Array.from(scores.slice(0, 2))).toEqual([0.8, 0.8]);
    expect(scores[2]).toBeNaN();
    const straddle = charScoresToTokens(words, [tokens[3]!, tokens[4]!]);
    expect(straddle[0]).toBeCloseTo((2 * 0.8 + 2 * 0.2) / 4, 10);
    expect(straddle[1]).toBeCloseTo(0.2, 10);
  });

  it('maps compressor words onto other pieces of the same text', async () => {
    const text = fixtureText(40, 7);
    const words = await compressor.scoreWords(text);
    const pieces = splitTextPieces(text);
    let offset = 0;
    const ranges = pieces.map((p) => ({ start: offset, end: (offset += p.length) }));
    const mapped = charScoresToTokens(words, ranges);
    // Every piece with a word in it got that word's score (pieces and words cut the same way here).
    pieces.forEach((piece, i) => {
      if (piece.trim()) {
        const word = words.find((w) => w.start === ranges[i]!.start + piece.length - piece.trimStart().length);
        expect(mapped[i]).toBeCloseTo(word!.keep, 10);
      }
    });
  });
});

describe('prepareSegmentCompressor', () => {
  const document = Array.from({ length: 6 }, (_, i) => fixtureText(120, 100 + i)).join('\n\n');
  const segments: Segment[] = [];
  let cursor = 0;
  document.split('\n\n').forEach((part, index) => {
    segments.push({
      id: `S${index + 1}`,
      index,
      startUnit: index,
      endUnit: index + 1,
      start: cursor,
      end: cursor + part.length,
      tokens: 0,
      label: `S${index + 1}`,
    });
    cursor += part.length + 2;
  });
  const texts = segments.map((s) => document.slice(s.start, s.end));

  it.each([2, 4, 8])('keeps about 1/%i of each segment through compressDocument', async (ratio) => {
    const segmentCompressor = await prepareSegmentCompressor(compressor, texts);
    const results = segmentCompressor(texts, { ratio, protectStructure: false });
    results.forEach((result) => {
      const target = Math.ceil(result.totalPieces / ratio);
      expect(Math.abs(result.keptPieces - target)).toBeLessThanOrEqual(4); // one eviction chunk
    });
    const compressed = compressDocument(document, segments, { ratio, compressor: segmentCompressor });
    const keptChars = compressed.kept.reduce((sum, k) => sum + k.ranges.reduce((s, [a, b]) => s + b - a, 0), 0);
    // Characters follow pieces closely; protection (numbers) may keep a little more.
    expect(keptChars / document.length).toBeGreaterThan(0.6 / ratio);
    expect(keptChars / document.length).toBeLessThan(1.6 / ratio);
  });

  it('keeps the words the compressor scores highest', async () => {
    const segmentCompressor = await prepareSegmentCompressor(compressor, texts);
    const [result] = segmentCompressor([texts[0]!], { ratio: 4, protectStructure: false, chunkSize: 1 });
    const words = await compressor.scoreWords(texts[0]!);
    const kept = (w: { start: number }) => result!.keptCharRanges.some((r) => r.start <= w.start && w.start < r.end);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(words.filter(kept).map((w) => w.keep))).toBeGreaterThan(
      mean(words.filter((w) => !kept(w)).map((w) => w.keep)),
    );
  });

  it('refuses a text it was not prepared with', async () => {
    const segmentCompressor = await prepareSegmentCompressor(compressor, texts.slice(0, 1));
    expect(() => segmentCompressor(['other text'], { ratio: 2 })).toThrow(
      expect.objectContaining({ code: 'INTERNAL' }),
    );
  });
});
