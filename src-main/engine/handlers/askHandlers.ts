import { createHash, randomUUID } from 'node:crypto';
import type { AskResult, ChatTurn } from '../../../src-shared/domain/answer';
import type { EventBus } from '../events/EventBus';
import type { JobRunner, StageContext } from '../jobs/JobRunner';
import { answerWithPassages } from '../qa/answerWithPassages';
import { planBudget } from '../qa/planBudget';
import { unfinishedResult, untilCancelled } from '../qa/unfinishedAsk';
import { buildDocumentIndex, type DocumentIndex } from '../index/documentIndex';
import { FOCUS_MIN_CHARS } from '../index/focusedIndex';
import { densePassageRanking } from '../onnx/densePassageRanking';
import type { Asker } from '../qa/Asker';
import type { EmbeddingModel } from '../onnx/loadEmbeddingModel';
import type { Library } from '../store/Library';
import type { SegmentVectors } from '../store/SegmentVectors';
import { focusedIndexes } from './focusedIndexes';
import { scopeKey } from '../../../src-shared/domain/collection';
import { LecternError } from '../../../src-shared/errors';
import { sourcesOf } from '../qa/scopeSources';
import { scopeIndexes, scopeMembers, scopeOfArgs } from './scopeIndexes';
import type { Handlers } from './types';

// The local asker still implements the positional `ModelAsker` (see qa/Asker.ts); the handlers see only `Asker`.
export type { ModelAsker } from '../qa/Asker';

export interface AskDeps {
  library: () => Library;
  jobs: JobRunner;
  events: EventBus;
  /** The chosen backend's asker (server or local model), or undefined when neither (answers are then passages). */
  asker: () => Asker | undefined;
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
  const focused = focusedIndexes(library);
  const indexKeyFor = (docId: string): string => {
    const chapters = library().chapters.list(docId);
    const chapterKey = createHash('sha256')
      .update(JSON.stringify(chapters.map((c) => [c.startUnit, c.endUnit, c.title])))
      .digest('hex');
    return `${docId}:${asker()?.id ?? 'estimate'}:${chapterKey}`;
  };
  /** The document's index; with a question, a very long document gets one focused on it instead (not cached). */
  const indexFor = (docId: string, question?: string): DocumentIndex => {
    const model = asker();
    const focus = question === undefined ? undefined : focused(docId, question, model?.countTokens);
    if (focus) return focus;
    const chapters = library().chapters.list(docId);
    const key = indexKeyFor(docId);
    const cached = indexes.get(key);
    if (cached) {
      indexes.delete(key);
      indexes.set(key, cached);
      return cached;
    }
    const index = buildDocumentIndex(library().documents.load(docId), chapters, model?.countTokens);
    indexes.set(key, index);
    while (indexes.size > 4) indexes.delete(indexes.keys().next().value as string);
    return index;
  };
  /** The embedding model's passage ranking for a question; the document's passages are embedded once per model. */
  const denseFor = async (docId: string, index: DocumentIndex, question: string, ctx: StageContext) => {
    const model = embedding?.();
    // Passage vectors are stored per whole-document passage; a focused index's passages are another numbering.
    if (!model || !vectors || index.focus) return undefined;
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
  // A collection's (or the library's) documents as one pooled index: retrieval, the plan and citations across them.
  const pooledFor = scopeIndexes(library, indexKeyFor, indexFor);
  const buildingJob = (docId: string, ratio: number) =>
    jobs.list().find((j) => j.kind === 'prepare' && j.state === 'running' && j.key === `${docId}:${ratio}`)?.jobId;

  return {
    ask: (args) => {
      const { question, ratio } = args;
      const scope = scopeOfArgs(args);
      const docId = scope.kind === 'document' ? scope.docId : undefined;
      // NOT_FOUND (or an empty scope) before a job starts.
      if (scope.kind === 'document') library().documents.get(scope.docId, { limit: 0 });
      else if (scopeMembers(library(), scope).docIds.length === 0)
        throw new LecternError('INVALID_ARGUMENT', 'There are no documents to ask in this scope yet.');
      const key = scopeKey(scope);
      const save = (turn: ChatTurn) => {
        if (scope.kind === 'document') library().conversations.add(turn);
        else library().scopeConversations.add(scope, turn);
      };
      let jobId = '';
      const started = jobs.start(
        'ask',
        `${key}:${ratio}:${question}`,
        `Asking: ${question.slice(0, 60)}`,
        async (ctx) => {
          const begun = performance.now();
          const index = scope.kind === 'document' ? indexFor(scope.docId, question) : pooledFor(scope);
          const model = asker();
          let result: AskResult;
          if (model) {
            const batch = tokenBatcher(events, () => jobId);
            let partial = '';
            try {
              // Passage vectors are kept per document; a pool is ranked by keywords alone (see README).
              const dense =
                docId === undefined
                  ? undefined
                  : await untilCancelled(denseFor(docId, index, question, ctx), ctx.signal);
              const chapters = docId === undefined ? undefined : library().chapters.list(docId);
              const onText = (text: string) => {
                partial += text;
                batch.push(text);
              };
              // Stop ends the question now, whatever phase it is in; the model stops at its next token.
              result = await untilCancelled(
                model.ask(
                  { index, question, ratio, onText, ...(chapters ? { chapters } : {}), ...(dense ? { dense } : {}) },
                  ctx,
                ),
                ctx.signal,
              );
              const sources = sourcesOf(index, result.citations);
              if (sources) result = { ...result, sources };
            } catch (error) {
              // A stopped or failed question stays in the conversation with what it had, and says what happened.
              save({
                id: randomUUID(),
                docId: docId ?? key,
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
          save({
            id: randomUUID(),
            docId: docId ?? key,
            ...(docId === undefined ? { scope } : {}),
            question,
            result,
            createdAt: Date.now(),
          });
          return result;
        },
      );
      jobId = started.jobId;
      return started;
    },
    getConversation: (args) => {
      const scope = scopeOfArgs(args);
      if (scope.kind === 'document') return library().conversations.list(scope.docId);
      if (scope.kind === 'collection') library().collections.get(scope.collectionId);
      return library().scopeConversations.list(scope);
    },
    clearConversation: async (args) => {
      const scope = scopeOfArgs(args);
      if (scope.kind === 'document') {
        await asker()?.forget?.(scope.docId);
        return { cleared: library().conversations.clear(scope.docId) };
      }
      // The model's conversation about the pool is keyed by the pool's id.
      const pooled = (() => {
        try {
          return pooledFor(scope);
        } catch {
          return undefined;
        }
      })();
      if (pooled) await asker()?.forget?.(pooled.doc.id);
      return { cleared: library().scopeConversations.clear(scope) };
    },
    estimateCompression: async ({ docId, ratio }) => {
      const model = asker();
      if (!model) {
        // Without a model only the token count matters; a very long document is not indexed whole for it.
        const { chars } = library().documents.size(docId);
        const docTokens = chars >= FOCUS_MIN_CHARS ? Math.ceil(chars / 4) : indexFor(docId).docTokens;
        const keptTokens = planBudget({ docTokens, ratio, stateReady: false }).totalTokens;
        return { ratio, docTokens, keptTokens, kvBytes: 0, state: 'no-model' as const };
      }
      const index = indexFor(docId);
      const estimate = await model.estimate(index, ratio);
      const building = buildingJob(docId, ratio);
      return {
        ratio,
        docTokens: estimate.docTokens ?? index.docTokens,
        keptTokens: estimate.keptTokens,
        kvBytes: estimate.kvBytes,
        ...(estimate.contextSize !== undefined ? { contextSize: estimate.contextSize } : {}),
        ...(estimate.fits !== undefined ? { fits: estimate.fits } : {}),
        ...(estimate.smallestFittingRatio !== undefined ? { smallestFittingRatio: estimate.smallestFittingRatio } : {}),
        ...(estimate.compression ? { compression: estimate.compression } : {}),
        ...(estimate.attention ? { attention: estimate.attention } : {}),
        state: estimate.ready ? ('ready' as const) : building ? ('building' as const) : ('missing' as const),
        ...(building ? { jobId: building } : {}),
      };
    },
    prepareDocument: ({ docId, ratio }) => {
      library().documents.get(docId, { limit: 0 });
      return jobs.start(
        'prepare',
        `${docId}:${ratio}`,
        `Preparing for questions (${ratio}×)`,
        async (ctx) => {
          const model = asker();
          if (!model) return { prepared: false, reason: 'No chat model is loaded.' };
          const prepared = await model.prepare(indexFor(docId), ratio, ctx, library().chapters.list(docId));
          return { prepared: true, ...prepared };
        },
        { pausable: true },
      );
    },
  };
}
