import type { InferenceSession } from 'onnxruntime-node';
import { LecternError } from '../../../src-shared/errors';
import { type BatchLimits, encoderFeeds, planBatches } from './batchInputs';
import { type EmbeddingProfile, embeddingProfile } from './embeddingProfile';
import { loadOnnxTokenizer, type OnnxTokenizer } from './loadOnnxTokenizer';
import { createOnnxSession, declaredOutputShape, runSession } from './onnxRuntime';
import { onnxModelId } from './onnxModelId';
import { l2Normalize, poolTokenStates } from './pooling';
import { readOnnxFolder } from './readOnnxFolder';

export type EmbedKind = 'query' | 'passage';

export interface EmbedOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** A loaded sentence-embedding model. Vectors are unit length unless the folder says `"normalize": false`. */
export interface EmbeddingModel {
  /** Changes when the weights or the pooling/prefix/length settings change: the key for stored vectors. */
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly dims: number;
  readonly profile: EmbeddingProfile;
  /** One vector per text, in order. `kind` picks the query or passage prefix (e5, bge). */
  embed(texts: readonly string[], kind: EmbedKind, options?: EmbedOptions): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface LoadOnnxModelOptions extends BatchLimits {
  /** Threads per inference. Default 1. */
  threads?: number;
}

/** Output names of feature-extraction exports (Optimum, sentence-transformers' ONNX export). */
const STATE_OUTPUTS = ['last_hidden_state', 'token_embeddings'];

/**
 * Loads a sentence-embedding model from a folder (model.onnx + tokenizer.json or vocab.txt + config.json), from
 * disk only. Checks before returning that the graph runs and gives token states [batch, sequence, hidden], so a
 * wrong folder fails here with a coded error instead of at the first search.
 */
export async function loadEmbeddingModel(dir: string, options: LoadOnnxModelOptions = {}): Promise<EmbeddingModel> {
  const folder = await readOnnxFolder(dir);
  const architectures = folder.config.architectures ?? [];
  if (folder.settings.kind === 'compressor' || architectures.some((a) => /For(Token|Sequence)Classification$/.test(a)))
    throw new LecternError(
      'MODEL_INCOMPATIBLE',
      `${folder.dir} holds a classification model (${architectures.join(', ') || 'lectern.json kind "compressor"'}), not a sentence-embedding model.`,
    );
  const tokenizer = await loadOnnxTokenizer(folder);
  const profile = embeddingProfile(folder);
  const session = await createOnnxSession(
    folder.modelPath,
    options.threads !== undefined ? { threads: options.threads } : {},
  );
  try {
    const output = session.outputNames.find((n) => STATE_OUTPUTS.includes(n)) ?? session.outputNames[0];
    if (output === undefined) throw new LecternError('MODEL_INCOMPATIBLE', `${folder.modelPath} has no outputs.`);
    const declared = declaredOutputShape(session, output);
    if (declared && declared.length !== 3) throw notTokenStates(folder.modelPath, output, declared);
    const runner = new EmbeddingRunner(session, tokenizer, profile, folder.modelPath, output, options);
    // One real run: the graph's actual width (and that it runs at all) is known before anything is stored.
    const probe = await runner.hidden([tokenizer.wrap(tokenizer.encode('probe'), profile.maxLength)]);
    const dims = probe.dims;
    if (folder.config.hidden_size !== undefined && folder.config.hidden_size !== dims)
      throw new LecternError(
        'MODEL_INCOMPATIBLE',
        `${folder.modelPath} gives ${dims}-wide vectors but config.json says hidden_size ${folder.config.hidden_size}: the files do not belong together.`,
      );
    const id = await onnxModelId(folder.name, folder.modelPath, profile);
    return {
      id,
      name: folder.name,
      dir: folder.dir,
      dims,
      profile,
      embed: (texts, kind, embedOptions) => runner.embed(texts, kind, embedOptions),
      dispose: () => session.release(),
    };
  } catch (error) {
    await session.release();
    throw error;
  }
}

function notTokenStates(modelPath: string, output: string, shape: readonly (number | string)[]): LecternError {
  return new LecternError(
    'MODEL_INCOMPATIBLE',
    `${modelPath} outputs "${output}" shaped [${shape.join(', ')}]; a sentence-embedding model gives token states [batch, sequence, hidden].`,
  );
}

class EmbeddingRunner {
  constructor(
    private readonly session: InferenceSession,
    private readonly tokenizer: OnnxTokenizer,
    private readonly profile: EmbeddingProfile,
    private readonly modelPath: string,
    private readonly output: string,
    private readonly limits: BatchLimits,
  ) {}

  async hidden(rows: readonly (readonly number[])[]) {
    const { feeds, sequence, mask } = await encoderFeeds(this.session, rows, this.tokenizer.padId);
    const result = await runSession(this.session, feeds, this.modelPath);
    const tensor = result[this.output];
    const shape = tensor?.dims ?? [];
    if (!tensor || shape.length !== 3 || shape[0] !== rows.length || shape[1] !== sequence || tensor.type !== 'float32')
      throw notTokenStates(this.modelPath, this.output, shape);
    return { states: tensor.data as Float32Array, sequence, mask, dims: shape[2] ?? 0 };
  }

  async embed(texts: readonly string[], kind: EmbedKind, options: EmbedOptions = {}): Promise<Float32Array[]> {
    const prefix = kind === 'query' ? this.profile.queryPrefix : this.profile.passagePrefix;
    const rows = texts.map((text) => this.tokenizer.wrap(this.tokenizer.encode(prefix + text), this.profile.maxLength));
    const vectors: Float32Array[] = new Array<Float32Array>(texts.length);
    let done = 0;
    for (const batch of planBatches(
      rows.map((r) => r.length),
      this.limits,
    )) {
      if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Embedding cancelled.');
      const { states, sequence, mask, dims } = await this.hidden(batch.map((i) => rows[i] ?? []));
      const pooled = poolTokenStates(states, mask, batch.length, sequence, dims, this.profile.pooling);
      batch.forEach((index, b) => {
        const vector = pooled[b] ?? new Float32Array(dims);
        vectors[index] = this.profile.normalize ? l2Normalize(vector) : vector;
      });
      done += batch.length;
      options.onProgress?.(done, texts.length);
    }
    return vectors;
  }
}
