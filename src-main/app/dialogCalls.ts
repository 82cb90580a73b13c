import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { AppCalls } from '../../src-shared/appCalls';
import type { FileGrant } from '../../src-shared/domain/fileGrant';
import { MEDIA_EXTENSIONS } from '../../src-shared/domain/media';
import type { Result } from '../../src-shared/result';

const DOCUMENT_FILTERS = [
  {
    name: 'Documents and transcripts',
    extensions: ['pdf', 'srt', 'vtt', 'json', 'xml', 'txt', 'md', 'markdown', 'docx'],
  },
  { name: 'All files', extensions: ['*'] },
];

/** What each dialog asks for: documents (several), one GGUF chat model, one recording. */
export const DIALOG_OPTIONS: Record<keyof AppCalls, OpenDialogOptions> = {
  openFileDialog: { properties: ['openFile', 'multiSelections'], filters: DOCUMENT_FILTERS },
  openModelDialog: {
    title: 'Choose a GGUF chat model',
    properties: ['openFile'],
    filters: [{ name: 'GGUF models', extensions: ['gguf'] }],
  },
  openMediaDialog: {
    title: 'Choose the recording of this transcript',
    properties: ['openFile'],
    filters: [{ name: 'Recordings', extensions: MEDIA_EXTENSIONS.map((ext) => ext.slice(1)) }],
  },
};

/**
 * The shell's dialog calls, written against a `show` (Electron's `dialog.showOpenDialog`) and a `grant` (the engine's
 * grants) so they run without Electron in unit tests. The chosen paths stay in main and the engine: the renderer gets
 * only their grant ids, whatever the dialog was for.
 */
export function dialogCalls(
  show: (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>,
  grant: (paths: string[]) => Promise<Result<FileGrant[]>>,
): AppCalls {
  const open = async (options: OpenDialogOptions): Promise<Result<{ files: FileGrant[] }>> => {
    const result = await show(options);
    if (result.canceled || result.filePaths.length === 0) return { ok: true, value: { files: [] } };
    const granted = await grant(result.filePaths);
    return granted.ok ? { ok: true, value: { files: granted.value } } : granted;
  };
  return {
    openFileDialog: () => open(DIALOG_OPTIONS.openFileDialog),
    openModelDialog: () => open(DIALOG_OPTIONS.openModelDialog),
    openMediaDialog: () => open(DIALOG_OPTIONS.openMediaDialog),
  };
}
