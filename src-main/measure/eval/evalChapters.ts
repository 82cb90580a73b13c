import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wordsOf } from '../../engine/chapters/contentTerms';
import { keyphraseTitles } from '../../engine/chapters/keyphraseTitle';
import type { EmbeddingModel } from '../../engine/onnx/loadEmbeddingModel';
import { segmentUnits, type SegmentOptions, type SegUnit } from '../../engine/chapters/segmentUnits';
import { hashSeed } from '../seededRandom';
import { evenSplit, randomBoundaries } from './segmentationBaselines';
import { alignedTitleRougeL, boundaryF1, pk, segmentsRatio, windowDiff } from './segmentationMetrics';

/** One line of `segmentation/<dataset>.jsonl` (see the data folder's SCHEMA.md); only the fields used here. */
export interface GoldSegmentationDoc {
  doc_id: string;
  units: { text: string; speaker?: string; t0?: number; t1?: number }[];
  boundaries: number[];
  titles: string[] | null;
}

export interface BoundaryScores {
  pk: number;
  windowDiff: number;
  boundaryF1: number;
}

export interface DatasetReport extends BoundaryScores {
  name: string;
  docs: number;
  segmentsRatio: number;
  /** null when the dataset has no gold titles. */
  titleRougeL: number | null;
  baselines: {
    even: BoundaryScores;
    random: BoundaryScores;
    /** Title ROUGE-L of the first words of each chapter's first unit, on the method's own boundaries; null as above. */
    firstWordsTitleRougeL: number | null;
  };
}

export interface EvalChaptersReport {
  /** The documents scored: all, or those whose id hashes to an even (odd) number. */
  half: 'even' | 'odd' | 'all';
  /** The boundary evidence the method used: `lexical` always, plus `embeddings:<model id>` when a model was given. */
  signals: string[];
  datasets: DatasetReport[];
}

/** The method under evaluation; replaceable so parameter studies can reuse the harness. */
export type Segmenter = (units: SegUnit[], options?: SegmentOptions) => number[];

export function toSegUnits(doc: GoldSegmentationDoc): SegUnit[] {
  return doc.units.map((u) => {
    const unit: SegUnit = { text: u.text };
    if (u.speaker !== undefined) unit.speaker = u.speaker;
    if (typeof u.t0 === 'number') unit.start = u.t0;
    if (typeof u.t1 === 'number') unit.end = u.t1;
    return unit;
  });
}

function scores(gold: number[], predicted: number[], unitCount: number): BoundaryScores {
  return {
    pk: pk(gold, predicted, unitCount),
    windowDiff: windowDiff(gold, predicted, unitCount),
    boundaryF1: boundaryF1(gold, predicted),
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function meanScores(list: readonly BoundaryScores[]): BoundaryScores {
  return {
    pk: mean(list.map((s) => s.pk)),
    windowDiff: mean(list.map((s) => s.windowDiff)),
    boundaryF1: mean(list.map((s) => s.boundaryF1)),
  };
}

/** Scores one dataset. The method sees only the units; gold counts reach the baselines alone. */
export function evalDataset(
  name: string,
  docs: readonly GoldSegmentationDoc[],
  segmenter: Segmenter = segmentUnits,
  unitVectors?: ReadonlyMap<string, Float32Array[]>,
) {
  const method: BoundaryScores[] = [];
  const even: BoundaryScores[] = [];
  const random: BoundaryScores[] = [];
  const ratios: number[] = [];
  const rouge: number[] = [];
  const firstWordsRouge: number[] = [];
  for (const doc of docs) {
    const units = toSegUnits(doc);
    const n = units.length;
    const gold = doc.boundaries;
    const vectors = unitVectors?.get(doc.doc_id);
    const predicted = segmenter(units, vectors ? { unitVectors: vectors } : {});
    method.push(scores(gold, predicted, n));
    ratios.push(segmentsRatio(gold, predicted));
    even.push(scores(gold, evenSplit(n, gold.length), n));
    random.push(scores(gold, randomBoundaries(n, gold.length, hashSeed(`${name}:${doc.doc_id}`)), n));
    if (doc.titles !== null) {
      const texts = predicted.map((start, s) =>
        units
          .slice(start, predicted[s + 1] ?? n)
          .map((u) => u.text)
          .join('\n'),
      );
      rouge.push(
        alignedTitleRougeL(
          gold,
          doc.titles,
          predicted,
          keyphraseTitles(texts, { spoken: units.some((u) => u.speaker !== undefined) }),
          n,
        ),
      );
      const firstWords = predicted.map((start) => firstWordsTitle(units[start]?.text ?? ''));
      firstWordsRouge.push(alignedTitleRougeL(gold, doc.titles, predicted, firstWords, n));
    }
  }
  const report: DatasetReport = {
    name,
    docs: docs.length,
    ...meanScores(method),
    segmentsRatio: mean(ratios),
    titleRougeL: rouge.length > 0 ? mean(rouge) : null,
    baselines: {
      even: meanScores(even),
      random: meanScores(random),
      firstWordsTitleRougeL: firstWordsRouge.length > 0 ? mean(firstWordsRouge) : null,
    },
  };
  return report;
}

/** The title baseline: the first words of a chapter's first sentence, as a reader skimming the text would name it. */
export function firstWordsTitle(text: string, words = FIRST_WORDS): string {
  return wordsOf(text).slice(0, words).join(' ');
}
const FIRST_WORDS = 5;

/** Whether a document belongs to the half asked for: parameters are chosen on one half and reported on the other. */
export function inHalf(docId: string, half: 'even' | 'odd' | undefined): boolean {
  return half === undefined || (hashSeed(docId) % 2 === 0) === (half === 'even');
}

export async function readSegmentationDataset(file: string): Promise<GoldSegmentationDoc[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as GoldSegmentationDoc);
}

/** Runs the model-free chapter method over `<dataDir>/segmentation/*.jsonl` and reports the mean scores per dataset. */
export async function evalChapters(
  dataDir: string,
  options: { datasets?: string[]; segmenter?: Segmenter; embeddings?: EmbeddingModel; half?: 'even' | 'odd' } = {},
): Promise<EvalChaptersReport> {
  const folder = join(dataDir, 'segmentation');
  const files = (await readdir(folder)).filter((f) => f.endsWith('.jsonl')).sort();
  const datasets: DatasetReport[] = [];
  for (const file of files) {
    const name = file.slice(0, -'.jsonl'.length);
    if (options.datasets !== undefined && !options.datasets.includes(name)) continue;
    const docs = (await readSegmentationDataset(join(folder, file))).filter((d) => inHalf(d.doc_id, options.half));
    const vectors = options.embeddings ? await embedUnits(options.embeddings, docs) : undefined;
    datasets.push(evalDataset(name, docs, options.segmenter, vectors));
  }
  return {
    half: options.half ?? 'all',
    signals: ['lexical', ...(options.embeddings ? [`embeddings:${options.embeddings.id}`] : [])],
    datasets,
  };
}

/** Each document's unit vectors (units embedded as passages, the way chaptering an imported document would). */
async function embedUnits(
  model: EmbeddingModel,
  docs: readonly GoldSegmentationDoc[],
): Promise<Map<string, Float32Array[]>> {
  const vectors = new Map<string, Float32Array[]>();
  for (const doc of docs)
    vectors.set(
      doc.doc_id,
      await model.embed(
        doc.units.map((u) => u.text),
        'passage',
      ),
    );
  return vectors;
}
