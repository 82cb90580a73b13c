import type { LecternApi } from './contract';
import type { FileGrant } from './domain/fileGrant';
import type { Result } from './result';

/**
 * Calls that only the desktop shell can answer (native dialogs, window state). They are not part of the engine: in
 * the browser build (`lectern serve`) they are absent, and the renderer falls back to web equivalents.
 */
export interface AppCalls {
  /** Shows the native open dialog for documents; resolves the chosen files as granted ids (empty when cancelled). */
  openFileDialog: (input: Record<string, never>) => Promise<Result<{ files: FileGrant[] }>>;
  /** The native open dialog for one GGUF chat model; its grant goes to `loadModel` (empty when cancelled). */
  openModelDialog: (input: Record<string, never>) => Promise<Result<{ files: FileGrant[] }>>;
  /** The native open dialog for a transcript's recording; its grant goes to `attachMedia` (empty when cancelled). */
  openMediaDialog: (input: Record<string, never>) => Promise<Result<{ files: FileGrant[] }>>;
}

export const APP_CALL_NAMES = [
  'openFileDialog',
  'openModelDialog',
  'openMediaDialog',
] as const satisfies readonly (keyof AppCalls)[];

/** A file dropped on the page (a DOM `File`; named structurally because src-shared knows no DOM). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/** What a client is beyond the contract's calls: who serves it, and the shell's own calls where there is a shell. */
export interface ShellInfo {
  /** `electron` from the preload, `browser` from the HTTP client of `lectern serve`. */
  host: 'electron' | 'browser';
  /**
   * Grants files dropped on the page (the preload reads their paths with Electron's `webUtils.getPathForFile`, which
   * only answers for real dropped or picked `File`s); resolves their ids. Only in the desktop app.
   */
  grantDroppedFiles?(files: DroppedFile[]): Promise<Result<{ files: FileGrant[] }>>;
}

/** `window.lectern` in the app, the HTTP client in the browser build: the same type on both. */
export type ClientApi = LecternApi & Partial<AppCalls> & ShellInfo;
