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
  /**
   * Writes `<arch>.attention.sliding_window`: the header then declares sliding-window attention (as Gemma's do), which
   * node-llama-cpp's insights and the loader read. The weights stay plain attention.
   */
  slidingWindow?: number;
  /**
   * `mamba` writes a recurrent (selective state-space) model instead: the same vocabulary and sizes, `heads` and
   * `feedForward` unused, blocks of SSM tensors as llama.cpp's mamba graph reads them. Its memory is a state per
   * sequence, not a KV cache, so no token range can be erased from it. `gemma3` writes llama's blocks plus Gemma 3's
   * extra norms, so that llama.cpp itself applies `slidingWindow` (it ignores the key on `llama`).
   */
  architecture?: 'llama' | 'mamba' | 'gemma3';
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

type TensorPlan = {
  name: string;
  dims: [number] | [number, number];
  type: GgmlTypeName;
  fill: 'normal' | 'ones' | 'minusOnes';
};

/**
 * Writes a valid GGUF v3 `llama` model with random weights that llama.cpp can load, tokenize with, evaluate and
 * sample from. The same shape and seed always give the same bytes.
 */
export async function writeLlamaGguf(filePath: string, shape: LlamaShape): Promise<WrittenGguf> {
  validateShape(shape);
  const matrixType = shape.tensorType ?? 'f32';
  const chatTemplate = shape.chatTemplate === undefined ? CHATML_TEMPLATE : shape.chatTemplate;
  const vocab = buildLlamaVocab({ chatTokens: chatTemplate !== false, size: shape.vocabSize });
  const arch = shape.architecture ?? 'llama';
  const plans =
    arch === 'mamba'
      ? planMambaTensors(shape, vocab.tokens.length, matrixType)
      : planTensors(shape, vocab.tokens.length, matrixType, arch === 'gemma3');

  let offset = 0;
  const infos: TensorInfo[] = plans.map((plan) => {
    const info = { name: plan.name, dims: plan.dims, type: GgmlType[plan.type], offset };
    offset += tensorByteSize(plan.type, elementCount(plan.dims));
    offset += paddingFor(offset, ALIGNMENT);
    return info;
  });

  const header = new GgufHeader()
    .string('general.architecture', arch)
    .string('general.name', shape.name ?? 'lectern-fixture')
    .uint32('general.file_type', FILE_TYPE[matrixType])
    .uint32('general.alignment', ALIGNMENT);
  if (matrixType === 'q8_0') header.uint32('general.quantization_version', 2);
  header
    .uint32(`${arch}.context_length`, shape.contextLength)
    .uint32(`${arch}.embedding_length`, shape.embedding)
    .uint32(`${arch}.block_count`, shape.layers);
  if (arch === 'mamba') {
    const ssm = mambaSizes(shape);
    header
      .uint32('mamba.feed_forward_length', 0)
      .uint32('mamba.attention.head_count', 0)
      .uint32('mamba.ssm.conv_kernel', ssm.conv)
      .uint32('mamba.ssm.inner_size', ssm.inner)
      .uint32('mamba.ssm.state_size', ssm.state)
      .uint32('mamba.ssm.time_step_rank', ssm.dtRank)
      .float32('mamba.attention.layer_norm_rms_epsilon', 1e-5);
  } else {
    header
      .uint32(`${arch}.feed_forward_length`, shape.feedForward)
      .uint32(`${arch}.attention.head_count`, shape.heads)
      .uint32(`${arch}.attention.head_count_kv`, shape.kvHeads)
      .uint32(`${arch}.rope.dimension_count`, shape.embedding / shape.heads)
      .float32(`${arch}.rope.freq_base`, 10000)
      .float32(`${arch}.attention.layer_norm_rms_epsilon`, 1e-5);
    if (arch === 'gemma3')
      header
        .uint32('gemma3.attention.key_length', shape.embedding / shape.heads)
        .uint32('gemma3.attention.value_length', shape.embedding / shape.heads);
    if (shape.slidingWindow !== undefined) header.uint32(`${arch}.attention.sliding_window`, shape.slidingWindow);
  }
  header
    .uint32(`${arch}.vocab_size`, vocab.tokens.length)
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

function planTensors(shape: LlamaShape, vocabSize: number, type: GgmlTypeName, gemma = false): TensorPlan[] {
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
    if (gemma) {
      const head = n / shape.heads;
      const headNorm = (name: string): TensorPlan => ({ name, dims: [head], type: 'f32', fill: 'ones' });
      plans.push(
        headNorm(`${blk}.attn_q_norm.weight`),
        headNorm(`${blk}.attn_k_norm.weight`),
        norm(`${blk}.post_attention_norm.weight`),
        norm(`${blk}.post_ffw_norm.weight`),
      );
    }
  }
  return plans;
}

/** Mamba-1's usual proportions: inner = 2 × n_embd, a 16-wide state, a 4-tap convolution, dt rank n_embd / 16. */
function mambaSizes(shape: LlamaShape): { inner: number; state: number; conv: number; dtRank: number } {
  return { inner: 2 * shape.embedding, state: 16, conv: 4, dtRank: Math.ceil(shape.embedding / 16) };
}

/** llama.cpp's mamba tensors (`LLM_ARCH_MAMBA`), in its dimension order (input first). */
function planMambaTensors(shape: LlamaShape, vocabSize: number, type: GgmlTypeName): TensorPlan[] {
  const n = shape.embedding;
  const { inner, state, conv, dtRank } = mambaSizes(shape);
  const tensor = (name: string, dims: [number] | [number, number], fill: TensorPlan['fill'] = 'normal') => ({
    name,
    dims,
    // Only the large matrices follow the file type; llama.cpp reads the small SSM tensors as f32.
    type: dims.length === 2 && fill === 'normal' && dims[0] % Q8_0_BLOCK === 0 ? type : ('f32' as GgmlTypeName),
    fill,
  });
  const plans: TensorPlan[] = [
    tensor('token_embd.weight', [n, vocabSize]),
    tensor('output_norm.weight', [n], 'ones'),
    tensor('output.weight', [n, vocabSize]),
  ];
  for (let layer = 0; layer < shape.layers; layer++) {
    const blk = `blk.${layer}`;
    plans.push(
      tensor(`${blk}.attn_norm.weight`, [n], 'ones'),
      tensor(`${blk}.ssm_in.weight`, [n, 2 * inner]),
      { name: `${blk}.ssm_conv1d.weight`, dims: [conv, inner], type: 'f32', fill: 'normal' },
      tensor(`${blk}.ssm_conv1d.bias`, [inner]),
      tensor(`${blk}.ssm_x.weight`, [inner, dtRank + 2 * state]),
      { name: `${blk}.ssm_dt.weight`, dims: [dtRank, inner], type: 'f32', fill: 'normal' },
      tensor(`${blk}.ssm_dt.bias`, [inner]),
      // A = -exp(A_log) is negative in a trained model: the state decays instead of growing with every token.
      { name: `${blk}.ssm_a`, dims: [state, inner], type: 'f32', fill: 'minusOnes' },
      tensor(`${blk}.ssm_d`, [inner]),
      tensor(`${blk}.ssm_out.weight`, [inner, n]),
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
    else if (plan.fill === 'minusOnes') values.fill(-1);
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
