import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ChatMLChatWrapper,
  getLlama,
  LlamaChatSession,
  LlamaCompletion,
  readGgufFileInfo,
  type Llama,
  type LlamaContextSequence,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { writeLlamaGguf, type LlamaShape, type WrittenGguf } from '../fixtures/gguf/writeLlamaGguf';

const THREADS = 2; // explicit: the default oversubscribes a 2-core machine
const STORIES = fileURLToPath(new URL('../../../shared/models/stories260K/stories260K.gguf', import.meta.url));
const PROSE = 'The first chapter of the report gives a short summary of the data and the main results of the study.';

let dir: string;
let tinyPath: string;
let tinyWritten: WrittenGguf;
let llama: Llama;
let model: LlamaModel;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-gguf-'));
  tinyPath = path.join(dir, 'tiny.gguf');
  tinyWritten = await writeLlamaGguf(tinyPath, TINY_SHAPE);
  llama = await getLlama({ gpu: false, build: 'never' });
  model = await llama.loadModel({ modelPath: tinyPath });
});

afterAll(async () => {
  await model?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writeLlamaGguf', () => {
  it('writes metadata and tensor infos that readGgufFileInfo reads back', async () => {
    const info = await readGgufFileInfo(tinyPath, { readTensorInfo: true });
    expect(info.version).toBe(3);
    expect((await stat(tinyPath)).size).toBe(tinyWritten.fileSize);
    const { general, llama: arch, tokenizer } = info.metadata;
    expect(general.architecture).toBe('llama');
    expect(general.file_type).toBe(0);
    expect(arch).toMatchObject({
      context_length: 2048,
      embedding_length: 64,
      block_count: 2,
      feed_forward_length: 128,
      attention: { head_count: 4, head_count_kv: 2 },
      rope: { dimension_count: 16 },
      vocab_size: tinyWritten.vocabSize,
    });
    expect(tokenizer.ggml.model).toBe('llama');
    expect(tokenizer.ggml.tokens.length).toBe(tinyWritten.vocabSize);
    expect(tokenizer.chat_template).toContain('<|im_start|>');

    const tensors = info.fullTensorInfo ?? [];
    expect(tensors).toHaveLength(3 + 9 * TINY_SHAPE.layers);
    const byName = new Map(tensors.map((tensor) => [tensor.name, tensor]));
    expect(byName.get('token_embd.weight')?.dimensions.map(Number)).toEqual([64, tinyWritten.vocabSize]);
    expect(byName.get('blk.1.attn_k.weight')?.dimensions.map(Number)).toEqual([64, 32]);
    expect(byName.get('blk.1.ffn_down.weight')?.dimensions.map(Number)).toEqual([128, 64]);
    expect(tensors.every((tensor) => Number(tensor.offset) % 32 === 0)).toBe(true);
    expect(tinyWritten.parameterCount).toBe(
      tensors.reduce((sum, tensor) => sum + tensor.dimensions.reduce<number>((n, dim) => n * Number(dim), 1), 0),
    );
  });

  it('is deterministic in the seed', async () => {
    const again = path.join(dir, 'again.gguf');
    const reseeded = path.join(dir, 'reseeded.gguf');
    await writeLlamaGguf(again, TINY_SHAPE);
    await writeLlamaGguf(reseeded, { ...TINY_SHAPE, seed: 2 });
    expect(await sha256(again)).toBe(await sha256(tinyPath));
    expect(await sha256(reseeded)).not.toBe(await sha256(tinyPath));
  });

  it('rejects shapes llama.cpp cannot load', async () => {
    await expect(writeLlamaGguf(path.join(dir, 'bad.gguf'), { ...TINY_SHAPE, heads: 3 })).rejects.toThrow(/heads/);
    const q8 = { ...TINY_SHAPE, feedForward: 100, tensorType: 'q8_0' } as const;
    await expect(writeLlamaGguf(path.join(dir, 'bad.gguf'), q8)).rejects.toThrow(/q8_0/);
  });

  it('has the metadata keys and tensor names of the real stories260K llama', async (context) => {
    if (!existsSync(STORIES)) context.skip(`reference model absent (${STORIES}); a fresh clone has no ../shared`);
    const reference = await readGgufFileInfo(STORIES, { readTensorInfo: true });
    const ours = await readGgufFileInfo(tinyPath, { readTensorInfo: true });
    // stories260K stores "no separator/padding token" as 0xFFFFFFFF; omitting the keys means the same to llama.cpp.
    const optional = new Set(['tokenizer.ggml.seperator_token_id', 'tokenizer.ggml.padding_token_id']);
    const missing = [...keyPaths(reference.metadata)].filter((key) => !keyPaths(ours.metadata).has(key));
    expect(missing.filter((key) => !optional.has(key))).toEqual([]);
    const layerNames = (tensors: { name: string }[] | undefined) =>
      new Set((tensors ?? []).map((tensor) => tensor.name).filter((name) => !/^blk\.[1-9]/.test(name)));
    expect(layerNames(ours.fullTensorInfo)).toEqual(layerNames(reference.fullTensorInfo));
    const embedding = reference.fullTensorInfo?.find((tensor) => tensor.name === 'token_embd.weight');
    expect(embedding?.dimensions.map(Number)).toEqual([64, 512]); // same [n_embd, vocab] order as ours
  });
});

describe('a generated model in node-llama-cpp', () => {
  it('tokenizes English at about one token per word and round-trips any UTF-8', () => {
    const tokens = model.tokenize(PROSE);
    const words = PROSE.split(' ').length;
    expect(tokens.length).toBeGreaterThanOrEqual(words);
    expect(tokens.length).toBeLessThanOrEqual(words + 3); // the final "study." is two tokens
    expect(model.detokenize(tokens)).toBe(PROSE);

    const hostile = 'Grüße aus Zürich: 東京, naïve café 🎉\n\ttabs  and  spaces <unk> </s>';
    expect(model.detokenize(model.tokenize(hostile))).toBe(hostile);
    expect(model.tokenize('<|im_start|>', true)).toHaveLength(1); // a control token, not text
  });

  it('evaluates a prompt and generates 16 tokens', async () => {
    const context = await model.createContext({ contextSize: 512, threads: THREADS });
    try {
      const sequence = context.getSequence();
      const generated: Token[] = [];
      for await (const token of sequence.evaluate(model.tokenize(PROSE, false, 'trimLeadingSpace'), {
        temperature: 0,
      })) {
        generated.push(token);
        if (generated.length === 16) break;
      }
      expect(generated).toHaveLength(16);
      expect(generated.every((token) => token >= 0 && token < tinyWritten.vocabSize)).toBe(true);

      await sequence.clearHistory();
      const completion = new LlamaCompletion({ contextSequence: sequence });
      const text = await completion.generateCompletion('Once upon a time', { maxTokens: 16, temperature: 0 });
      expect(model.tokenize(text).length).toBeGreaterThan(0);
    } finally {
      await context.dispose();
    }
  });

  it('resolves the ChatML template for a chat session', async () => {
    const context = await model.createContext({ contextSize: 512, threads: THREADS });
    try {
      const session = new LlamaChatSession({ contextSequence: context.getSequence() });
      expect(session.chatWrapper).toBeInstanceOf(ChatMLChatWrapper);
      const answer = await session.prompt('What is the first chapter about?', { maxTokens: 8, temperature: 0 });
      expect(typeof answer).toBe('string');
      expect(session.getChatHistory().map((item) => item.type)).toEqual(['system', 'user', 'model']);
    } finally {
      await context.dispose();
    }
  });

  it('restores a saved sequence state with the same next-token logits', async () => {
    const context = await model.createContext({ contextSize: 512, sequences: 3, threads: THREADS });
    try {
      const probe = model.tokenize(' summary', false, 'trimLeadingSpace')[0]!;
      const original = context.getSequence();
      await original.evaluateWithoutGeneratingNewTokens(model.tokenize(PROSE));
      const statePath = path.join(dir, 'state.bin');
      const { fileSize } = await original.saveStateToFile(statePath);
      expect(fileSize).toBeGreaterThan(0);

      const restored = context.getSequence();
      await restored.loadStateFromFile(statePath, { acceptRisk: true });
      expect(restored.contextTokens).toEqual(original.contextTokens);

      const expected = await nextLogits(original, probe);
      const actual = await nextLogits(restored, probe);
      const unrelated = await nextLogits(context.getSequence(), probe); // the same probe with no prompt before it
      expect(maxAbsDifference(expected, actual)).toBeLessThan(1e-3);
      // Without this the comparison above could pass for any state: the prompt must move the logits.
      expect(maxAbsDifference(expected, unrelated)).toBeGreaterThan(1e-2);
    } finally {
      await context.dispose();
    }
  });

  it('loads a q8_0 variant without a chat template whose logits follow the f32 weights', async () => {
    const shape: LlamaShape = { ...TINY_SHAPE, tensorType: 'q8_0', chatTemplate: false };
    const q8Path = path.join(dir, 'tiny-q8_0.gguf');
    const written = await writeLlamaGguf(q8Path, shape);
    expect(written.fileSize).toBeLessThan(tinyWritten.fileSize / 3);
    const info = await readGgufFileInfo(q8Path, { readTensorInfo: true });
    expect(info.metadata.general.file_type).toBe(7);
    expect(info.metadata.tokenizer.chat_template).toBeUndefined();
    const types = new Map(info.fullTensorInfo?.map((tensor) => [tensor.name, tensor.ggmlType]));
    expect(types.get('blk.0.ffn_up.weight')).toBe(8);
    expect(types.get('blk.0.ffn_norm.weight')).toBe(0);

    const q8Model = await llama.loadModel({ modelPath: q8Path });
    const contexts = await Promise.all(
      [model, q8Model].map((m) => m.createContext({ contextSize: 256, threads: THREADS })),
    );
    try {
      const prompt = model.tokenize(PROSE);
      expect(q8Model.tokenize(PROSE)).toEqual(prompt); // the chat tokens come last, so no other id moves
      const logits = [];
      for (const context of contexts) {
        const sequence = context.getSequence();
        await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1));
        logits.push(await nextLogits(sequence, prompt.at(-1)!));
      }
      // Same seed, so the same weights up to 8-bit rounding: a wrong block layout would give unrelated logits.
      expect(correlation(logits[0]!, logits[1]!)).toBeGreaterThan(0.99);
    } finally {
      for (const context of contexts) await context.dispose();
      await q8Model.dispose();
    }
  });
});

describe('ensureFixtureModel', () => {
  it('writes a shape once, atomically, and reuses the file', async () => {
    const cache = path.join(dir, 'cache');
    const [first, concurrent] = await Promise.all([
      ensureFixtureModel(TINY_SHAPE, cache),
      ensureFixtureModel(TINY_SHAPE, cache),
    ]);
    expect(concurrent).toBe(first);
    const written = await stat(first);
    expect(await ensureFixtureModel(TINY_SHAPE, cache)).toBe(first);
    expect((await stat(first)).mtimeMs).toBe(written.mtimeMs);
    expect(await ensureFixtureModel({ ...TINY_SHAPE, seed: 7 }, cache)).not.toBe(first);
    expect((await readdir(cache)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await sha256(first)).toBe(await sha256(tinyPath));
  });
});

async function nextLogits(sequence: LlamaContextSequence, token: Token): Promise<Map<Token, number>> {
  const [result] = await sequence.controlledEvaluate([[token, { generateNext: { logits: true } }]]);
  const logits = result?.next.logits;
  if (!logits) throw new Error('no logits returned');
  return logits;
}

function maxAbsDifference(a: Map<Token, number>, b: Map<Token, number>): number {
  let max = 0;
  for (const [token, value] of a) max = Math.max(max, Math.abs(value - (b.get(token) ?? Number.POSITIVE_INFINITY)));
  return max;
}

function correlation(a: Map<Token, number>, b: Map<Token, number>): number {
  const tokens = [...a.keys()].filter((token) => b.has(token));
  const xs = tokens.map((token) => a.get(token) ?? 0);
  const ys = tokens.map((token) => b.get(token) ?? 0);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const y = ys[i] ?? 0;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

function keyPaths(value: unknown, prefix = '', into = new Set<string>()): Set<string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) keyPaths(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.add(prefix);
  }
  return into;
}

async function sha256(filePath: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(filePath))
    .digest('hex');
}
