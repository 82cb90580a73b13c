import { existsSync } from 'node:fs';
import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { AskResult } from '../../../src-shared/domain/answer';
import { LecternError } from '../../../src-shared/errors';
import type { SegmentTokens } from '../compression/types';
import { CompressedStateCache } from '../compression/CompressedStateCache';
import { hashModelFile } from '../compression/hashModelFile';
import { PrefixReuse } from '../compression/PrefixReuse';
import {
  compressedStateKeyFor,
  prepareCompressedState,
  type PrepareCompressedStateInput,
} from '../compression/prepareCompressedState';
import type { ModelAsker } from '../handlers/askHandlers';
import { throwIfCancelled, type StageContext } from '../jobs/JobRunner';
import type { LoadedModel } from '../llm/ModelManager';
import { extractCitations } from './citations';
import type { DocumentIndex } from './documentIndex';
import { NO_EVIDENCE_ANSWER } from './answerWithPassages';
import { promptFrame, type PromptFrame } from './promptFrame';
import { retrieve } from './retrieve';

export interface LocalModelAskerOptions {
  loaded: LoadedModel;
  cacheDir: string;
  /** Most tokens of expanded segments appended per question. Default 1536 (3 segments of 512). */
  expandTokens?: number;
  /** Most answer tokens. Default 512. */
  maxAnswerTokens?: number;
}

const DOCUMENT_INTRO = 'Document (some words are left out to save space; each passage starts with its label):\n';

/**
 * Asks questions with the loaded chat model over the document's compressed KV state: the state is built once per
 * (model, document, ratio) and cached on disk; each question appends its retrieved segments at full resolution and
 * the question after it, then erases only that tail, so follow-ups reuse the prefix instead of evaluating it again.
 */
export class LocalModelAsker implements ModelAsker {
  readonly id: string;
  readonly #cache: CompressedStateCache;
  #sequence?: LlamaContextSequence;
  #frame?: PromptFrame;
  #active?: { key: string; reuse: PrefixReuse; stateBytes: number };
  #queue: Promise<unknown> = Promise.resolve();
  #modelHash?: Promise<string>;

  constructor(private readonly options: LocalModelAskerOptions) {
    this.id = options.loaded.entry.id;
    this.#cache = new CompressedStateCache(options.cacheDir);
  }

  get loaded(): LoadedModel {
    return this.options.loaded;
  }

  get model(): LlamaModel {
    return this.options.loaded.model;
  }

  countTokens = (text: string): number => this.model.tokenize(text).length;

  /** One operation on the sequence at a time (asking and preparing share it). */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #segmentTokens(index: DocumentIndex): SegmentTokens[] {
    return index.segments.map((segment) => {
      const label = this.model.tokenize(`[${segment.label}] `);
      const body = this.model.tokenize(`${index.doc.text.slice(segment.start, segment.end)}\n`);
      // Labels survive eviction so the model can still cite every segment of the compressed document.
      return { tokens: [...label, ...body], protectedMask: [...label.map(() => true), ...body.map(() => false)] };
    });
  }

  async #input(index: DocumentIndex, ratio: number): Promise<PrepareCompressedStateInput> {
    this.#frame ??= await promptFrame(this.model);
    this.#sequence ??= this.options.loaded.context.getSequence();
    this.#modelHash ??= hashModelFile(this.options.loaded.entry.path);
    return {
      sequence: this.#sequence,
      segments: this.#segmentTokens(index),
      ratio,
      prefix: [...this.#frame.head, ...this.model.tokenize(DOCUMENT_INTRO)],
      cache: this.#cache,
      modelHash: await this.#modelHash,
      documentHash: index.doc.id,
    };
  }

  /** Leaves the compressed document in the sequence (reused, loaded from disk, or built) and returns the reuse handle. */
  async #ensureState(
    index: DocumentIndex,
    ratio: number,
    ctx: StageContext,
  ): Promise<{ reuse: PrefixReuse; built: boolean; stateBytes: number }> {
    const input = await this.#input(index, ratio);
    const keyId = JSON.stringify(compressedStateKeyFor(input));
    if (this.#active?.key === keyId) {
      await this.#active.reuse.eraseTail();
      return { ...this.#active, built: false };
    }
    this.#active = undefined;
    const prepared = await prepareCompressedState(input, ctx);
    const reuse = new PrefixReuse(input.sequence);
    this.#active = { key: keyId, reuse, stateBytes: prepared.sidecar.stateBytes };
    return { reuse, built: prepared.built, stateBytes: prepared.sidecar.stateBytes };
  }

  prepare(index: DocumentIndex, ratio: number, ctx: StageContext): Promise<unknown> {
    return this.#exclusive(() => this.#ensureState(index, ratio, ctx));
  }

  async estimate(
    index: DocumentIndex,
    ratio: number,
  ): Promise<{ keptTokens: number; kvBytes: number; ready: boolean }> {
    const input = await this.#input(index, ratio);
    const keptTokens =
      (input.prefix?.length ?? 1) + input.segments.reduce((sum, s) => sum + Math.ceil(s.tokens.length / ratio), 0);
    const info = this.options.loaded.info;
    const bytesPerToken = info.contextSize > 0 ? info.kvCacheBytes / info.contextSize : 0;
    const key = compressedStateKeyFor(input);
    // The file names are derived from every key field, so their presence means this exact state was built. (Its
    // checksum is verified when it is loaded.)
    const ready = existsSync(this.#cache.sidecarPath(key)) && existsSync(this.#cache.statePath(key));
    return { keptTokens, kvBytes: Math.round(keptTokens * bytesPerToken), ready };
  }

  ask(
    index: DocumentIndex,
    question: string,
    ratio: number,
    ctx: StageContext,
    onText: (text: string) => void,
  ): Promise<AskResult> {
    return this.#exclusive(async () => {
      const prepareStart = performance.now();
      ctx.onProgress({ phase: 'preparing', done: 0, total: 1 });
      const { reuse, stateBytes } = await this.#ensureState(index, ratio, ctx);
      const prepareMs = performance.now() - prepareStart;
      throwIfCancelled(ctx.signal);

      const ranked = retrieve(index.index, question, { k: 8 });
      const free = reuse.sequence.contextSize - reuse.sequence.nextTokenIndex;
      const maxAnswer = this.options.maxAnswerTokens ?? 512;
      let room = Math.min(this.options.expandTokens ?? 1536, free - maxAnswer - 256);
      const expanded: string[] = [];
      for (const { segment } of ranked) {
        if (segment.tokens > room) continue;
        room -= segment.tokens;
        expanded.push(`[${segment.label}] ${index.doc.text.slice(segment.start, segment.end).trim()}`);
      }
      const frame = this.#frame as PromptFrame;
      const passages = expanded.length
        ? `\n\nThe passages most relevant to the question, in full:\n${expanded.join('\n\n')}`
        : '\n\n(No passage of the document matches the question’s words.)';
      const tail: Token[] = [...this.model.tokenize(`${passages}\n\nQuestion: ${question}`), ...frame.tail];
      if (tail.length >= free - 16)
        throw new LecternError(
          'CONTEXT_TOO_SMALL',
          'The question and its passages do not fit the model’s context. Raise the compression ratio or load the model with a larger context.',
        );

      ctx.onProgress({ phase: 'answering', done: 0, total: 1 });
      const askStart = performance.now();
      let firstAt: number | undefined;
      const generated: Token[] = [];
      let emitted = '';
      const sequence = reuse.sequence;
      const limit = Math.min(maxAnswer, sequence.contextSize - sequence.nextTokenIndex - tail.length - 1);
      for await (const token of sequence.evaluate(tail, { temperature: 0 })) {
        if (ctx.signal.aborted) break;
        if (this.model.isEogToken(token)) break;
        firstAt ??= performance.now();
        generated.push(token);
        const text = this.model.detokenize(generated);
        // Emit only whole characters: a token can end in the middle of a UTF-8 sequence.
        if (!text.endsWith('\uFFFD') && text.length > emitted.length) {
          onText(text.slice(emitted.length));
          emitted = text;
        }
        if (generated.length >= limit) break;
      }
      throwIfCancelled(ctx.signal);
      const end = performance.now();
      const answer = this.model.detokenize(generated).trim();
      const decodeMs = firstAt === undefined ? 0 : end - firstAt;
      const noEvidence = ranked.length === 0;
      return {
        mode: 'generated',
        answer: answer || (noEvidence ? NO_EVIDENCE_ANSWER : answer),
        citations: extractCitations(answer, index),
        passages: [],
        noEvidence,
        timings: {
          prepareMs: Math.round(prepareMs),
          ttftMs: Math.round((firstAt ?? end) - askStart),
          decodeTokPerS:
            decodeMs > 0 && generated.length > 1 ? Math.round(((generated.length - 1) / decodeMs) * 10000) / 10 : 0,
        },
        promptTokens: tail.length,
        kvTokens: sequence.nextTokenIndex,
        stateBytes,
        ratio,
      };
    });
  }

  /**
   * Lends the sequence to other model work (chapter titles, summaries) between questions. The work may clear it, so
   * the compressed document is reloaded (from disk) by the next question.
   */
  borrowSequence<T>(work: (sequence: LlamaContextSequence) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.#active = undefined;
      this.#sequence ??= this.options.loaded.context.getSequence();
      const sequence = this.#sequence;
      try {
        return await work(sequence);
      } finally {
        await sequence.clearHistory();
      }
    });
  }

  /** Gives the sequence back (the model is being unloaded or switched). */
  dispose(): void {
    this.#active = undefined;
    // A disposed context disposes its sequences too; this only gives the sequence back early.
    void this.#sequence?.dispose();
    this.#sequence = undefined;
  }
}
