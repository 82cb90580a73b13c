import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChapterSpan, SegmentableUnit } from '../../engine/index/segmentDocument';

/** One line of `qa/<dataset>.docs.jsonl` (the data folder's SCHEMA.md); only the fields used here. */
export interface QaDoc {
  doc_id: string;
  title: string | null;
  text: string;
  units?: { start: number; end: number; speaker?: string }[];
}

/** One line of `qa/<dataset>.questions.jsonl`; `evidence` is gold and reaches only the metric, never the method. */
export interface QaQuestion {
  qid: string;
  doc_id: string;
  question: string;
  evidence: [number, number][];
}

export interface QaDataset {
  name: string;
  docs: Map<string, QaDoc>;
  questions: QaQuestion[];
}

async function readJsonl<T>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Dataset names that have a questions file in `<dataDir>/qa`, sorted. */
export async function listQaDatasets(dataDir: string): Promise<string[]> {
  const files = await readdir(join(dataDir, 'qa'));
  return files
    .filter((f) => f.endsWith('.questions.jsonl'))
    .map((f) => f.slice(0, -'.questions.jsonl'.length))
    .sort();
}

/** Loads a dataset, keeping only questions with non-empty evidence (the others cannot be scored here). */
export async function loadQaDataset(dataDir: string, name: string): Promise<QaDataset> {
  const docs = new Map<string, QaDoc>();
  for (const doc of await readJsonl<QaDoc>(join(dataDir, 'qa', `${name}.docs.jsonl`))) docs.set(doc.doc_id, doc);
  const questions = (await readJsonl<QaQuestion>(join(dataDir, 'qa', `${name}.questions.jsonl`))).filter(
    (q) => q.evidence.length > 0 && docs.has(q.doc_id),
  );
  return { name, docs, questions };
}

/**
 * The units the app's importer would produce: the dataset's own units (turns, paragraph lines) where given, plus the
 * text between them that is not blank (headings the units skip); paragraphs split at blank lines otherwise
 * (contracts, wiki pages). Every non-blank character of the document is in one unit.
 */
export function unitsOf(doc: QaDoc): SegmentableUnit[] {
  const given = (doc.units ?? []).toSorted((a, b) => a.start - b.start);
  const out: SegmentableUnit[] = [];
  let cursor = 0;
  const gap = (from: number, to: number) => {
    const re = given.length > 0 ? /[^\n]*\S[^\n]*/g : /\S(?:[^\n]|\n(?!\s*\n))*/g;
    re.lastIndex = from;
    for (let m = re.exec(doc.text); m !== null && m.index < to; m = re.exec(doc.text)) {
      out.push({ start: m.index, end: Math.min(to, m.index + m[0].length) });
    }
  };
  for (const unit of given) {
    if (unit.start > cursor) gap(cursor, unit.start);
    out.push({ start: unit.start, end: unit.end });
    cursor = Math.max(cursor, unit.end);
  }
  gap(cursor, doc.text.length);
  return out;
}

/**
 * Whether the document's own units are lines with headings among them (papers: one unit per line), as a PDF or
 * Markdown import gives; speaker turns and documents without units (contracts, wiki pages here) have no headings.
 */
export function hasHeadingLines(doc: QaDoc): boolean {
  return (doc.units?.length ?? 0) > 0 && doc.units?.[0]?.speaker === undefined;
}

/**
 * Chapters from heading-like units, standing in for what the importer marks as headings (`Unit.headingLevel`) in
 * PDFs and Markdown: a short line (at most 8 words, no final period or colon) directly followed by a longer unit.
 * Each chapter runs to the next heading and is titled by its heading. Transcripts have none, which is right: their
 * chapters come from the chapters module.
 */
export function headingChapters(text: string, units: readonly SegmentableUnit[]): ChapterSpan[] {
  const starts: { unit: number; title: string }[] = [];
  units.forEach((unit, i) => {
    const line = text.slice(unit.start, unit.end).trim();
    const next = units[i + 1];
    const words = line.split(/\s+/).length;
    if (line === '' || line.includes('\n') || words > 8 || /[.:;,]$/.test(line) || next === undefined) return;
    if (next.end - next.start <= line.length * 2) return;
    starts.push({ unit: i, title: line });
  });
  return starts.map((s, k) => ({
    startUnit: s.unit,
    endUnit: starts[k + 1]?.unit ?? units.length,
    title: s.title,
  }));
}
