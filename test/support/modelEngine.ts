import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
export async function jobValue<T>(engine: Engine, jobId: string): Promise<T> {
  const result = await engine.jobs.wait(jobId);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}
