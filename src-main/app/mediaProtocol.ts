import { protocol } from 'electron';
import { MEDIA_SCHEME } from '../../src-shared/domain/media';
import type { EngineHost } from './engineHost';
import { mediaDocId, mediaResponse } from './mediaResponse';

/**
 * Declares `lectern-media:` before the app is ready (Electron's rule for privileged schemes): `stream` lets a media
 * element read it in ranges, `secure` keeps it out of mixed-content warnings. It serves no script and no page.
 */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ]);
}

/**
 * Streams a transcript's recording to the window: the page names a document, main asks the engine where its
 * recording is and answers with its bytes (ranges included). The file is never copied and its path never leaves main.
 */
export function handleMediaProtocol(host: EngineHost): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const docId = mediaDocId(request.url);
    if (docId === undefined) {
      return mediaResponse(request, {
        ok: false,
        error: { code: 'NOT_FOUND', message: `No recording at ${request.url}.` },
      });
    }
    return mediaResponse(request, await host.media(docId));
  });
}
