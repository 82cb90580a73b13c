import { rmSync } from 'node:fs';
import { LecternError } from '../../../src-shared/errors';
import { benchEngine, importOne } from './benchEngine';
import { writeBenchTranscript } from './writeBenchTranscript';

/** Questions whose answers should repeat the document's words: where prompt-lookup drafting can help. */
const QUOTING = [
  'Quote word for word what the harbour keeper said about the beacon.',
  'Repeat exactly the lines about the granite ledger and the storm.',
  'Copy the sentence that mentions the mercury prism and the lantern.',
];

export interface LookupRow {
  inputLookup: boolean;
  /** Mean decode speed of the quoting answers, as the asks report it. */
  decodeTokPerS: number;
  /** Characters of the quoting answers, to see that they were of comparable length. */
  answerChars: number;
}

/**
 * Decode speed of answers that quote, with and without prompt-lookup drafting, through the engine's own ask path:
 * the same document, model and questions in two engines that differ only in `inputLookup`.
 */
export async function benchLookup(options: {
  modelPath: string;
  tokens: number;
  threads: number;
  doc?: string;
}): Promise<{ rows: LookupRow[]; speedup: number }> {
  const rows: LookupRow[] = [];
  for (const inputLookup of [false, true]) {
    const { dir, engine } = benchEngine('lookup', { threads: options.threads, inputLookup });
    try {
      const load = await engine.jobs.wait(await engine.invoke('loadModel', { ref: options.modelPath }));
      if (!load.ok) throw new LecternError(load.error.code, load.error.message);
      const llm = engine.models.require();
      const file = options.doc ?? writeBenchTranscript(dir, options.tokens, (t) => llm.model.tokenize(t).length);
      const docId = await importOne(engine, file);
      let speed = 0;
      let answerChars = 0;
      for (const question of QUOTING) {
        const done = await engine.jobs.wait(await engine.invoke('ask', { docId, question, ratio: 8 }));
        if (!done.ok) throw new LecternError(done.error.code, done.error.message);
        speed += done.value.timings.decodeTokPerS;
        answerChars += done.value.answer.length;
      }
      rows.push({ inputLookup, decodeTokPerS: Math.round((speed / QUOTING.length) * 10) / 10, answerChars });
    } finally {
      await engine.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const [off, on] = rows;
  const speedup =
    off && on && off.decodeTokPerS > 0 ? Math.round((on.decodeTokPerS / off.decodeTokPerS) * 100) / 100 : 0;
  return { rows, speedup };
}
