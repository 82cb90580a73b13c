import { readFile } from 'node:fs/promises';
import { Tokenizer } from '@huggingface/tokenizers';
import { LecternError } from '../../../src-shared/errors';
import type { OnnxFolder } from './readOnnxFolder';
import { wordPieceOptionsFromConfig, wordPieceTokenizerJson } from './wordPieceTokenizerJson';

/** A model's tokenizer reduced to what inference needs: plain ids, and the special tokens around a sequence. */
export interface OnnxTokenizer {
  /** Token ids of `text`, without special tokens. */
  encode(text: string): number[];
  /** `ids` between the model's special tokens ([CLS] … [SEP], <s> … </s>), cut to `maxLength` in all. */
  wrap(ids: readonly number[], maxLength: number): number[];
  /** How many special tokens `wrap` adds, and how many of them go before the text. */
  readonly specialCount: number;
  readonly prefixLength: number;
  readonly padId: number;
}

/** Builds the tokenizer from tokenizer.json, or from vocab.txt (BERT WordPiece) when that is all the folder has. */
export async function loadOnnxTokenizer(folder: OnnxFolder): Promise<OnnxTokenizer> {
  let json: Record<string, unknown>;
  const source = folder.tokenizerJsonPath ?? folder.vocabPath;
  if (folder.tokenizerJsonPath) {
    try {
      json = JSON.parse(await readFile(folder.tokenizerJsonPath, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new LecternError(
        'TOKENIZER_MISSING',
        `${folder.tokenizerJsonPath} could not be read: ${(error as Error).message}`,
      );
    }
  } else if (folder.vocabPath) {
    json = wordPieceTokenizerJson(
      await readFile(folder.vocabPath, 'utf8'),
      wordPieceOptionsFromConfig(folder.tokenizerConfig),
    );
  } else {
    throw new LecternError(
      'TOKENIZER_MISSING',
      `${folder.dir} has no tokenizer.json or vocab.txt; copy the tokenizer files that came with the model into it.`,
    );
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, folder.tokenizerConfig);
  } catch (error) {
    throw new LecternError(
      'TOKENIZER_MISSING',
      `${source} is not a tokenizer Lectern can use: ${(error as Error).message}`,
    );
  }
  return wrapTokenizer(tokenizer, json, folder.tokenizerConfig);
}

function wrapTokenizer(
  tokenizer: Tokenizer,
  json: Record<string, unknown>,
  tokenizerConfig: Record<string, unknown>,
): OnnxTokenizer {
  // Where the post-processor puts the special tokens, read off one encoding rather than assumed per family.
  const plain = tokenizer.encode('a', { add_special_tokens: false }).ids;
  const full = tokenizer.encode('a').ids;
  let at = -1;
  for (let i = 0; i + plain.length <= full.length && at < 0; i++)
    if (plain.every((id, j) => full[i + j] === id)) at = i;
  const prefix = at < 0 ? [] : full.slice(0, at);
  const suffix = at < 0 ? [] : full.slice(at + plain.length);
  const specialCount = prefix.length + suffix.length;
  return {
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids,
    wrap: (ids, maxLength) => [...prefix, ...ids.slice(0, Math.max(0, maxLength - specialCount)), ...suffix],
    specialCount,
    prefixLength: prefix.length,
    padId: padId(tokenizer, json, tokenizerConfig),
  };
}

function padId(tokenizer: Tokenizer, json: Record<string, unknown>, tokenizerConfig: Record<string, unknown>): number {
  const padding = json.padding as { pad_id?: unknown } | null | undefined;
  if (typeof padding?.pad_id === 'number') return padding.pad_id;
  const configured = typeof tokenizerConfig.pad_token === 'string' ? [tokenizerConfig.pad_token] : [];
  for (const token of [...configured, '[PAD]', '<pad>']) {
    const id = tokenizer.token_to_id(token);
    if (id !== undefined) return id;
  }
  // Padded positions are masked out, so any valid id does.
  return 0;
}
