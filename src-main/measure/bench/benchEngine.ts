import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LecternError } from '../../../src-shared/errors';
import { Engine, type EngineOptions } from '../../engine/Engine';

/** An engine on a throwaway library, models and cache folder under a new temporary `dir`, CPU only. */
export function benchEngine(
  prefix: string,
  options: { threads: number } & Pick<EngineOptions, 'inputLookup'>,
): { dir: string; engine: Engine } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `lectern-bench-${prefix}-`));
  const engine = new Engine({
    libraryDir: path.join(dir, 'lib'),
    modelsDir: path.join(dir, 'models'),
    cacheDir: path.join(dir, 'cache'),
    gpu: false,
    ...options,
  });
  return { dir, engine };
}

/** Imports one file through the engine's own import and returns its document id. */
export async function importOne(engine: Engine, file: string): Promise<string> {
  const report = await engine.jobs.wait(await engine.importPaths({ paths: [file] }));
  if (!report.ok) throw new LecternError(report.error.code, report.error.message);
  const docId = report.value.results[0]?.docId;
  if (!docId) throw new LecternError('INTERNAL', 'The benchmark document did not import.');
  return docId;
}
