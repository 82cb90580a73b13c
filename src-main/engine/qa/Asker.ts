import type { AskResult } from '../../../src-shared/domain/answer';
import type { Chapter } from '../../../src-shared/domain/chapter';
import type { CompleteJson } from '../chapters/modelChapters';
import type { CompleteText } from '../chapters/summarizeChapters';
import type { CountTokens } from '../index/countTokens';
import type { DocumentIndex } from '../index/documentIndex';
import type { StageContext } from '../jobs/JobRunner';

/** One question about one indexed document. */
export interface AskRequest {
  index: DocumentIndex;
  question: string;
  /** The slider's compression ratio. */
  ratio: number;
  /** Receives the answer's text as it streams. */
  onText: (text: string) => void;
  /** The document's chapters: they label chapter summaries when the document does not fit even compressed. */
  chapters?: readonly Chapter[];
  /** Passage indices ranked by the embedding model, when one is loaded (hybrid retrieval). */
  dense?: readonly number[];
}

export interface CompressionCost {
  keptTokens: number;
  kvBytes: number;
  ready: boolean;
  /** The document's tokens as the model counts them (labels and prompt included), so kept ≤ total. */
  docTokens?: number;
  /** The loaded model's context, and whether the planner's plan at this ratio fits it (see `planBudget`). */
  contextSize?: number;
  fits?: boolean;
  /** The smallest ratio whose plan fits, if any does. */
  smallestFittingRatio?: number;
  /** How the slider compresses for this backend (see `CompressionEstimate.compression`). */
  compression?: 'kv' | 'text' | 'server';
  attention?: 'full' | 'sliding-window' | 'recurrent' | 'hybrid';
}

/**
 * What model work other than answers (chapter titles, summaries) runs with, on either backend: one chat turn,
 * constrained to a JSON schema when one is given, the backend's token count and its context size.
 */
export interface ModelCompletions {
  complete: CompleteJson;
  /** A plain chat turn (chapter summaries). */
  completeText: CompleteText;
  countTokens: CountTokens;
  contextSize: number;
}

/** What preparing built: the overview's kind, and how many segments a checkpoint of an earlier build saved. */
export interface PrepareResult {
  mode?: string;
  resumedSegments?: number;
}

/**
 * What answers questions with a language model: the local GGUF (`LocalModelAsker`) or an OpenAI-compatible server
 * (`RemoteAsker`). The ask handlers see only this, so a new backend is one new file.
 */
export interface Asker {
  /** Stable per backend and model: indexes counted with its tokenizer are not reused for another. */
  id: string;
  countTokens: CountTokens;
  ask(request: AskRequest, ctx: StageContext): Promise<AskResult>;
  /** What the document costs at `ratio`, and whether its question-independent part is ready. */
  estimate(index: DocumentIndex, ratio: number): Promise<CompressionCost>;
  prepare(
    index: DocumentIndex,
    ratio: number,
    ctx: StageContext,
    chapters?: readonly Chapter[],
  ): Promise<PrepareResult>;
  /** Drops the conversation about a document (it was cleared). */
  forget?(docId: string): Promise<void>;
}

/**
 * The local asker's positional signature, kept while LocalModelAsker is being reworked elsewhere (issues 13/14):
 * `fromModelAsker` adapts it to `Asker`. Once the local asker takes `ask(request, ctx)` this type and the adapter go.
 */
export interface ModelAsker {
  id: string;
  countTokens: CountTokens;
  ask(
    index: DocumentIndex,
    question: string,
    ratio: number,
    ctx: StageContext,
    onText: (text: string) => void,
    chapters?: readonly Chapter[],
    dense?: readonly number[],
  ): Promise<AskResult>;
  estimate(index: DocumentIndex, ratio: number): Promise<CompressionCost>;
  prepare(
    index: DocumentIndex,
    ratio: number,
    ctx: StageContext,
    chapters?: readonly Chapter[],
  ): Promise<PrepareResult>;
  forget?(docId: string): Promise<void>;
}

const adapted = new WeakMap<ModelAsker, Asker>();

/** The local asker behind the `Asker` interface (one adapter per asker, so identity is stable). */
export function fromModelAsker(model: ModelAsker): Asker {
  let asker = adapted.get(model);
  if (!asker) {
    asker = {
      id: model.id,
      countTokens: model.countTokens,
      ask: (r, ctx) => model.ask(r.index, r.question, r.ratio, ctx, r.onText, r.chapters, r.dense),
      estimate: (index, ratio) => model.estimate(index, ratio),
      prepare: (index, ratio, ctx, chapters) => model.prepare(index, ratio, ctx, chapters),
      ...(model.forget ? { forget: (docId: string) => model.forget!(docId) } : {}),
    };
    adapted.set(model, asker);
  }
  return asker;
}

/**
 * The backend chooser: a configured server answers; otherwise the loaded local model; otherwise none (answers are
 * then passages). A server is chosen explicitly by the user, so it wins over a loaded model.
 */
export function chooseAsker(remote: Asker | undefined, local: ModelAsker | undefined): Asker | undefined {
  if (remote) return remote;
  return local ? fromModelAsker(local) : undefined;
}
