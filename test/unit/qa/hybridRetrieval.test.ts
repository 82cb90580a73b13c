import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src-main/engine/Engine';
import { evalEvidence } from '../../../src-main/measure/eval/evalEvidence';
import { densePassageRanking } from '../../../src-main/engine/onnx/densePassageRanking';
import { loadEmbeddingModel, type EmbeddingModel } from '../../../src-main/engine/onnx/loadEmbeddingModel';
import { loadTokenCompressor, type TokenCompressor } from '../../../src-main/engine/onnx/loadTokenCompressor';
import { prepareSegmentCompressor } from '../../../src-main/engine/onnx/prepareSegmentCompressor';
import { buildDocumentIndex } from '../../../src-main/engine/index/documentIndex';
import { indexSegments } from '../../../src-main/engine/index/retrieve';
import { segmentDocument, type SegmentableUnit } from '../../../src-main/engine/index/segmentDocument';
import { selectExpansions } from '../../../src-main/engine/index/selectExpansions';
import { SegmentVectors } from '../../../src-main/engine/store/SegmentVectors';
import { writeOnnxFixtures, type OnnxFixtures } from '../../fixtures/onnx/writeOnnxFixtures';
import { REPO_ROOT } from '../../support/serveProcess';

let dir: string;
let fixtures: OnnxFixtures;
let model: EmbeddingModel;
let compressor: TokenCompressor;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-hybrid-'));
  fixtures = await writeOnnxFixtures(path.join(dir, 'models'));
  model = await loadEmbeddingModel(fixtures.embedding, { threads: 1 });
  compressor = await loadTokenCompressor(fixtures.compressor, { threads: 1 });
});

afterAll(async () => {
  await model?.dispose();
  await compressor?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Forty paragraphs; none shares a word with the question "automobile expenses". */
function paraphraseDoc() {
  let text = '';
  const units: SegmentableUnit[] = [];
  for (let i = 0; i < 40; i++) {
    const p =
      i === 23 ? 'Paragraph twenty-three: what we spent on cars and fuel.' : `Paragraph ${i} lists notes on item ${i}.`;
    if (i > 0) text += '\n';
    units.push({ start: text.length, end: text.length + p.length });
    text += p;
  }
  const index = indexSegments(text, segmentDocument({ text, units }, { maxTokens: 120 }));
  return { text, index };
}

describe('hybrid retrieval', () => {
  it('lets the dense ranking bring in a passage that shares no word with the question', () => {
    const { text, index } = paraphraseDoc();
    expect(selectExpansions(index, 'automobile expenses', 200)).toEqual([]);
    const target = index.passages.passages.findIndex((p) => text.slice(p.start, p.end).includes('cars and fuel'));
    expect(target).toBeGreaterThanOrEqual(0);
    const pieces = selectExpansions(index, 'automobile expenses', 40, undefined, { dense: [target] });
    expect(pieces.map((p) => text.slice(p.start, p.end)).join(' ')).toContain('cars and fuel');
  });

  it('embeds a document once per model and keeps the vectors in the library', async () => {
    const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'models'), threads: 1 });
    try {
      const started = await engine.importPaths({
        paths: [path.join(REPO_ROOT, 'resources/samples/sample-podcast.vtt')],
      });
      const done = await engine.jobs.wait(started);
      if (!done.ok) throw new Error(done.error.message);
      const docId = done.value.results[0]!.docId!;
      const lib = engine.library;
      const index = buildDocumentIndex(lib.documents.load(docId), lib.chapters.list(docId)).index;
      let embedded = 0;
      const counting: EmbeddingModel = {
        ...model,
        id: model.id,
        dims: model.dims,
        embed: (texts, kind, options) => {
          if (kind === 'passage') embedded += texts.length;
          return model.embed(texts, kind, options);
        },
      };
      const store = { vectors: new SegmentVectors(lib.db), docId };
      const first = await densePassageRanking(counting, index, 'battery recycling costs', store);
      expect(embedded).toBe(index.passages.passages.length);
      expect(new Set(first).size).toBe(first.length);
      const second = await densePassageRanking(counting, index, 'battery recycling costs', store);
      expect(embedded).toBe(index.passages.passages.length);
      expect(second).toEqual(first);
    } finally {
      await engine.dispose();
    }
  });

  it('runs `eval evidence` with embeddings and an LLMLingua-2 compressor and names the signals it used', async () => {
    const data = path.join(dir, 'data');
    await mkdir(path.join(data, 'qa'), { recursive: true });
    const { text } = paraphraseDoc();
    const start = text.indexOf('what we spent');
    await writeFile(
      path.join(data, 'qa', 'tiny.docs.jsonl'),
      JSON.stringify({ doc_id: 'd', title: null, text }) + '\n',
    );
    await writeFile(
      path.join(data, 'qa', 'tiny.questions.jsonl'),
      JSON.stringify({ qid: 'q', doc_id: 'd', question: 'automobile expenses', evidence: [[start, start + 20]] }) +
        '\n',
    );
    const report = await evalEvidence(data, {
      ratios: [2],
      embeddings: model,
      tokenScorer: {
        kind: 'llmlingua2',
        id: compressor.id,
        prepare: (texts) => prepareSegmentCompressor(compressor, texts),
      },
    });
    expect(report.signals).toEqual({
      retrieval: `bm25+embeddings:${model.id}`,
      tokenScores: `llmlingua2:${compressor.id}`,
    });
    expect(report.scorer).toBe('llmlingua2');
    expect(report.ratios[0]?.datasets[0]?.questions).toBe(1);
    const plain = await evalEvidence(data, { ratios: [4] });
    expect(plain.signals).toEqual({ retrieval: 'bm25', tokenScores: 'lexical' });
  });
});
