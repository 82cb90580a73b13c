import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobKind, JobRef, JobValues } from '../../src-shared/domain/jobs';
import { Engine } from '../../src-main/engine/Engine';

/** An engine on a throwaway library, models and cache folder, CPU only, one llama.cpp thread (the model tier's rule). */
export function engineInTempDir(prefix: string): { dir: string; engine: Engine } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `lectern-${prefix}-`));
  const engine = new Engine({
    libraryDir: path.join(dir, 'lib'),
    modelsDir: path.join(dir, 'models'),
    cacheDir: path.join(dir, 'cache'),
    threads: 1,
    gpu: false,
  });
  return { dir, engine };
}

/** Waits for a job and returns its value, or throws an error carrying the job's error code. */
export async function jobValue<K extends JobKind>(engine: Engine, started: JobRef<K>): Promise<JobValues[K]> {
  const result = await engine.jobs.wait(started);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value;
}
