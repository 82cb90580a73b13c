import { createHash, randomUUID } from 'node:crypto';
import type { AskResult, ChatTurn } from '../../../src-shared/domain/answer';
import type { Chapter } from '../../../src-shared/domain/chapter';
import type { EventBus } from '../events/EventBus';
import type { JobRunner, StageContext } from '../jobs/JobRunner';
import { answerWithPassages } from '../qa/answerWithPassages';
import { unfinishedResult, untilCancelled } from '../qa/unfinishedAsk';
import { buildDocumentIndex, type DocumentIndex } from '../index/documentIndex';
import type { CountTokens } from '../index/countTokens';
import { densePassageRanking } from '../onnx/densePassageRanking';
import type { EmbeddingModel } from '../onnx/loadEmbeddingModel';
import type { Library } from '../store/Library';
import type { SegmentVectors } from '../store/SegmentVectors';
import type { Handlers } from './types';

/** What the slider needs to know about a ratio from the loaded model. */
export interface AskerEstimate {
  keptTokens: number;
  /** The document's tokens as the model counts them (labels and prompt included), so kept ≤ total. */
  docTokens: number;
  kvBytes: number;
  ready: boolean;
  contextSize: number;
  /** Whether the compressed document fits the context with room for a question and an answer. */
  fits: boolean;
  /** The smallest ratio that fits, if any does. */
  smallestFittingRatio?: number;
}

/** The model side of asking, present when a chat model is loaded. */
export interface ModelAsker {
  /** A stable id of the loaded model (its file hash), so indexes counted with its tokenizer are not reused for another. */
  id: string;
  countTokens: CountTokens;
  /**
   * Answers as the next turn of the conversation about `index.doc`. `chapters` label the chapter summaries that
   * stand in for a document too long for the context even compressed.
   */
  ask(
    index: DocumentIndex,
    question: string,
    ratio: number,
    ctx: StageContext,
    onText: (text: string) => void,
    chapters?: readonly Chapter[],
    /** Passage indices ranked by the embedding model, when one is loaded (hybrid retrieval). */
    dense?: readonly number[],
  ): Promise<AskResult>;
  estimate(index: DocumentIndex, ratio: number): Promise<AskerEstimate>;
  /** Builds what later questions use (resuming from a checkpoint); pauses and yields to questions meanwhile. */
  prepare(
    index: DocumentIndex,
    ratio: number,
    ctx: StageContext,
    chapters?: readonly Chapter[],
  ): Promise<{ mode: string; resumedSegments: number }>;
  /** Drops the conversation about a document from the model's context (it was cleared). */
  forget?(docId: string): Promise<void>;
}

export interface AskDeps {
  library: () => Library;
  jobs: JobRunner;
  events: EventBus;
  /** The loaded model's asker, or undefined when no chat model is loaded (answers are then passages). */
  asker: () => ModelAsker | undefined;
  /** The loaded sentence-embedding model, if any, and where passage vectors are kept. */
  embedding?: () => EmbeddingModel | undefined;
  vectors?: () => SegmentVectors;
}

/** Streams answer text as events, batched so the UI renders a few times a second rather than once per token. */
function tokenBatcher(events: EventBus, jobId: () => string, intervalMs = 50) {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending) events.emit('answer:token', { jobId: jobId(), text: pending });
    pending = '';
  };
  let sent = false;
  return {
    push(text: string) {
      pending += text;
      // The first text goes out at once (it is the time to first token the user sees); the rest in batches.
      if (!sent) {
        sent = true;
        flush();
        return;
      }
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
  };
}

export function askHandlers({
  library,
  jobs,
  events,
  asker,
  embedding,
  vectors,
}: AskDeps): Pick<
  Handlers,
  'ask' | 'getConversation' | 'clearConversation' | 'estimateCompression' | 'prepareDocument'
> {
  // A few recently asked documents stay indexed in memory; the key includes the tokenizer that counted them and the
  // chapters (segments carry their chapter's title into the index, so re-chaptering must re-index).
  const indexes = new Map<string, DocumentIndex>();
  const indexFor = (docId: string): DocumentIndex => {
    const model = asker();
    const chapters = library().chapters(docId);
    const chapterKey = createHash('sha256')
      .update(JSON.stringify(chapters.map((c) => [c.startUnit, c.endUnit, c.title])))
      .digest('hex');
    const key = `${docId}:${model?.id ?? 'estimate'}:${chapterKey}`;
    const cached = indexes.get(key);
    if (cached) {
      indexes.delete(key);
      indexes.set(key, cached);
      return cached;
    }
    const index = buildDocumentIndex(library().load(docId), chapters, model?.countTokens);
    indexes.set(key, index);
    while (indexes.size > 4) indexes.delete(indexes.keys().next().value as string);
    return index;
  };
  /** The embedding model's passage ranking for a question; the document's passages are embedded once per model. */
  const denseFor = async (docId: string, index: DocumentIndex, question: string, ctx: StageContext) => {
    const model = embedding?.();
    if (!model || !vectors) return undefined;
    return densePassageRanking(
      model,
      index.index,
      question,
      { vectors: vectors(), docId },
      {
        signal: ctx.signal,
        onProgress: (done, total) => ctx.onProgress({ phase: 'embedding', done, total }),
      },
    );
  };
  const buildingJob = (docId: string, ratio: number) =>
    jobs.list().find((j) => j.kind === 'prepare' && j.state === 'running' && j.key === `${docId}:${ratio}`)?.jobId;

  return {
    ask: ({ docId, question, ratio }) => {
      library().get(docId, { limit: 0 }); // NOT_FOUND before a job starts
      let jobId = '';
      const started = jobs.start(
        'ask',
        `${docId}:${ratio}:${question}`,
        `Asking: ${question.slice(0, 60)}`,
        async (ctx) => {
          const begun = performance.now();
          const index = indexFor(docId);
          const model = asker();
          let result: AskResult;
          if (model) {
            const batch = tokenBatcher(events, () => jobId);
            let partial = '';
            try {
              const dense = await untilCancelled(denseFor(docId, index, question, ctx), ctx.signal);
              const chapters = library().chapters(docId);
              const onText = (text: string) => {
                partial += text;
                batch.push(text);
              };
              // Stop ends the question now, whatever phase it is in; the model stops at its next token.
              result = await untilCancelled(
                model.ask(index, question, ratio, ctx, onText, chapters, dense),
                ctx.signal,
              );
            } catch (error) {
              // A stopped or failed question stays in the conversation with what it had, and says what happened.
              library().addTurn({
                id: randomUUID(),
                docId,
                question,
                result: unfinishedResult(partial, ratio, error),
                createdAt: Date.now(),
              });
              throw error;
            } finally {
              batch.flush();
            }
          } else {
            result = answerWithPassages(index, question, ratio, begun);
            events.emit('answer:token', { jobId, text: result.answer });
          }
          const turn: ChatTurn = { id: randomUUID(), docId, question, result, createdAt: Date.now() };
          library().addTurn(turn);
          return result;
        },
      );
      jobId = started.jobId;
      return started;
    },
    getConversation: ({ docId }) => library().turns(docId),
    clearConversation: async ({ docId }) => {
      await asker()?.forget?.(docId);
      return { cleared: library().clearTurns(docId) };
    },
    estimateCompression: async ({ docId, ratio }) => {
      const index = indexFor(docId);
      const model = asker();
      const keptNoModel = Math.ceil(index.docTokens / ratio);
      if (!model)
        return { ratio, docTokens: index.docTokens, keptTokens: keptNoModel, kvBytes: 0, state: 'no-model' as const };
      const estimate = await model.estimate(index, ratio);
      const building = buildingJob(docId, ratio);
      return {
        ratio,
        docTokens: estimate.docTokens,
        keptTokens: estimate.keptTokens,
        kvBytes: estimate.kvBytes,
        contextSize: estimate.contextSize,
        fits: estimate.fits,
        ...(estimate.smallestFittingRatio !== undefined ? { smallestFittingRatio: estimate.smallestFittingRatio } : {}),
        state: estimate.ready ? ('ready' as const) : building ? ('building' as const) : ('missing' as const),
        ...(building ? { jobId: building } : {}),
      };
    },
    prepareDocument: ({ docId, ratio }) => {
      library().get(docId, { limit: 0 });
      return jobs.start(
        'prepare',
        `${docId}:${ratio}`,
        `Preparing for questions (${ratio}×)`,
        async (ctx) => {
          const model = asker();
          if (!model) return { prepared: false, reason: 'No chat model is loaded.' };
          const prepared = await model.prepare(indexFor(docId), ratio, ctx, library().chapters(docId));
          return { prepared: true, ...prepared };
        },
        { pausable: true },
      );
    },
  };
}
