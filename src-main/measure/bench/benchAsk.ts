import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { JobStarted } from '../../../src-shared/domain/jobs';
import { LecternError } from '../../../src-shared/errors';
import type { Engine } from '../../engine/Engine';
import { benchEngine, importOne } from './benchEngine';
import { writeBenchTranscript } from './writeBenchTranscript';

export interface BenchAskOptions {
  modelPath: string;
  tokens: number[];
  ratios: number[];
  threads: number;
  /** A real document to ask about instead of generated transcripts (then `tokens` is ignored: one length). */
  doc?: string;
  log?: (line: string) => void;
}

export interface BenchAskRow {
  tokens: number;
  /** The document's tokens as the model counts them (labels and prompt included). */
  docTokens: number;
  ratio: number;
  /** What the ready question's context held besides its passages: the planner's overview at this ratio. */
  mode: string;
  /** The ready question's overview and passage tokens, as the planner split them. */
  overviewTokens: number;
  passageTokens: number;
  /** The whole document and the question evaluated from scratch, to the first token. */
  fullPrefillTtftMs: number;
  /** The first question, no state yet (the passages-only answer), from `ask` to its first streamed text. */
  firstAskTtftMs: number;
  /** A question asked while the preparation runs (the build yields to it). */
  duringPrepareTtftMs: number;
  /** From `prepareDocument` to its end, with the question above asked meanwhile (the build yields to it). */
  prepareMs: number;
  /** A build from zero with nothing else running: the baseline of `resumeMs`. Null where there is no build. */
  buildMs: number | null;
  /** A different question once the state is ready (it is loaded from disk). */
  readyAskTtftMs: number;
  followUpTtftMs: number;
  /**
   * Preparing again after the build was stopped at about half: resumes from its last checkpoint. Null where the
   * planner's overview at this ratio is text (titles or nothing), which has no build to resume.
   */
  resumeMs: number | null;
  resumedSegments: number | null;
  stateBytes: number;
  /** Tokens the ready question appended: its expanded passages and the question. */
  expandedTokens: number;
  /** Decode speed of the ready question's answer. */
  decodeTokPerS: number;
}

const QUESTIONS = [
  'What did the harbour keeper say about the beacon?',
  'Where was the granite ledger kept during the storm?',
  'When did the fog horn signal the tide?',
  'Who mentioned the mercury prism and the lantern?',
  'What happened to the clockwork lens?',
];

/** The ask's first streamed text, timed from the call, as the UI sees it; and the job's result. */
async function timedAsk(engine: Engine, docId: string, question: string, ratio: number) {
  const start = performance.now();
  let first: number | undefined;
  let jobId = '';
  const off = engine.events.on('answer:token', (t) => {
    if (t.jobId === jobId) first ??= performance.now();
  });
  try {
    const started = await engine.invoke('ask', { docId, question, ratio });
    jobId = started.jobId;
    const done = await engine.jobs.wait(started);
    if (!done.ok) throw new LecternError(done.error.code, done.error.message);
    return { ttftMs: (first ?? performance.now()) - start, result: done.value };
  } finally {
    off();
  }
}

async function jobMs(engine: Engine, started: JobStarted<'prepare'>, start: number) {
  const done = await engine.jobs.wait(started);
  if (!done.ok) throw new LecternError(done.error.code, done.error.message);
  return { ms: performance.now() - start, value: done.value };
}

/**
 * `lectern bench ask`: the app's own ask path, end to end. Each document is imported into a throwaway library, the
 * model is loaded through the model manager, and every figure comes from the calls the UI makes (`ask`,
 * `prepareDocument`, `cancelJob`), timed to the first streamed text. The plain full prefill is measured on the same
 * loaded model's sequence in the same run.
 */
export async function benchAsk(options: BenchAskOptions): Promise<{ rows: BenchAskRow[]; model: object }> {
  const rows: BenchAskRow[] = [];
  const lengths = options.doc ? [0] : options.tokens;
  let model: object = {};
  for (const tokens of lengths) {
    const { dir, engine } = benchEngine('ask', { threads: options.threads });
    try {
      // The context holds the whole document for the full-prefill baseline (and the compressed states easily).
      const contextSize = (options.doc ? 65536 : tokens) + 3072;
      const load = await engine.invoke('loadModel', { ref: options.modelPath, contextSize });
      const loaded = await engine.jobs.wait(load);
      if (!loaded.ok) throw new LecternError(loaded.error.code, loaded.error.message);
      const llm = engine.models.require();
      model = { path: options.modelPath, threads: options.threads, contextSize: llm.context.contextSize };
      const file = options.doc ?? writeBenchTranscript(dir, tokens, (text) => llm.model.tokenize(text).length);
      const docId = await importOne(engine, file);
      const asker = engine.localAsker;
      if (!asker) throw new LecternError('INTERNAL', 'No local model asker after loading the model.');
      const docText = engine.library.documents.load(docId).text;
      const fullPrefillTtftMs = await asker.borrowSequence(async (sequence) => {
        const input = llm.model.tokenize(`${docText}\n\nQuestion: ${QUESTIONS[0]}`);
        const start = performance.now();
        const iterator = sequence.evaluate(input, { temperature: 0 });
        await iterator.next();
        const ms = performance.now() - start;
        await iterator.return?.(undefined);
        return ms;
      });
      for (const ratio of options.ratios) {
        const estimate = await engine.invoke('estimateCompression', { docId, ratio });
        options.log?.(`${tokens || estimate.docTokens} tokens, r=${ratio}: first ask`);
        const first = await timedAsk(engine, docId, QUESTIONS[0] as string, ratio);
        const prepareStart = performance.now();
        const prepare = await engine.invoke('prepareDocument', { docId, ratio });
        const during = await timedAsk(engine, docId, QUESTIONS[1] as string, ratio);
        const prepared = await jobMs(engine, prepare, prepareStart);
        options.log?.(`  prepared in ${Math.round(prepared.ms)} ms`);
        const ready = await timedAsk(engine, docId, QUESTIONS[2] as string, ratio);
        const followUp = await timedAsk(engine, docId, QUESTIONS[3] as string, ratio);

        const resumed =
          ready.result.contextMode === 'compressed' ? await rebuildTimes(engine, dir, docId, ratio) : null;
        rows.push({
          tokens,
          docTokens: estimate.docTokens,
          ratio,
          mode: ready.result.contextMode ?? 'unknown',
          overviewTokens: ready.result.plan?.overviewTokens ?? 0,
          passageTokens: ready.result.plan?.passageTokens ?? 0,
          fullPrefillTtftMs: Math.round(fullPrefillTtftMs),
          firstAskTtftMs: Math.round(first.ttftMs),
          duringPrepareTtftMs: Math.round(during.ttftMs),
          prepareMs: Math.round(prepared.ms),
          buildMs: resumed ? Math.round(resumed.buildMs) : null,
          readyAskTtftMs: Math.round(ready.ttftMs),
          followUpTtftMs: Math.round(followUp.ttftMs),
          resumeMs: resumed ? Math.round(resumed.resumeMs) : null,
          resumedSegments: resumed ? resumed.resumedSegments : null,
          stateBytes: ready.result.stateBytes,
          expandedTokens: ready.result.promptTokens,
          decodeTokPerS: ready.result.timings.decodeTokPerS,
        });
        options.log?.(`  ${JSON.stringify(rows.at(-1))}`);
      }
    } finally {
      await engine.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { rows, model };
}

/**
 * A build from zero with nothing else running; then a fresh build stopped at about half and prepared again, which
 * resumes from its last checkpoint.
 */
async function rebuildTimes(engine: Engine, dir: string, docId: string, ratio: number) {
  const kv = path.join(dir, 'cache', 'kv');
  await engine.localAsker?.borrowSequence(() => Promise.resolve());
  removeStates(kv, { checkpoints: true });
  const buildStart = performance.now();
  const build = await jobMs(engine, await engine.invoke('prepareDocument', { docId, ratio }), buildStart);
  await engine.localAsker?.borrowSequence(() => Promise.resolve());
  removeStates(kv, { checkpoints: true });
  const again = await engine.invoke('prepareDocument', { docId, ratio });
  const off = engine.events.on('job:progress', (p) => {
    if (p.jobId === again.jobId && p.phase === 'compressing' && p.done >= p.total / 2) engine.jobs.cancel(p.jobId);
  });
  await engine.jobs.wait(again);
  off();
  const start = performance.now();
  const resumed = await jobMs(engine, await engine.invoke('prepareDocument', { docId, ratio }), start);
  return { buildMs: build.ms, resumeMs: resumed.ms, resumedSegments: resumed.value.resumedSegments ?? 0 };
}

/** Deletes the finished states (and the checkpoints too where asked), so the next preparation builds again. */
function removeStates(dir: string, { checkpoints }: { checkpoints: boolean }): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (checkpoints || !name.includes('.partial.')) rmSync(path.join(dir, name), { force: true });
  }
}
