import { open } from 'node:fs/promises';
import { buildLlamaVocab } from './buildLlamaVocab';
import { GgufHeader, paddingFor, type TensorInfo } from './GgufHeader';
import {
  createNormalSource,
  encodeTensorChunk,
  GgmlType,
  Q8_0_BLOCK,
  tensorByteSize,
  type GgmlTypeName,
} from './tensorEncoding';

export type LlamaShape = {
  layers: number;
  /** n_embd */
  embedding: number;
  heads: number;
  kvHeads: number;
  feedForward: number;
  contextLength: number;
  /** The only tokenizer offered: SentencePiece-style byte fallback plus English word pieces. */
  vocab?: 'bytes+words';
  /** Pad the vocabulary to this many tokens (32,000 matches llama-2-sized embeddings). */
  vocabSize?: number;
  seed?: number;
  /** Type of the 2-D weight matrices; norm weights always stay f32 as in real files. */
  tensorType?: GgmlTypeName;
  name?: string;
  /** A Jinja chat template; the default is ChatML, `false` writes none. */
  chatTemplate?: string | false;
};

export type WrittenGguf = { fileSize: number; parameterCount: number; vocabSize: number };

/** The ChatML template as Qwen and others ship it; node-llama-cpp recognises it as its ChatML wrapper. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const ALIGNMENT = 32;
const WEIGHT_STD = 0.02; // the usual init scale; keeps activations finite through many random layers
const CHUNK_ELEMENTS = 1 << 18; // floats generated per write, so memory stays flat whatever the model size
const FILE_TYPE: Record<GgmlTypeName, number> = { f32: 0, f16: 1, q8_0: 7 }; // LLAMA_FTYPE_ALL_F32, MOSTLY_F16, MOSTLY_Q8_0

type TensorPlan = { name: string; dims: [number] | [number, number]; type: GgmlTypeName; fill: 'normal' | 'ones' };

/**
 * Writes a valid GGUF v3 `llama` model with random weights that llama.cpp can load, tokenize with, evaluate and
 * sample from. The same shape and seed always give the same bytes.
 */
export async function writeLlamaGguf(filePath: string, shape: LlamaShape): Promise<WrittenGguf> {
  validateShape(shape);
  const matrixType = shape.tensorType ?? 'f32';
  const chatTemplate = shape.chatTemplate === undefined ? CHATML_TEMPLATE : shape.chatTemplate;
  const vocab = buildLlamaVocab({ chatTokens: chatTemplate !== false, size: shape.vocabSize });
  const plans = planTensors(shape, vocab.tokens.length, matrixType);

  let offset = 0;
  const infos: TensorInfo[] = plans.map((plan) => {
    const info = { name: plan.name, dims: plan.dims, type: GgmlType[plan.type], offset };
    offset += tensorByteSize(plan.type, elementCount(plan.dims));
    offset += paddingFor(offset, ALIGNMENT);
    return info;
  });

  const header = new GgufHeader()
    .string('general.architecture', 'llama')
    .string('general.name', shape.name ?? 'lectern-fixture')
    .uint32('general.file_type', FILE_TYPE[matrixType])
    .uint32('general.alignment', ALIGNMENT);
  if (matrixType === 'q8_0') header.uint32('general.quantization_version', 2);
  header
    .uint32('llama.context_length', shape.contextLength)
    .uint32('llama.embedding_length', shape.embedding)
    .uint32('llama.block_count', shape.layers)
    .uint32('llama.feed_forward_length', shape.feedForward)
    .uint32('llama.attention.head_count', shape.heads)
    .uint32('llama.attention.head_count_kv', shape.kvHeads)
    .uint32('llama.rope.dimension_count', shape.embedding / shape.heads)
    .float32('llama.rope.freq_base', 10000)
    .float32('llama.attention.layer_norm_rms_epsilon', 1e-5)
    .uint32('llama.vocab_size', vocab.tokens.length)
    .string('tokenizer.ggml.model', 'llama')
    .stringArray('tokenizer.ggml.tokens', vocab.tokens)
    .float32Array('tokenizer.ggml.scores', vocab.scores)
    .int32Array('tokenizer.ggml.token_type', vocab.types)
    .uint32('tokenizer.ggml.unknown_token_id', vocab.unknownId)
    .uint32('tokenizer.ggml.bos_token_id', vocab.bosId)
    .uint32('tokenizer.ggml.eos_token_id', vocab.eosId)
    .bool('tokenizer.ggml.add_bos_token', true)
    .bool('tokenizer.ggml.add_eos_token', false);
  if (chatTemplate !== false) {
    // <|im_end|> ends an assistant turn; naming it EOT lets llama.cpp stop there, not only at </s>.
    if (vocab.imEndId !== undefined) header.uint32('tokenizer.ggml.eot_token_id', vocab.imEndId);
    header.string('tokenizer.chat_template', chatTemplate);
  }

  const headerBytes = header.encode(infos, ALIGNMENT);
  const file = await open(filePath, 'w');
  try {
    await file.write(headerBytes);
    for (const plan of plans) await writeTensorData(file, plan, shape.seed ?? 1);
  } finally {
    await file.close();
  }

  const parameterCount = plans.reduce((sum, plan) => sum + elementCount(plan.dims), 0);
  return { fileSize: headerBytes.length + offset, parameterCount, vocabSize: vocab.tokens.length };
}

function planTensors(shape: LlamaShape, vocabSize: number, type: GgmlTypeName): TensorPlan[] {
  const { embedding: n, feedForward: ff } = shape;
  const kv = (n / shape.heads) * shape.kvHeads;
  const matrix = (name: string, input: number, output: number): TensorPlan => ({
    name,
    dims: [input, output],
    type,
    fill: 'normal',
  });
  const norm = (name: string): TensorPlan => ({ name, dims: [n], type: 'f32', fill: 'ones' });
  const plans = [
    matrix('token_embd.weight', n, vocabSize),
    norm('output_norm.weight'),
    matrix('output.weight', n, vocabSize),
  ];
  for (let layer = 0; layer < shape.layers; layer++) {
    const blk = `blk.${layer}`;
    plans.push(
      norm(`${blk}.attn_norm.weight`),
      matrix(`${blk}.attn_q.weight`, n, n),
      matrix(`${blk}.attn_k.weight`, n, kv),
      matrix(`${blk}.attn_v.weight`, n, kv),
      matrix(`${blk}.attn_output.weight`, n, n),
      norm(`${blk}.ffn_norm.weight`),
      matrix(`${blk}.ffn_gate.weight`, n, ff),
      matrix(`${blk}.ffn_up.weight`, n, ff),
      matrix(`${blk}.ffn_down.weight`, ff, n),
    );
  }
  return plans;
}

async function writeTensorData(file: Awaited<ReturnType<typeof open>>, plan: TensorPlan, seed: number): Promise<void> {
  const rowLength = plan.dims[0];
  const rows = plan.dims[1] ?? 1;
  // Whole rows per chunk, so q8_0 blocks (which never straddle rows) never straddle chunks either.
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / rowLength));
  const buffer = new Float32Array(rowsPerChunk * rowLength);
  const fillNormal = createNormalSource(seed, plan.name);
  for (let row = 0; row < rows; row += rowsPerChunk) {
    const values = buffer.subarray(0, Math.min(rowsPerChunk, rows - row) * rowLength);
    if (plan.fill === 'ones') values.fill(1);
    else fillNormal(values, WEIGHT_STD);
    await file.write(encodeTensorChunk(plan.type, values));
  }
  const size = tensorByteSize(plan.type, elementCount(plan.dims));
  const padding = paddingFor(size, ALIGNMENT);
  if (padding > 0) await file.write(Buffer.alloc(padding));
}

function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

function validateShape(shape: LlamaShape): void {
  const positive = ['layers', 'embedding', 'heads', 'kvHeads', 'feedForward', 'contextLength'] as const;
  for (const key of positive) {
    if (!Number.isInteger(shape[key]) || shape[key] <= 0) throw new Error(`${key} must be a positive integer`);
  }
  if (shape.vocab !== undefined && shape.vocab !== 'bytes+words')
    throw new Error(`unknown vocab ${String(shape.vocab)}`);
  if (shape.embedding % shape.heads !== 0) throw new Error('embedding must be a multiple of heads');
  if (shape.heads % shape.kvHeads !== 0) throw new Error('heads must be a multiple of kvHeads');
  if ((shape.embedding / shape.heads) % 2 !== 0) throw new Error('the head size must be even for RoPE');
  if (shape.tensorType === 'q8_0' && (shape.embedding % Q8_0_BLOCK !== 0 || shape.feedForward % Q8_0_BLOCK !== 0)) {
    throw new Error(`q8_0 needs embedding and feedForward to be multiples of ${Q8_0_BLOCK}`);
  }
}
