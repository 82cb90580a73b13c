import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingDepthScores } from '../../../src-main/engine/chapters/embeddingDepthScores';
import { segmentUnits, type SegUnit } from '../../../src-main/engine/chapters/segmentUnits';
import { evalChapters } from '../../../src-main/measure/eval/evalChapters';
import { loadEmbeddingModel, type EmbeddingModel } from '../../../src-main/engine/onnx/loadEmbeddingModel';
import { seededRandom } from '../../../src-main/measure/seededRandom';
import { writeOnnxFixtures } from '../../fixtures/onnx/writeOnnxFixtures';

/** Unit vectors around one of two directions: topic A for units [0, change), topic B after. */
function twoTopicVectors(n: number, change: number, dims = 16): Float32Array[] {
  const random = seededRandom(7);
  return Array.from({ length: n }, (_, i) => {
    const v = Float32Array.from({ length: dims }, () => (random() - 0.5) * 0.4);
    v[i < change ? 0 : 1] = (v[i < change ? 0 : 1] ?? 0) + 1;
    return v;
  });
}

// Lexically flat prose: every unit uses the same words, so only the vectors can tell the topics apart.
const flatUnits = (n: number): SegUnit[] =>
  Array.from({ length: n }, () => ({
    text: 'The committee reviewed the plan and the budget for the coming year again.',
  }));

describe('embedding cohesion', () => {
  it('finds its deepest dip where the vectors change topic', () => {
    const depth = embeddingDepthScores(twoTopicVectors(40, 23), 5);
    const deepest = depth.indexOf(Math.max(...depth));
    expect(deepest).toBe(23);
  });

  it('moves a chapter boundary to the topic change the words do not show', () => {
    const units = flatUnits(48);
    const withVectors = segmentUnits(units, { unitVectors: twoTopicVectors(48, 23) });
    expect(withVectors).toContain(23);
    expect(segmentUnits(units)).not.toContain(23);
  });

  it('ignores vectors that do not match the units one to one', () => {
    const units = flatUnits(48);
    expect(segmentUnits(units, { unitVectors: twoTopicVectors(47, 23) })).toEqual(segmentUnits(units));
  });
});

describe('lectern eval chapters with an embedding model', () => {
  let dir: string;
  let model: EmbeddingModel;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lectern-evalemb-'));
    const fixtures = await writeOnnxFixtures(path.join(dir, 'models'));
    model = await loadEmbeddingModel(fixtures.embedding, { threads: 1 });
    await mkdir(path.join(dir, 'data', 'segmentation'), { recursive: true });
    const doc = (id: string) => ({
      doc_id: id,
      units: [
        ...Array.from({ length: 12 }, (_, i) => ({ text: `alpha beta gamma delta number ${i}` })),
        ...Array.from({ length: 12 }, (_, i) => ({ text: `river stone mountain cloud item ${i}` })),
      ],
      boundaries: [0, 12],
      titles: null,
    });
    await writeFile(
      path.join(dir, 'data', 'segmentation', 'tiny.jsonl'),
      [doc('a'), doc('b')].map((d) => JSON.stringify(d)).join('\n'),
    );
  });

  afterAll(async () => {
    await model?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('embeds every unit with the model and says it used them', async () => {
    const report = await evalChapters(path.join(dir, 'data'), { embeddings: model });
    expect(report.signals).toEqual(['lexical', `embeddings:${model.id}`]);
    expect(report.datasets).toHaveLength(1);
    expect(report.datasets[0]?.docs).toBe(2);
    const plain = await evalChapters(path.join(dir, 'data'));
    expect(plain.signals).toEqual(['lexical']);
  });
});
