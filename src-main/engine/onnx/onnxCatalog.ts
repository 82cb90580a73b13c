import { LecternError } from '../../../src-shared/errors';
import type { OnnxModelKind } from './discoverOnnxModels';
import type { LecternOnnxSettings } from './readOnnxFolder';

export interface OnnxCatalogFile {
  /** Path in the Hugging Face repository. */
  path: string;
  /** Path inside the model folder (the layout `readOnnxFolder` reads). */
  fileName: string;
  /** Approximate size, not verified against the repository. */
  approxBytes: number;
  /** Helpful but not needed (pooling and length settings are also in lectern.json): a 404 is skipped. */
  optional?: boolean;
}

/**
 * A recommended ONNX model: where each file is on Hugging Face and the lectern.json to write next to them. Sizes are
 * approximate and unverified and no sha256 is known: the files were not downloaded when this list was written, so a
 * pull checks that each file arrives whole (Content-Length, resumable), not that it is the expected file.
 */
export interface OnnxCatalogEntry {
  id: string;
  name: string;
  kind: OnnxModelKind;
  repo: string;
  /** Branch or commit; a commit pins the files. */
  revision: string;
  files: OnnxCatalogFile[];
  sizeVerified: false;
  /** Output width for embedding models. */
  dims?: number;
  license: string;
  description: string;
  settings: LecternOnnxSettings;
}

const MB = 1_000_000;
const KB = 1_000;

/** The sentence-transformers files every embedding repository here has at its top (configs are small). */
const sentenceTransformersFiles = (tokenizerPath = 'tokenizer.json', tokenizerBytes = 700 * KB): OnnxCatalogFile[] => [
  { path: tokenizerPath, fileName: 'tokenizer.json', approxBytes: tokenizerBytes },
  { path: 'config.json', fileName: 'config.json', approxBytes: 1 * KB },
  { path: 'tokenizer_config.json', fileName: 'tokenizer_config.json', approxBytes: 1 * KB, optional: true },
  { path: '1_Pooling/config.json', fileName: '1_Pooling/config.json', approxBytes: 1 * KB, optional: true },
  { path: 'sentence_bert_config.json', fileName: 'sentence_bert_config.json', approxBytes: 1 * KB, optional: true },
];

export const ONNX_CATALOG: readonly OnnxCatalogEntry[] = [
  {
    id: 'all-minilm-l6-v2',
    name: 'all-MiniLM-L6-v2 (English embeddings, 384 dims)',
    kind: 'embedding',
    repo: 'sentence-transformers/all-MiniLM-L6-v2',
    revision: 'main',
    files: [{ path: 'onnx/model.onnx', fileName: 'model.onnx', approxBytes: 90 * MB }, ...sentenceTransformersFiles()],
    sizeVerified: false,
    dims: 384,
    license: 'Apache-2.0',
    description: 'Small and fast English sentence embeddings; a good default for hybrid retrieval and chaptering.',
    settings: { kind: 'embedding', pooling: 'mean', normalize: true, maxLength: 256 },
  },
  {
    id: 'bge-small-en-v1.5',
    name: 'BGE small English v1.5 (384 dims)',
    kind: 'embedding',
    repo: 'BAAI/bge-small-en-v1.5',
    revision: 'main',
    files: [{ path: 'onnx/model.onnx', fileName: 'model.onnx', approxBytes: 133 * MB }, ...sentenceTransformersFiles()],
    sizeVerified: false,
    dims: 384,
    license: 'MIT',
    description: 'Stronger English retrieval embeddings than MiniLM at the same width; CLS pooling, query instruction.',
    settings: {
      kind: 'embedding',
      pooling: 'cls',
      normalize: true,
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
      maxLength: 512,
    },
  },
  {
    id: 'multilingual-e5-small',
    name: 'multilingual-e5-small (~100 languages, 384 dims)',
    kind: 'embedding',
    repo: 'intfloat/multilingual-e5-small',
    revision: 'main',
    files: [
      { path: 'onnx/model.onnx', fileName: 'model.onnx', approxBytes: 470 * MB },
      ...sentenceTransformersFiles('onnx/tokenizer.json', 17 * MB),
    ],
    sizeVerified: false,
    dims: 384,
    license: 'MIT',
    description: 'Embeddings for documents that are not in English; "query: " and "passage: " prefixes.',
    settings: {
      kind: 'embedding',
      pooling: 'mean',
      normalize: true,
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
      maxLength: 512,
    },
  },
  {
    id: 'llmlingua-2-bert-base-multilingual-cased-meetingbank',
    name: 'LLMLingua-2 mBERT (token compressor)',
    kind: 'compressor',
    // microsoft/llmlingua-2-bert-base-multilingual-cased-meetingbank publishes PyTorch weights only; this is a
    // community ONNX export of it ("ONNX version of microsoft/..."), pinned to the commit that was looked at.
    repo: 'ldenoue/llmlingua-2-bert-base-multilingual-cased-meetingbank',
    revision: 'd7070a9b381ca5297dd7bd5cf7704dde81470518',
    files: [
      { path: 'onnx/model.onnx', fileName: 'model.onnx', approxBytes: 710 * MB },
      { path: 'tokenizer.json', fileName: 'tokenizer.json', approxBytes: 2_920 * KB },
      { path: 'config.json', fileName: 'config.json', approxBytes: 1 * KB },
      { path: 'tokenizer_config.json', fileName: 'tokenizer_config.json', approxBytes: 1 * KB, optional: true },
    ],
    sizeVerified: false,
    license: 'MIT',
    description: 'Scores each word keep/drop (LLMLingua-2) for text-level compression; multilingual, cased.',
    settings: { kind: 'compressor', maxLength: 512 },
  },
];

export function onnxCatalogEntry(id: string, catalog: readonly OnnxCatalogEntry[] = ONNX_CATALOG): OnnxCatalogEntry {
  const entry = catalog.find((e) => e.id === id);
  if (!entry)
    throw new LecternError(
      'NOT_FOUND',
      `No ONNX catalog model "${id}". Known: ${catalog.map((e) => e.id).join(', ')}.`,
    );
  return entry;
}

/** The download URL of one file: `<base>/<repo>/resolve/<revision>/<path>` (Hugging Face's file endpoint). */
export function onnxFileUrl(entry: OnnxCatalogEntry, file: OnnxCatalogFile, base = 'https://huggingface.co'): string {
  const filePath = file.path.split('/').map(encodeURIComponent).join('/');
  return `${base}/${entry.repo}/resolve/${encodeURIComponent(entry.revision)}/${filePath}`;
}

export const approxCatalogBytes = (entry: OnnxCatalogEntry): number =>
  entry.files.reduce((sum, file) => sum + file.approxBytes, 0);
