import { desktopMediaUrl } from '../../src-shared/domain/media';
import { api } from './client';

/**
 * Where the player streams a transcript's recording from, addressed by document id (the file's path never reaches
 * the page): the engine's media route under `lectern serve`, whose session cookie authorises the media element's own
 * range requests; the `lectern-media:` protocol that main answers in the desktop app.
 */
export function mediaUrl(docId: string): string {
  if (api().host !== 'browser') return desktopMediaUrl(docId);
  return `${window.location.origin}/api/documents/${encodeURIComponent(docId)}/media`;
}
