import type { ModelMeta } from '../../../src-shared/domain/model';
import type { Result } from '../../../src-shared/result';

// llama.cpp's file-type numbers (general.file_type), for showing the quantisation.
const FILE_TYPES: Record<number, string> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
  19: 'IQ2_XXS',
  20: 'IQ2_XS',
  21: 'Q2_K_S',
  22: 'IQ3_XS',
  23: 'IQ3_XXS',
  24: 'IQ1_S',
  25: 'IQ4_NL',
  26: 'IQ3_S',
  27: 'IQ3_M',
  28: 'IQ2_S',
  29: 'IQ2_M',
  30: 'IQ4_XS',
  31: 'IQ1_M',
  32: 'BF16',
  36: 'TQ1_0',
  37: 'TQ2_0',
  38: 'MXFP4',
};

/**
 * Reads a GGUF header (no weights) and says whether the file can be used as a chat model. Detecting problems here,
 * before llama.cpp sees the file, is what keeps a truncated or vocab-only file from crashing the engine.
 */
export async function readModelMeta(filePath: string): Promise<Result<ModelMeta>> {
  const { readGgufFileInfo } = await import('node-llama-cpp');
  let info;
  try {
    info = await readGgufFileInfo(filePath, {
      sourceType: 'filesystem',
      logWarnings: false,
      ignoreKeys: [
        'tokenizer.ggml.tokens',
        'tokenizer.ggml.scores',
        'tokenizer.ggml.token_type',
        'tokenizer.ggml.merges',
      ],
    });
  } catch (error) {
    return {
      ok: false,
      error: { code: 'MODEL_INCOMPATIBLE', message: `Not a readable GGUF file: ${(error as Error).message}` },
    };
  }
  const general = info.metadata.general as Record<string, unknown> | undefined;
  const architecture = typeof general?.architecture === 'string' ? general.architecture : 'unknown';
  const archMeta = (info.metadata as Record<string, unknown>)[architecture] as Record<string, unknown> | undefined;
  const tokenizer = info.metadata.tokenizer as Record<string, unknown> | undefined;
  const fileType = typeof general?.file_type === 'number' ? FILE_TYPES[general.file_type] : undefined;
  const meta: ModelMeta = {
    architecture,
    hasChatTemplate: typeof tokenizer?.chat_template === 'string',
    ...(typeof general?.name === 'string' ? { name: general.name } : {}),
    ...(fileType ? { quantization: fileType } : {}),
    ...(typeof archMeta?.context_length === 'number' ? { contextLength: archMeta.context_length } : {}),
    ...(typeof archMeta?.block_count === 'number' ? { layers: archMeta.block_count } : {}),
    ...(typeof archMeta?.embedding_length === 'number' ? { embeddingLength: archMeta.embedding_length } : {}),
  };
  const tensorCount = info.tensorInfo?.length ?? 0;
  if (tensorCount === 0) {
    return {
      ok: false,
      error: {
        code: 'MODEL_INCOMPATIBLE',
        message: 'This GGUF holds only a vocabulary (no weights): it cannot generate text.',
      },
    };
  }
  const parameterCount = info.tensorInfo?.reduce(
    (sum, t) => sum + t.dimensions.reduce<number>((p, d) => p * Number(d), 1),
    0,
  );
  if (parameterCount) meta.parameterCount = parameterCount;
  return { ok: true, value: meta };
}
