import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import {
  wordPieceOptionsFromConfig,
  wordPieceTokenizerJson,
} from '../../../src-main/engine/onnx/wordPieceTokenizerJson';
import { FIXTURE_VOCAB, fixtureTokenizerJson } from '../../fixtures/onnx/writeOnnxFixtures';

// The real all-MiniLM-L6-v2 tokenizer files live next to the repository (../shared/models); a fresh clone has none.
const sharedDir = path.join(process.cwd(), '..', 'shared', 'models', 'all-MiniLM-L6-v2-tokenizer-only');
const hasShared = existsSync(path.join(sharedDir, 'tokenizer.json')) && existsSync(path.join(sharedDir, 'vocab.txt'));
if (!hasShared) console.warn(`WordPiece comparison with all-MiniLM-L6-v2 skipped: no tokenizer files at ${sharedDir}.`);

const SAMPLES = [
  'The cat sat on the mat.',
  'Chapter 3: Compression — ratios from 1 to 16, in 2024!',
  'Ünïcödé àccents and CASE are folded; naïve café résumé.',
  "Don't split (parenthesised) words, e.g. state-of-the-art.",
  '日本語のテキストと中文 mixed with English',
  'tokenization of unaffable antidisestablishmentarianism',
  '  leading and   multiple   spaces\tand\ttabs\nand newlines  ',
  'emoji 🙂 and symbols © ® ™ § ¶ and numbers 3.14159 1,000,000',
  '',
];

describe('wordPieceTokenizerJson', () => {
  it('encodes the fixture vocabulary as the hand-written tokenizer.json does', () => {
    const built = new Tokenizer(wordPieceTokenizerJson(FIXTURE_VOCAB.join('\n') + '\n'), {});
    const reference = new Tokenizer(fixtureTokenizerJson(), {});
    for (const text of [...SAMPLES, 'The models searched: compressed tokens!']) {
      expect(built.encode(text)).toEqual(reference.encode(text));
    }
  });

  it('reads casing and special-token names from tokenizer_config.json', () => {
    expect(
      wordPieceOptionsFromConfig({ do_lower_case: false, cls_token: '<cls>', unk_token: { content: '<unk>' } }),
    ).toEqual({ lowercase: false, clsToken: '<cls>', unkToken: '<unk>' });
    const cased = new Tokenizer(wordPieceTokenizerJson(FIXTURE_VOCAB.join('\n'), { lowercase: false }), {});
    expect(cased.encode('The cat', { add_special_tokens: false }).tokens).toEqual(['[UNK]', 'cat']);
  });

  it('needs [CLS], [SEP] and [UNK] in the vocabulary', () => {
    expect(() => wordPieceTokenizerJson('a\nb\n')).toThrow(expect.objectContaining({ code: 'TOKENIZER_MISSING' }));
  });

  describe.skipIf(!hasShared)('against the real all-MiniLM-L6-v2 tokenizer.json (../shared)', () => {
    it('builds the same pipeline and the same encodings from vocab.txt', async () => {
      const real = JSON.parse(await readFile(path.join(sharedDir, 'tokenizer.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      const built = wordPieceTokenizerJson(await readFile(path.join(sharedDir, 'vocab.txt'), 'utf8'));
      // Truncation and padding are sentence-transformers' run settings (max 128, pad to 128), not the tokenizer.
      for (const key of ['normalizer', 'pre_tokenizer', 'post_processor', 'decoder', 'added_tokens', 'model'])
        expect(built[key], key).toEqual(real[key]);
      const a = new Tokenizer(built, {});
      const b = new Tokenizer(real, {});
      for (const text of SAMPLES) expect(a.encode(text), text).toEqual(b.encode(text));
      expect(a.encode('The cat sat.').tokens).toEqual(['[CLS]', 'the', 'cat', 'sat', '.', '[SEP]']);
    });
  });
});
