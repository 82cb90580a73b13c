import { createHash } from 'node:crypto';
import type { Anchor, LecternDocument, Unit } from '../../../src-shared/domain/document';
import { unitAt, type DocumentIndex } from './documentIndex';
import { indexSegments } from './retrieve';
import type { Segment } from './segmentDocument';

/** One document of a pooled index: where its text and units sit in the pool, and the label it is cited by. */
export interface PoolMember {
  docId: string;
  title: string;
  /** `D3`: its place in the scope, 1-based; every one of its segment labels starts with it (`D3 S12 p.34`). */
  short: string;
  /** Its text is `pool.text.slice(start, end)`. */
  start: number;
  end: number;
  /** Its units are the pool's units `firstUnit .. firstUnit + unitCount - 1`. */
  firstUnit: number;
  unitCount: number;
}

/** Between two documents' texts: no sentence or passage runs across it. */
const SEPARATOR = '\n\n\n';

/**
 * Several documents as one index: their texts joined, their own segments (cut per document, so none spans two) moved
 * to pool offsets and relabelled `D<n> S<k>`, and ONE BM25 over all their segments and passages. Scores are then
 * comparable across documents of different lengths: the IDF and the length normalisation are the pool's, as if the
 * scope were one long document, so a short document's passage is not inflated by its own small vocabulary (a
 * per-document index is). Everything that reads a `DocumentIndex` (the planner, the askers, the compressed state,
 * the evaluation) reads a pool unchanged; `pool` maps a pool offset back to its document (`locate`).
 *
 * The pool's id is a hash of its members and their segments, so a cached state is per collection version: adding,
 * removing or re-chaptering a member gives a new id.
 */
export function buildPooledIndex(members: readonly DocumentIndex[], title: string): DocumentIndex {
  const texts: string[] = [];
  const units: Unit[] = [];
  const segments: Segment[] = [];
  const pool: PoolMember[] = [];
  let at = 0;
  const hash = createHash('sha256');
  members.forEach((member, m) => {
    const short = `D${m + 1}`;
    const { doc } = member;
    if (m > 0) {
      texts.push(SEPARATOR);
      at += SEPARATOR.length;
    }
    const firstUnit = units.length;
    for (const u of doc.units) units.push({ ...u, index: u.index + firstUnit, start: u.start + at, end: u.end + at });
    for (const s of member.segments) {
      segments.push({
        ...s,
        id: `${short} ${s.id}`,
        label: `${short} ${s.label}`,
        index: segments.length,
        start: s.start + at,
        end: s.end + at,
        startUnit: s.startUnit + firstUnit,
        endUnit: s.endUnit + firstUnit,
      });
    }
    pool.push({
      docId: doc.id,
      title: doc.title,
      short,
      start: at,
      end: at + doc.text.length,
      firstUnit,
      unitCount: doc.units.length,
    });
    hash.update(JSON.stringify([doc.id, member.segments.map((s) => [s.startUnit, s.endUnit, s.chapterTitle ?? ''])]));
    texts.push(doc.text);
    at += doc.text.length;
  });
  const text = texts.join('');
  const doc: LecternDocument = {
    id: `pool-${hash.digest('hex')}`,
    title,
    kind: members.every((m) => m.doc.kind === members[0]?.doc.kind) ? (members[0]?.doc.kind ?? 'text') : 'text',
    text,
    units,
    meta: { fileName: title, sizeBytes: text.length, format: 'collection' },
  };
  return {
    doc,
    segments,
    index: indexSegments(text, segments),
    docTokens: members.reduce((sum, m) => sum + m.docTokens, 0),
    tokenizer: members[0]?.tokenizer ?? 'estimate',
    pool,
  };
}

/** Where a character of an index's text is: its document, its unit there and the offset in that document's text. */
export interface SourcePoint {
  docId: string;
  unitIndex: number;
  anchor: Anchor;
  offset: number;
  /** The pool member it is in; undefined for a single document. */
  member?: PoolMember;
}

/** The member whose text holds pool offset `offset` (the one before it when it falls on a separator). */
export function memberAt(pool: readonly PoolMember[], offset: number): PoolMember | undefined {
  let lo = 0;
  let hi = pool.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pool[mid]?.start ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return pool[lo];
}

/** Maps an offset of `index`'s text to its own document: the identity for one document, the member for a pool. */
export function locate(index: DocumentIndex, offset: number): SourcePoint {
  const { unitIndex, anchor } = unitAt(index.doc, offset);
  const member = index.pool ? memberAt(index.pool, offset) : undefined;
  if (!member) return { docId: index.doc.id, unitIndex, anchor, offset };
  return {
    docId: member.docId,
    unitIndex: unitIndex - member.firstUnit,
    anchor,
    offset: offset - member.start,
    member,
  };
}
