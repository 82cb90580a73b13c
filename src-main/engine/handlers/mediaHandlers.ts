import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MEDIA_EXTENSIONS } from '../../../src-shared/domain/media';
import { LecternError } from '../../../src-shared/errors';
import { isMediaPath, resolveMedia } from '../media/mediaSource';
import type { FileGrants } from '../files/FileGrants';
import type { DocumentMedia } from '../store/DocumentMedia';
import type { Library } from '../store/Library';
import type { Handlers } from './types';

export interface MediaDeps {
  library: () => Library;
  media: () => DocumentMedia;
  grants: FileGrants;
}

/** A transcript's recording: attach one, find one beside it, forget it, note its duration. */
export function mediaHandlers({
  library,
  media,
  grants,
}: MediaDeps): Pick<Handlers, 'getMedia' | 'attachMedia' | 'detachMedia' | 'recordMediaDuration'> {
  return {
    getMedia: async ({ docId }) => (await resolveMedia(library(), media(), docId))?.info ?? null,
    attachMedia: async ({ docId, file: fileId }) => {
      const source = library().documents.source(docId);
      if (!source) throw new LecternError('NOT_FOUND', `No document ${docId} in the library.`);
      if (source.kind !== 'transcript') {
        throw new LecternError('INVALID_ARGUMENT', 'Only a transcript can have a recording attached.');
      }
      const file = grants.resolve(fileId);
      if (!isMediaPath(file)) {
        throw new LecternError(
          'UNSUPPORTED_FORMAT',
          `${path.basename(file)} is not a recording Lectern can play. Choose a ${MEDIA_EXTENSIONS.join(' ')} file.`,
        );
      }
      const found = await stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!found) throw new LecternError('FILE_NOT_FOUND', `There is no file at ${file}.`, { path: file });
      media().attach(docId, file);
      const resolved = await resolveMedia(library(), media(), docId);
      if (!resolved) throw new LecternError('INTERNAL', 'The recording was attached but cannot be read back.');
      return resolved.info;
    },
    detachMedia: ({ docId }) => ({ detached: media().detach(docId) }),
    recordMediaDuration: async ({ docId, durationSec }) => {
      const resolved = await resolveMedia(library(), media(), docId);
      if (!resolved) throw new LecternError('NOT_FOUND', 'This transcript has no recording.');
      // A recording found beside the transcript is attached by playing it, so its duration has a row to live in.
      if (resolved.info.origin === 'beside') media().attach(docId, resolved.path);
      media().setDuration(docId, durationSec);
      return { ...resolved.info, origin: 'attached' as const, durationSec };
    },
  };
}
