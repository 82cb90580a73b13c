import { api } from './client';

/**
 * Where the player streams a transcript's recording from: the engine's media route, addressed by document id (the
 * file's path never reaches the page). Under `lectern serve` the session cookie authorises the media element's own
 * range requests. The desktop shell has no media protocol yet: undefined there.
 */
export function mediaUrl(docId: string): string | undefined {
  if (api().host !== 'browser') return undefined;
  return `${window.location.origin}/api/documents/${encodeURIComponent(docId)}/media`;
}
