import type { Result } from './result';

/**
 * Calls that only the desktop shell can answer (native dialogs, window state). They are not part of the engine: in
 * the browser build (`lectern serve`) they are absent, and the renderer falls back to web equivalents.
 */
export interface AppCalls {
  /** Shows the native open dialog for documents; resolves the chosen paths (empty when cancelled). */
  openFileDialog: (input: Record<string, never>) => Promise<Result<{ paths: string[] }>>;
}

export const APP_CALL_NAMES = ['openFileDialog'] as const satisfies readonly (keyof AppCalls)[];
