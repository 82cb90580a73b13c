import { readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GgufHeader } from '../../fixtures/gguf/GgufHeader';
import { TINY_SHAPE } from '../../fixtures/gguf/fixtureModels';
import { writeLlamaGguf } from '../../fixtures/gguf/writeLlamaGguf';

/** A good tiny model and the kinds of broken files users end up with, written into `dir`. */
export async function writeTestGgufs(dir: string) {
  const good = path.join(dir, 'good.gguf');
  const written = await writeLlamaGguf(good, TINY_SHAPE);

  const truncated = path.join(dir, 'truncated.gguf');
  await writeFile(truncated, await readFile(good));
  await truncate(truncated, Math.floor(written.fileSize * 0.6)); // the header is intact, the weights are not

  const headerCut = path.join(dir, 'header-cut.gguf');
  await writeFile(headerCut, (await readFile(good)).subarray(0, 200)); // cut inside the metadata

  const garbage = path.join(dir, 'garbage.gguf');
  await writeFile(garbage, Buffer.from('this is not a model, just text with a .gguf name\n'.repeat(100)));

  const empty = path.join(dir, 'empty.gguf');
  await writeFile(empty, Buffer.alloc(0));

  const vocabOnly = path.join(dir, 'vocab-only.gguf');
  await writeFile(
    vocabOnly,
    new GgufHeader()
      .string('general.architecture', 'llama')
      .string('tokenizer.ggml.model', 'llama')
      .stringArray('tokenizer.ggml.tokens', ['<unk>', '<s>', '</s>', 'a'])
      .encode([], 32),
  );

  // Same bytes as the good model with general.architecture renamed to one llama.cpp does not know.
  const foreign = path.join(dir, 'foreign-arch.gguf');
  const bytes = Buffer.from(await readFile(good));
  const key = bytes.indexOf('general.architecture');
  const value = key + 'general.architecture'.length + 4 + 8; // skip the type (u32) and the string length (u64)
  if (key < 0 || bytes.toString('ascii', value, value + 5) !== 'llama') throw new Error('fixture layout changed');
  bytes.write('zzzzz', value, 'ascii');
  await writeFile(foreign, bytes);

  // The good model stamped with a GGUF version llama.cpp does not read (bytes 4-7 after the magic).
  const futureVersion = path.join(dir, 'version-99.gguf');
  const stamped = Buffer.from(await readFile(good));
  stamped.writeUInt32LE(99, 4);
  await writeFile(futureVersion, stamped);

  return { good, written, truncated, headerCut, garbage, empty, vocabOnly, foreign, futureVersion };
}
