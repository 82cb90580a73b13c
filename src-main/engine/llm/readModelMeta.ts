import { stat } from 'node:fs/promises';
import type { GgufFileInfo } from 'node-llama-cpp';
import type { ModelMeta } from '../../../src-shared/domain/model';
import type { Result } from '../../../src-shared/result';
import { tensorByteSize } from './ggmlTypes';

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

/** What the header says, plus the parsed info that the loader reuses for its memory estimates. */
export interface GgufInspection {
  meta: ModelMeta;
  fileInfo: GgufFileInfo;
  /** Where the last tensor's data ends, from the header; a smaller file is truncated. */
  expectedBytes: number;
}

type Problem = { code: 'MODEL_INCOMPATIBLE'; message: string };
const incompatible = (message: string): { ok: false; error: Problem } => ({
  ok: false,
  error: { code: 'MODEL_INCOMPATIBLE', message },
});

let supportedArchitectures: Promise<Set<string>> | undefined;

/** GGUF format versions llama.cpp reads (version 1 was dropped in 2023; there is no later one yet). */
const SUPPORTED_GGUF_VERSIONS: readonly number[] = [2, 3];

/** The architectures this node-llama-cpp's llama.cpp knows (its `GgufArchitectureType` list), read without bindings. */
function architectures(): Promise<Set<string>> {
  supportedArchitectures ??= import('node-llama-cpp').then((mod) => {
    const list = (mod as unknown as { GgufArchitectureType?: Record<string, string> }).GgufArchitectureType;
    return new Set(Object.values(list ?? {}));
  });
  return supportedArchitectures;
}

/**
 * Reads a GGUF header (no weights) and says whether the file can be used as a chat model. Detecting problems here,
 * before llama.cpp sees the file, is what keeps a truncated, vocab-only or foreign file from crashing the engine:
 * llama.cpp aborts the process on some malformed files instead of returning an error.
 */
export async function inspectGguf(filePath: string): Promise<Result<GgufInspection>> {
  const { readGgufFileInfo } = await import('node-llama-cpp');
  let info: GgufFileInfo;
  let fileSize: number;
  try {
    fileSize = (await stat(filePath)).size;
    info = await readGgufFileInfo(filePath, {
      sourceType: 'filesystem',
      logWarnings: false,
      // Split files (model-00001-of-00003.gguf) are checked part by part; splicing would hide a missing part.
      spliceSplitFiles: false,
      // The vocabulary is the bulk of a header and nothing here needs it.
      ignoreKeys: [
        'tokenizer.ggml.tokens',
        'tokenizer.ggml.scores',
        'tokenizer.ggml.token_type',
        'tokenizer.ggml.merges',
      ],
    });
  } catch (error) {
    return incompatible(`Not a readable GGUF file: ${(error as Error).message}`);
  }
  // node-llama-cpp parses any version number, llama.cpp loads only these: a later load would fail, or worse.
  if (!SUPPORTED_GGUF_VERSIONS.includes(info.version)) {
    return incompatible(
      `GGUF version ${info.version} is not supported (this llama.cpp reads versions ${SUPPORTED_GGUF_VERSIONS.join(' and ')}): convert the model again with a current llama.cpp, or use another download.`,
    );
  }
  const general = info.metadata?.general as Record<string, unknown> | undefined;
  const architecture = typeof general?.architecture === 'string' ? general.architecture : 'unknown';
  const archMeta = (info.metadata as Record<string, unknown> | undefined)?.[architecture] as
    Record<string, unknown> | undefined;
  const tokenizer = info.metadata?.tokenizer as Record<string, unknown> | undefined;
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
  const tensors = info.tensorInfo ?? [];
  if (tensors.length === 0)
    return incompatible('This GGUF holds only a vocabulary (no weights): it cannot generate text.');
  if (!(await architectures()).has(architecture))
    return incompatible(`The model architecture "${architecture}" is not supported by this version of llama.cpp.`);

  let expectedBytes = 0;
  let parameterCount = 0;
  for (const t of tensors) {
    const elements = t.dimensions.reduce<number>((p, d) => p * Number(d), 1);
    parameterCount += elements;
    // Types without a known size still give a lower bound: the tensor's start.
    const end = Number(t.fileOffset) + (tensorByteSize(t.ggmlType, elements) ?? 0);
    if (t.filePart <= 1 && end > expectedBytes) expectedBytes = end;
  }
  if (fileSize < expectedBytes) {
    return incompatible(
      `The file is truncated (${fileSize} bytes, the header expects ${expectedBytes}): an unfinished download or copy?`,
    );
  }
  if (parameterCount > 0) meta.parameterCount = parameterCount;
  return { ok: true, value: { meta, fileInfo: info, expectedBytes } };
}

/** The header metadata only (for listings). */
export async function readModelMeta(filePath: string): Promise<Result<ModelMeta>> {
  const result = await inspectGguf(filePath);
  return result.ok ? { ok: true, value: result.value.meta } : result;
}
