import type { Chapter } from '../../../src-shared/contract';

export interface RetitleAvailability {
  enabled: boolean;
  /** Why it is off, or what it will do: shown as the menu item's tooltip. */
  hint: string;
}

/**
 * Whether "Re-title with the model" can do anything. The engine keeps a document's own outline or headings as they
 * are (the model only titles segmented chapters), so offering it there would start a job that changes nothing.
 */
export function retitleAvailability(
  chatModelLoaded: boolean,
  chapters: readonly Pick<Chapter, 'source'>[],
  chaptersRunning: boolean,
): RetitleAvailability {
  if (!chatModelLoaded) return { enabled: false, hint: 'Load a chat model first (Models, in the top bar).' };
  if (chapters.some((c) => c.source === 'outline' || c.source === 'headings')) {
    return {
      enabled: false,
      hint: 'These chapters come from the document’s own outline or headings; they keep its titles.',
    };
  }
  if (chaptersRunning) return { enabled: false, hint: 'Chapters are being found now; see Activity.' };
  return {
    enabled: true,
    hint: 'The loaded chat model reads the document again and writes the chapter titles. Chapters you renamed are kept.',
  };
}
