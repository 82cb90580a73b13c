import { mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../engine/Engine';

export interface ImportMeasurement {
  file: string;
  bytes: number;
  units: number;
  /** The whole import as the app runs it: read, parse, chapters, store. */
  importMs: number;
  /** A question asked without a chat model right after (the passages answer), first question of the document. */
  askMs: number;
  askFound: boolean;
  rssBeforeMb: number;
  /** The process's high-water mark over the import and the question. */
  peakRssMb: number;
}

/**
 * Imports one file into a fresh library through the engine's contract (`importFiles`, then `ask` with no model),
 * as the app and the CLI do, and reports time and peak memory. Meant to run in a fresh process per file.
 */
export async function measureImport(file: string, question: string): Promise<ImportMeasurement> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-import-'));
  const engine = new Engine({ libraryDir: path.join(dir, 'lib'), modelsDir: path.join(dir, 'models'), threads: 1 });
  try {
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const done = await engine.jobs.wait(await engine.importPaths({ paths: [file] }));
    const importMs = performance.now() - started;
    if (!done.ok) throw new Error(done.error.message);
    const result = done.value.results[0];
    if (result?.docId === undefined) throw new Error(`import failed: ${JSON.stringify(result?.error)}`);
    const askStarted = performance.now();
    const asked = await engine.invoke('ask', { docId: result.docId, question });
    const answer = await engine.jobs.wait(asked);
    const askMs = performance.now() - askStarted;
    if (!answer.ok) throw new Error(answer.error.message);
    return {
      file,
      bytes: (await stat(file)).size,
      units: result.units ?? 0,
      importMs: Math.round(importMs),
      askMs: Math.round(askMs),
      askFound: !answer.value.noEvidence,
      rssBeforeMb: Math.round(rssBefore / 2 ** 20),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
