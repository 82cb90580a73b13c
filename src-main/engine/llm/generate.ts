import type { GbnfJsonSchema, Llama, LlamaContextSequence, LlamaGrammar, Token } from 'node-llama-cpp';
import { LecternError } from '../../../src-shared/errors';
import type { LoadedModel } from './ModelManager';

export interface GenerationTimings {
  /** From the call to the first generated token: prompt evaluation plus one decode step. */
  ttftMs: number;
  promptTokens: number;
  outputTokens: number;
  promptTokPerS: number;
  /** Generated tokens after the first, per second of decoding. */
  decodeTokPerS: number;
  totalMs: number;
}

export interface ChatOptions {
  system?: string;
  prompt: string;
  maxTokens?: number;
  /** 0 = greedy (the default: answers should be reproducible). */
  temperature?: number;
  seed?: number;
  signal?: AbortSignal;
  onTextChunk?: (text: string) => void;
  /** Constrain the answer to JSON of this schema (a llama.cpp grammar); `json` then holds the parsed value. */
  jsonSchema?: GbnfJsonSchema;
  /**
   * A sequence lent by its holder (`LocalModelAsker.borrowSequence`): used as it is and left to the lender, who
   * clears it. Default: a sequence taken from the loaded context for this call and given back afterwards.
   */
  sequence?: LlamaContextSequence;
}

export interface ChatResult {
  text: string;
  json?: unknown;
  stopReason: 'eogToken' | 'maxTokens' | 'stopGenerationTrigger' | 'customStopTrigger' | 'functionCalls' | 'abort';
  timings: GenerationTimings;
}

class Clock {
  readonly start = performance.now();
  firstTokenAt?: number;
  outputTokens = 0;

  token(): void {
    this.firstTokenAt ??= performance.now();
    this.outputTokens++;
  }

  timings(promptTokens: number): GenerationTimings {
    const end = performance.now();
    const first = this.firstTokenAt ?? end;
    const ttftMs = first - this.start;
    const decodeMs = end - first;
    return {
      ttftMs: round(ttftMs),
      promptTokens,
      outputTokens: this.outputTokens,
      promptTokPerS: ttftMs > 0 ? round((promptTokens / ttftMs) * 1000) : 0,
      decodeTokPerS: decodeMs > 0 && this.outputTokens > 1 ? round(((this.outputTokens - 1) / decodeMs) * 1000) : 0,
      totalMs: round(end - this.start),
    };
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * One chat turn with the model's own chat template (node-llama-cpp resolves the wrapper from the GGUF's Jinja
 * template, falling back to a general one), streamed through `onTextChunk`. The sequence is taken from the loaded
 * context and given back afterwards, so the caller holds nothing, unless the caller lends one (`options.sequence`).
 * Aborting throws CANCELLED.
 */
export async function chat(loaded: LoadedModel, options: ChatOptions): Promise<ChatResult> {
  const { LlamaChatSession } = await import('node-llama-cpp');
  if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
  const lent = options.sequence;
  const sequence = lent ?? claimSequence(loaded);
  const session = new LlamaChatSession({
    contextSequence: sequence,
    ...(options.system !== undefined ? { systemPrompt: options.system } : {}),
    autoDisposeSequence: false,
  });
  let grammar: LlamaGrammar | undefined;
  const clock = new Clock();
  try {
    if (options.jsonSchema)
      grammar = await loaded.model.llama.createGrammarForJsonSchema(
        // The generic narrows to the literal schema type; ours is only known at run time.
        options.jsonSchema as Parameters<Llama['createGrammarForJsonSchema']>[0],
      );
    const inputBefore = sequence.tokenMeter.usedInputTokens;
    const result = await session.promptWithMeta(options.prompt, {
      maxTokens: options.maxTokens ?? 512,
      temperature: options.temperature ?? 0,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(grammar ? { grammar } : {}),
      onToken: (tokens: Token[]) => {
        for (let i = 0; i < tokens.length; i++) clock.token();
      },
      ...(options.onTextChunk ? { onTextChunk: options.onTextChunk } : {}),
    });
    const timings = clock.timings(sequence.tokenMeter.usedInputTokens - inputBefore);
    const out: ChatResult = { text: result.responseText, stopReason: result.stopReason, timings };
    if (grammar) out.json = parseJson(result.responseText);
    return out;
  } catch (error) {
    if (options.signal?.aborted || (error instanceof Error && error.name === 'AbortError'))
      throw new LecternError('CANCELLED', 'Cancelled.');
    throw error;
  } finally {
    session.dispose({ disposeSequence: false });
    if (!lent) await sequence.dispose();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A grammar guarantees JSON only when generation ended on its own; a maxTokens stop leaves it cut off.
    throw new LecternError('INTERNAL', 'The model stopped before finishing the JSON answer (raise maxTokens).');
  }
}

function claimSequence(loaded: LoadedModel) {
  if (loaded.context.sequencesLeft === 0)
    throw new LecternError('INTERNAL', 'Every sequence of the model context is in use; wait for the current answer.');
  return loaded.context.getSequence();
}

export interface DecodeBenchResult {
  promptTokens: number;
  promptMs: number;
  promptTokPerS: number;
  outputTokens: number;
  decodeMs: number;
  decodeTokPerS: number;
}

/**
 * Raw speed: evaluate `prompt`, then decode exactly `tokens` tokens greedily, whatever they are (end-of-text does not
 * stop it, so random-weight models measure the same as real ones). For `lectern model load-test` and benchmarks.
 */
export async function benchDecode(
  loaded: LoadedModel,
  prompt: string,
  tokens: number,
  signal?: AbortSignal,
): Promise<DecodeBenchResult> {
  const sequence = claimSequence(loaded);
  try {
    const input = loaded.model.tokenize(prompt);
    const start = performance.now();
    let first = start;
    let count = 0;
    for await (const _token of sequence.evaluate(input, { temperature: 0 })) {
      if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      if (count === 0) first = performance.now();
      if (++count >= tokens) break; // the first token comes out of the prompt evaluation
    }
    const end = performance.now();
    const promptMs = first - start;
    const decodeMs = end - first;
    return {
      promptTokens: input.length,
      promptMs: round(promptMs),
      promptTokPerS: round((input.length / promptMs) * 1000),
      outputTokens: count,
      decodeMs: round(decodeMs),
      decodeTokPerS: decodeMs > 0 ? round(((count - 1) / decodeMs) * 1000) : 0,
    };
  } finally {
    await sequence.dispose();
  }
}
