import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MEDIA_EXTENSIONS, type MediaInfo } from '../../../src-shared/domain/media';
import { LecternError } from '../../../src-shared/errors';
import type { DocumentMedia } from '../store/DocumentMedia';
import type { Library } from '../store/Library';

const CONTENT_TYPES: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
};

export function isMediaPath(file: string): boolean {
  return (MEDIA_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

async function fileSize(file: string): Promise<number | undefined> {
  return stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
}

/** A recording next to the transcript with the same base name (`episode.vtt` → `episode.mp3`), in extension order. */
export async function findMediaBeside(transcriptPath: string): Promise<string | undefined> {
  const base = transcriptPath.slice(0, transcriptPath.length - path.extname(transcriptPath).length);
  for (const ext of MEDIA_EXTENSIONS) {
    for (const candidate of [base + ext, base + ext.toUpperCase()]) {
      if ((await fileSize(candidate)) !== undefined) return candidate;
    }
  }
  return undefined;
}

export interface ResolvedMedia {
  info: MediaInfo;
  /** Only for the engine and the server that streams it; never sent to a renderer. */
  path: string;
}

/**
 * The recording of a transcript: the attached file, else one found beside the transcript; undefined when neither.
 * An attached file that was moved or deleted is `FILE_NOT_FOUND` (the library holds no copy to fall back on).
 */
export async function resolveMedia(
  library: Library,
  media: DocumentMedia,
  docId: string,
): Promise<ResolvedMedia | undefined> {
  const source = library.documents.source(docId);
  if (!source) throw new LecternError('NOT_FOUND', `No document ${docId} in the library.`);
  const attached = media.get(docId);
  const file = attached?.path ?? (source.kind === 'transcript' ? await findMediaBeside(source.path) : undefined);
  if (!file) return undefined;
  const bytes = await fileSize(file);
  if (bytes === undefined) {
    throw new LecternError(
      'FILE_NOT_FOUND',
      `The recording of “${source.title}” is no longer at ${file}. Attach it again from where it is now.`,
      { path: file },
    );
  }
  const ext = path.extname(file).toLowerCase();
  const contentType = CONTENT_TYPES[ext] ?? 'application/octet-stream';
  return {
    path: file,
    info: {
      docId,
      fileName: path.basename(file),
      contentType,
      bytes,
      origin: attached ? 'attached' : 'beside',
      kind: contentType.startsWith('video/') ? 'video' : 'audio',
      ...(attached?.durationSec !== undefined ? { durationSec: attached.durationSec } : {}),
    },
  };
}
