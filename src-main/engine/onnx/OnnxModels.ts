import { existsSync } from 'node:fs';
import type { LoadedOnnxModels, OnnxModelKind } from '../../../src-shared/domain/model';
import { isErrorCode, LecternError } from '../../../src-shared/errors';
import { describeOnnxFolder } from './discoverOnnxModels';
import { loadEmbeddingModel, type EmbeddingModel } from './loadEmbeddingModel';
import { loadTokenCompressor, type TokenCompressor } from './loadTokenCompressor';

/**
 * The optional ONNX models in use, at most one of each kind, independent of the chat model. Loading reads the
 * folder's kind from its files, checks the graph (the loaders run it once) and only then replaces the previous model,
 * so a bad folder leaves the working one in place.
 */
export class OnnxModels {
  #embedding?: EmbeddingModel;
  #compressor?: TokenCompressor;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly threads: () => number) {}

  get embedding(): EmbeddingModel | undefined {
    return this.#embedding;
  }

  get compressor(): TokenCompressor | undefined {
    return this.#compressor;
  }

  /** One load or unload at a time: two concurrent loads of the same kind would leak the first. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  load(dir: string): Promise<LoadedOnnxModels> {
    return this.#exclusive(async () => {
      if (!existsSync(dir)) throw new LecternError('MODEL_NOT_FOUND', `There is no folder at ${dir}.`);
      const entry = await describeOnnxFolder(dir);
      if (!entry) throw new LecternError('ONNX_MODEL_INVALID', `${dir} holds no model.onnx (nor onnx/model.onnx).`);
      if (entry.problem)
        throw new LecternError(
          isErrorCode(entry.problem.code) ? entry.problem.code : 'ONNX_MODEL_INVALID',
          entry.problem.message,
        );
      const options = { threads: this.threads() };
      if (entry.kind === 'embedding') {
        const model = await loadEmbeddingModel(dir, options);
        await this.#embedding?.dispose();
        this.#embedding = model;
      } else if (entry.kind === 'compressor') {
        const model = await loadTokenCompressor(dir, options);
        await this.#compressor?.dispose();
        this.#compressor = model;
      } else {
        throw new LecternError(
          'MODEL_INCOMPATIBLE',
          `${entry.name} is neither a sentence-embedding nor a token-classification (LLMLingua-2) model: its config.json names no known architecture. Add a lectern.json with "kind": "embedding" or "compressor" if it is one.`,
        );
      }
      return this.info();
    });
  }

  unload(kind: OnnxModelKind): Promise<LoadedOnnxModels> {
    return this.#exclusive(async () => {
      if (kind === 'embedding') {
        await this.#embedding?.dispose();
        this.#embedding = undefined;
      } else {
        await this.#compressor?.dispose();
        this.#compressor = undefined;
      }
      return this.info();
    });
  }

  info(): LoadedOnnxModels {
    const info: LoadedOnnxModels = {};
    const e = this.#embedding;
    if (e) info.embedding = { id: e.id, name: e.name, dir: e.dir, dims: e.dims };
    const c = this.#compressor;
    if (c) info.compressor = { id: c.id, name: c.name, dir: c.dir };
    return info;
  }

  async dispose(): Promise<void> {
    await this.unload('embedding');
    await this.unload('compressor');
  }
}
