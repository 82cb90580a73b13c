import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AskResult } from '../../../src-shared/domain/answer';
import { Engine } from '../../../src-main/engine/Engine';
import { contentTerms, wordsOf } from '../../../src-main/engine/chapters/contentTerms';
import { REPO_ROOT } from '../../support/serveProcess';

/** Documents and questions the project wrote (test/fixtures/multilingual), one file per script family. */
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/multilingual');
interface Case {
  file: string;
  script: string;
  question: string;
  answer: string;
}
const cases = JSON.parse(readFileSync(path.join(FIXTURES, 'questions.json'), 'utf8')) as Case[];
const scripts = [...new Set(cases.map((c) => c.script))];

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-scripts-'));
const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'm'), threads: 1 });
afterAll(() => engine.dispose());

const docIds = new Map<string, Promise<string>>();
function importOnce(file: string): Promise<string> {
  let id = docIds.get(file);
  if (id === undefined) {
    id = (async () => {
      const done = await engine.jobs.wait(await engine.importPaths({ paths: [path.join(FIXTURES, file)] }));
      if (!done.ok) throw new Error(done.error.message);
      return done.value.results[0]!.docId!;
    })();
    docIds.set(file, id);
  }
  return id;
}

async function ask(docId: string, question: string): Promise<AskResult> {
  const done = await engine.jobs.wait(await engine.invoke('ask', { docId, question }));
  if (!done.ok) throw new Error(done.error.message);
  return done.value;
}

describe.each(scripts)('a model-free answer in %s', (script) => {
  it.each(cases.filter((c) => c.script === script))('$question', async (c) => {
    const result = await ask(await importOnce(c.file), c.question);
    expect(result.noEvidence).toBe(false);
    expect(result.passages[0]?.text).toContain(c.answer);
  });
});

describe('terms in every script', () => {
  it('keeps letters and digits of any script, and tokens that mix them', () => {
    expect(contentTerms('Смотритель маяка')).toEqual(['смотритель', 'маяка']);
    expect(contentTerms('see p4242')).toContain('p4242');
    expect(contentTerms('हिन्दी भाषा')).toEqual(['हिन्दी', 'भाषा']);
  });

  it('matches Greek with or without accents and in either case', () => {
    expect(contentTerms('ΦΑΡΟΣ')).toEqual(['φαροσ']);
    expect(contentTerms('φάρος')).toEqual(['φαροσ']);
  });

  it('cuts Chinese, Japanese and Thai into words for titles, and indexes CJK as bigrams', () => {
    expect(wordsOf('灯塔看守每天晚上点亮灯')).toContain('看守');
    expect(wordsOf('ผู้ดูแลประภาคาร')).toContain('ประภาคาร');
    expect(contentTerms('灯台守')).toEqual(['灯台', '台守']);
    expect(contentTerms('등대지기는')).toContain('등대');
  });

  it('stems English only', () => {
    expect(contentTerms('designs designed')).toEqual(['design', 'design']);
    expect(contentTerms('Смотрители')).toEqual(['смотрители']);
  });
});
