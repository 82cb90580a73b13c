import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { LecternError } from '../../../src-shared/errors';

/**
 * `lectern.json`, optional, next to the model: settings a folder cannot express in Hugging Face's own files, or
 * overrides for them. Every field is optional; `pullOnnxModel` writes one from the catalog entry.
 *
 * ```json
 * { "kind": "embedding", "model": "onnx/model_quantized.onnx", "pooling": "cls", "normalize": true,
 *   "queryPrefix": "query: ", "passagePrefix": "passage: ", "maxLength": 256 }
 * ```
 */
export const lecternSettingsSchema = z
  .object({
    kind: z.enum(['embedding', 'compressor']).optional(),
    /** The ONNX file to load, relative to the folder. Default: model.onnx, then onnx/model.onnx. */
    model: z
      .string()
      .regex(/^[\w./-]+\.onnx$/)
      .refine((p) => !p.split('/').includes('..'))
      .optional(),
    pooling: z.enum(['mean', 'cls']).optional(),
    normalize: z.boolean().optional(),
    queryPrefix: z.string().optional(),
    passagePrefix: z.string().optional(),
    maxLength: z.number().int().positive().optional(),
    catalogId: z.string().optional(),
  })
  .strict();

export type LecternOnnxSettings = z.infer<typeof lecternSettingsSchema>;

/** The fields of a Hugging Face config.json that matter here; the rest is kept but not read. */
export interface HfModelConfig {
  _name_or_path?: string;
  architectures?: string[];
  model_type?: string;
  hidden_size?: number;
  max_position_embeddings?: number;
  num_labels?: number;
  id2label?: Record<string, string>;
}

/** One model folder as found on disk: where the files are and what its small JSON files say. */
export interface OnnxFolder {
  dir: string;
  /** The folder's own name, e.g. `bge-small-en-v1.5`. */
  name: string;
  modelPath: string;
  config: HfModelConfig;
  tokenizerConfig: Record<string, unknown>;
  settings: LecternOnnxSettings;
  /** From sentence-transformers' `1_Pooling/config.json`, when present. */
  pooling?: 'mean' | 'cls';
  /** sentence-transformers' `sentence_bert_config.json` max_seq_length, when present. */
  sentenceMaxLength?: number;
  /** sentence-transformers' `config_sentence_transformers.json` prompts, when present. */
  prompts?: { query?: string; passage?: string };
  tokenizerJsonPath?: string;
  vocabPath?: string;
}

/** Exports put the ONNX files (and sometimes the tokenizer) in `onnx/`; the sentence-transformers files at the top. */
const SUBDIRS = ['', 'onnx'];

async function findFile(dir: string, name: string): Promise<string | undefined> {
  for (const sub of SUBDIRS) {
    const candidate = path.join(dir, sub, name);
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function readJson(file: string | undefined): Promise<unknown> {
  if (!file) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new LecternError('ONNX_MODEL_INVALID', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The .onnx files a folder holds at its top and in onnx/, as paths. */
export async function listOnnxFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const sub of SUBDIRS) {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const entry of entries)
      if (entry.isFile() && entry.name.endsWith('.onnx')) files.push(path.join(dir, sub, entry.name));
  }
  return files;
}

async function findModelFile(dir: string, settings: LecternOnnxSettings): Promise<string> {
  if (settings.model) {
    const chosen = path.join(dir, settings.model);
    if (await isFile(chosen)) return chosen;
    throw new LecternError('ONNX_MODEL_INVALID', `lectern.json names ${settings.model}, which is not in ${dir}.`);
  }
  const standard = await findFile(dir, 'model.onnx');
  if (standard) return standard;
  // A folder holding a single export under another name (model_quantized.onnx, model_O4.onnx) is unambiguous.
  const others = await listOnnxFiles(dir);
  if (others.length === 1 && others[0]) return others[0];
  throw new LecternError(
    'ONNX_MODEL_INVALID',
    others.length === 0
      ? `No model.onnx in ${dir} (looked in the folder and in onnx/).`
      : `${dir} has several ONNX files (${others.map((o) => path.relative(dir, o)).join(', ')}); name one as "model" in lectern.json.`,
  );
}

/**
 * Reads a model folder's layout and small files. Checks only what can be checked without loading the model: the
 * folder exists and holds an ONNX file, and the JSON files parse. The tokenizer is not required here (discovery
 * lists a folder without one, with its problem); loading requires it.
 */
export async function readOnnxFolder(dir: string): Promise<OnnxFolder> {
  const resolved = path.resolve(dir);
  if (!existsSync(resolved) || !(await stat(resolved)).isDirectory())
    throw new LecternError('MODEL_NOT_FOUND', `No model folder at ${resolved}.`);
  const settingsPath = path.join(resolved, 'lectern.json');
  const rawSettings = await readJson((await isFile(settingsPath)) ? settingsPath : undefined);
  const parsedSettings = lecternSettingsSchema.safeParse(rawSettings ?? {});
  if (!parsedSettings.success)
    throw new LecternError('ONNX_MODEL_INVALID', `${settingsPath} is invalid: ${parsedSettings.error.message}`);
  const settings = parsedSettings.data;

  const modelPath = await findModelFile(resolved, settings);
  const config = await readJson(await findFile(resolved, 'config.json'));
  const tokenizerConfig = await readJson(await findFile(resolved, 'tokenizer_config.json'));
  const poolingConfig = await readJson(
    (await isFile(path.join(resolved, '1_Pooling', 'config.json')))
      ? path.join(resolved, '1_Pooling', 'config.json')
      : undefined,
  );
  const sentenceConfig = await readJson(await findFile(resolved, 'sentence_bert_config.json'));
  const stConfig = await readJson(await findFile(resolved, 'config_sentence_transformers.json'));

  const folder: OnnxFolder = {
    dir: resolved,
    name: path.basename(resolved),
    modelPath,
    config: isRecord(config) ? config : {},
    tokenizerConfig: isRecord(tokenizerConfig) ? tokenizerConfig : {},
    settings,
  };
  if (isRecord(poolingConfig)) {
    if (poolingConfig.pooling_mode_cls_token === true) folder.pooling = 'cls';
    else if (poolingConfig.pooling_mode_mean_tokens === true) folder.pooling = 'mean';
  }
  if (isRecord(sentenceConfig) && typeof sentenceConfig.max_seq_length === 'number')
    folder.sentenceMaxLength = sentenceConfig.max_seq_length;
  if (isRecord(stConfig) && isRecord(stConfig.prompts)) {
    const { query, passage, document } = stConfig.prompts;
    const prompts: { query?: string; passage?: string } = {};
    if (typeof query === 'string' && query) prompts.query = query;
    const passagePrompt = typeof passage === 'string' && passage ? passage : document;
    if (typeof passagePrompt === 'string' && passagePrompt) prompts.passage = passagePrompt;
    if (prompts.query !== undefined || prompts.passage !== undefined) folder.prompts = prompts;
  }
  const tokenizerJsonPath = await findFile(resolved, 'tokenizer.json');
  if (tokenizerJsonPath) folder.tokenizerJsonPath = tokenizerJsonPath;
  const vocabPath = await findFile(resolved, 'vocab.txt');
  if (vocabPath) folder.vocabPath = vocabPath;
  return folder;
}
