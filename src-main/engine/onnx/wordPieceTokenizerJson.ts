import { LecternError } from '../../../src-shared/errors';

export interface WordPieceOptions {
  /** BERT uncased models lower-case (and strip accents); cased ones (mBERT cased, LLMLingua-2) do not. Default true. */
  lowercase?: boolean;
  unkToken?: string;
  clsToken?: string;
  sepToken?: string;
  padToken?: string;
  maskToken?: string;
}

/** Reads the special-token names and casing that a BERT tokenizer_config.json gives, when it gives them. */
export function wordPieceOptionsFromConfig(tokenizerConfig: Record<string, unknown>): WordPieceOptions {
  const options: WordPieceOptions = {};
  if (typeof tokenizerConfig.do_lower_case === 'boolean') options.lowercase = tokenizerConfig.do_lower_case;
  const name = (key: string) => {
    const value = tokenizerConfig[key];
    if (typeof value === 'string') return value;
    // Older configs store special tokens as AddedToken objects.
    if (typeof value === 'object' && value !== null && 'content' in value && typeof value.content === 'string')
      return value.content;
    return undefined;
  };
  const assign = (key: keyof Omit<WordPieceOptions, 'lowercase'>, configKey: string) => {
    const value = name(configKey);
    if (value !== undefined) options[key] = value;
  };
  assign('unkToken', 'unk_token');
  assign('clsToken', 'cls_token');
  assign('sepToken', 'sep_token');
  assign('padToken', 'pad_token');
  assign('maskToken', 'mask_token');
  return options;
}

/**
 * The tokenizer.json that Hugging Face's `BertTokenizerFast` would write for a WordPiece `vocab.txt`: BERT
 * normalizer, BERT pre-tokenizer, WordPiece with `##` continuations, `[CLS] $A [SEP]` template. Older BERT-family
 * exports ship only vocab.txt; building the JSON lets one tokenizer implementation serve both layouts.
 */
export function wordPieceTokenizerJson(vocabText: string, options: WordPieceOptions = {}): Record<string, unknown> {
  // One token per line, line number = id; a trailing newline is not a token.
  const lines = vocabText.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const vocab: Record<string, number> = {};
  lines.forEach((token, id) => {
    // The first occurrence wins, as in the reference implementation's dictionary load.
    if (!(token in vocab)) vocab[token] = id;
  });
  const unk = options.unkToken ?? '[UNK]';
  const cls = options.clsToken ?? '[CLS]';
  const sep = options.sepToken ?? '[SEP]';
  const pad = options.padToken ?? '[PAD]';
  const mask = options.maskToken ?? '[MASK]';
  const idOf = (token: string) => {
    const id = vocab[token];
    if (id === undefined) throw new LecternError('TOKENIZER_MISSING', `vocab.txt has no ${token} token.`);
    return id;
  };
  const clsId = idOf(cls);
  const sepId = idOf(sep);
  idOf(unk);
  const addedTokens = [pad, unk, cls, sep, mask]
    .filter((token) => vocab[token] !== undefined)
    .map((content) => ({
      id: vocab[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    }))
    .sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: string, typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: options.lowercase ?? true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special(cls, 0), sequence('A', 0), special(sep, 0)],
      pair: [special(cls, 0), sequence('A', 0), special(sep, 0), sequence('B', 1), special(sep, 1)],
      special_tokens: {
        [cls]: { id: cls, ids: [clsId], tokens: [cls] },
        [sep]: { id: sep, ids: [sepId], tokens: [sep] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: unk,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}
