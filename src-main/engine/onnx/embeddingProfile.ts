import type { OnnxFolder } from './readOnnxFolder';

/** How a folder's model turns token states into one vector, and what it expects around the text. */
export interface EmbeddingProfile {
  pooling: 'mean' | 'cls';
  normalize: boolean;
  queryPrefix: string;
  passagePrefix: string;
  /** Tokens per input, special tokens included; longer inputs are cut. */
  maxLength: number;
}

/** Sentinels Hugging Face writes for "no limit" (int(1e30) and friends). */
const NO_LIMIT = 1e9;
const DEFAULT_MAX_LENGTH = 512;
const BGE_EN_QUERY = 'Represent this sentence for searching relevant passages: ';

/**
 * Decides the profile from the folder, most explicit source first: `lectern.json`, then the sentence-transformers
 * files (`1_Pooling/config.json`, `sentence_bert_config.json`, `config_sentence_transformers.json` prompts), then the
 * model's name for families whose conventions live only in their model cards (e5: "query: "/"passage: " prefixes,
 * mean pooling; bge English: CLS pooling and a query instruction), then BERT defaults (mean pooling, no prefixes).
 */
export function embeddingProfile(folder: OnnxFolder): EmbeddingProfile {
  const { settings, config } = folder;
  const name = `${folder.name} ${config._name_or_path ?? ''} ${settings.catalogId ?? ''}`.toLowerCase();
  const isE5 = /(^|[^a-z0-9])e5([^a-z0-9]|$)/.test(name);
  const isBge = /(^|[^a-z0-9])bge-/.test(name);
  const isBgeEnglish = isBge && /bge-[a-z]+-en/.test(name);
  const familyPrefixes = isE5
    ? { query: 'query: ', passage: 'passage: ' }
    : isBgeEnglish
      ? { query: BGE_EN_QUERY, passage: '' }
      : { query: '', passage: '' };
  return {
    pooling: settings.pooling ?? folder.pooling ?? (isBge ? 'cls' : 'mean'),
    normalize: settings.normalize ?? true,
    queryPrefix: settings.queryPrefix ?? folder.prompts?.query ?? familyPrefixes.query,
    passagePrefix: settings.passagePrefix ?? folder.prompts?.passage ?? familyPrefixes.passage,
    maxLength: maxLength(folder),
  };
}

function maxLength(folder: OnnxFolder): number {
  const { config } = folder;
  const modelMax = folder.tokenizerConfig.model_max_length;
  const requested =
    folder.settings.maxLength ??
    folder.sentenceMaxLength ??
    (typeof modelMax === 'number' && modelMax < NO_LIMIT ? modelMax : undefined);
  // RoBERTa-family position tables start at padding_idx + 1, so two of their positions are unusable.
  const offset = /roberta/.test(config.model_type ?? '') ? 2 : 0;
  const positions = config.max_position_embeddings !== undefined ? config.max_position_embeddings - offset : undefined;
  const length = Math.min(requested ?? positions ?? DEFAULT_MAX_LENGTH, positions ?? Infinity);
  return Math.max(2, Math.floor(length));
}
