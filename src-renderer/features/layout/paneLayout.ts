import { useMediaQuery } from './useMediaQuery';

/**
 * Window widths (CSS px) from which a pane sits beside the reader; below them it becomes a drawer. Chosen so that the
 * reader keeps at least about 480 px with the default pane widths: at 1024 px the chapters (200) and the chat (320)
 * leave 500 px; at 800 px the chat alone leaves 480 px.
 */
export const LIBRARY_PANE_FROM = 1200;
export const CHAPTERS_PANE_FROM = 1000;

/** Pane sizes in px: defaults, and the bounds a splitter can drag them to. */
export const PANE_SIZES = {
  library: { default: 240, min: 180, max: 420 },
  chapters: { default: 210, min: 160, max: 420 },
  chat: { default: 320, min: 280, max: 640 },
  reader: { min: 320 },
} as const;

/** Which panes have room beside the reader at the current window width. */
export function usePaneRoom(): { library: boolean; chapters: boolean } {
  const library = useMediaQuery(`(min-width: ${LIBRARY_PANE_FROM}px)`);
  const chapters = useMediaQuery(`(min-width: ${CHAPTERS_PANE_FROM}px)`);
  return { library, chapters };
}
