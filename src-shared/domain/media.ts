/** The recording attached to (or found beside) a transcript. Its path stays in the engine; the renderer gets a URL. */
export interface MediaInfo {
  docId: string;
  fileName: string;
  contentType: string;
  bytes: number;
  /** `attached`: chosen by the user; `beside`: a file next to the transcript with the same name. */
  origin: 'attached' | 'beside';
  /** Seconds, once a player has read it from the file. */
  durationSec?: number;
  /** Audio or video: decides whether the reader shows a picture. */
  kind: 'audio' | 'video';
}

/** Extensions of recordings a transcript can play from (what Chromium's media stack decodes). */
export const MEDIA_EXTENSIONS = ['.mp3', '.m4a', '.wav', '.ogg', '.opus', '.mp4', '.webm', '.mkv'] as const;

/**
 * The desktop app's scheme for recordings: `lectern-media://media/<docId>`. Main streams the file behind it (with
 * ranges); the page names only the document, never a path. The browser build uses `/api/documents/<docId>/media`.
 */
export const MEDIA_SCHEME = 'lectern-media';

export function desktopMediaUrl(docId: string): string {
  return `${MEDIA_SCHEME}://media/${encodeURIComponent(docId)}`;
}
