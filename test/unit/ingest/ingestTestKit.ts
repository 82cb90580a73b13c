import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ParsedDocument, ParseInput } from '../../../src-main/engine/ingest/types';
import type { StageContext } from '../../../src-main/engine/jobs/JobRunner';
import { LecternError, type ErrorCode } from '../../../src-shared/errors';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..', '..');
export const fixtureDir = join(repoRoot, 'test', 'fixtures', 'transcripts');
/** Shared evaluation data; absent in a fresh clone, so tests that use it skip. */
export const sharedTranscripts = join(repoRoot, '..', 'shared', 'data', 'fixtures', 'transcripts');
export const hasShared = existsSync(sharedTranscripts);

export function ctx(signal: AbortSignal = new AbortController().signal): StageContext {
  return { signal, onProgress: () => undefined };
}

export function fixture(name: string): ParseInput {
  return { bytes: readFileSync(join(fixtureDir, name)), fileName: name };
}

export function input(text: string | Uint8Array, fileName = 'test.txt'): ParseInput {
  return { bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text, fileName };
}

/** The invariants every parsed document must keep: units tile `text` in order, separated by one "\n". */
export function expectConsistent(doc: ParsedDocument): void {
  expect(doc.units.length).toBeGreaterThan(0);
  let offset = 0;
  for (const [i, unit] of doc.units.entries()) {
    expect(unit.index).toBe(i);
    expect(unit.start).toBe(offset);
    expect(unit.end).toBeGreaterThan(unit.start);
    offset = unit.end + 1;
  }
  expect(doc.text.length).toBe(offset - 1);
  expect(doc.units.map((u) => doc.text.slice(u.start, u.end)).join('\n')).toBe(doc.text);
}

/** Cue texts of a document, for compact assertions. */
export function unitTexts(doc: ParsedDocument): string[] {
  return doc.units.map((u) => doc.text.slice(u.start, u.end));
}

export async function expectLecternError(
  promise: Promise<unknown> | (() => unknown),
  code: ErrorCode,
): Promise<LecternError> {
  let caught: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LecternError);
  expect((caught as LecternError).code).toBe(code);
  return caught as LecternError;
}
