/**
 * A file the person chose in a dialog, dropped, or uploaded, as the renderer sees it: an opaque id the engine maps to
 * a path, and the name to show. Paths never reach the renderer, and renderer calls never take one.
 */
export interface FileGrant {
  /** `file:<uuid>`. */
  id: string;
  /** The file's base name, for display. */
  name: string;
}

export const FILE_ID_PATTERN = /^file:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
