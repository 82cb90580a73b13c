import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DocumentFile } from '../../../src-shared/domain/document';
import { LecternError } from '../../../src-shared/errors';
import type { Library } from './Library';

const CONTENT_TYPES: Record<string, string> = { pdf: 'application/pdf' };

/**
 * The bytes of a document's original file: the copy kept in the library, or else the file it was imported from if
 * its content is unchanged (its sha256 is the document id). Documents imported before copies were kept get their
 * copy on the first successful read, so the next read no longer depends on the original.
 */
export async function readDocumentFile(library: Library, id: string): Promise<DocumentFile> {
  const source = library.documents.source(id);
  if (!source) throw new LecternError('NOT_FOUND', `No document ${id} in the library.`);
  const contentType = CONTENT_TYPES[source.kind] ?? 'application/octet-stream';
  const stored = await library.files.read(id);
  if (stored) return { bytes: stored, fileName: source.fileName, contentType };

  const original = await readFile(source.path).then(
    (buffer) => new Uint8Array(buffer),
    () => undefined,
  );
  const unchanged = original !== undefined && createHash('sha256').update(original).digest('hex') === id;
  if (!unchanged) {
    const why = original === undefined ? 'is no longer at' : 'has changed since it was imported, at';
    throw new LecternError(
      'FILE_NOT_FOUND',
      `The original file of “${source.title}” ${why} ${source.path}. Import the file again to see its pages; the Text view works without it.`,
      { path: source.path },
    );
  }
  // Keeping the copy is a convenience: a library that cannot be written to still shows the page.
  if (source.kind === 'pdf') await library.files.save(id, original).catch(() => undefined);
  return { bytes: original, fileName: source.fileName, contentType };
}
