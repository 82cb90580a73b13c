import type { FileGrant } from '../../src-shared/domain/fileGrant';
import type { Result } from '../../src-shared/result';
import { api, serveToken } from './client';
import { uploadFile } from './httpClient';

/** Which native dialog (desktop) a pick is for; the browser build uses a file input instead. */
export type PickPurpose = 'model' | 'media';

/** Whether this client has a way to pick a file for that purpose (a native dialog, or the browser's file input). */
export function canPickFile(purpose: PickPurpose): boolean {
  const client = api();
  if (client.host === 'browser') return serveToken() !== undefined;
  return purpose === 'model' ? client.openModelDialog !== undefined : client.openMediaDialog !== undefined;
}

/**
 * The desktop app's native dialog for a model or a recording: resolves the chosen file's grant, or undefined when
 * cancelled. Only for the desktop shell (the browser build passes a picked `File` to `uploadPicked`).
 */
export async function pickWithDialog(purpose: PickPurpose): Promise<Result<FileGrant | undefined>> {
  const client = api();
  const open = purpose === 'model' ? client.openModelDialog : client.openMediaDialog;
  if (!open) return { ok: false, error: { code: 'INTERNAL', message: 'This window has no open dialog.' } };
  const result = await open({});
  return result.ok ? { ok: true, value: result.value.files[0] } : result;
}

/**
 * A file picked in the browser build, uploaded to the engine (a model moves into the models folder, a recording
 * stays in the upload cache): resolves its grant.
 */
export async function uploadPicked(file: File, purpose: PickPurpose): Promise<Result<FileGrant>> {
  const token = serveToken();
  if (!token) return { ok: false, error: { code: 'INTERNAL', message: 'No engine token in this page.' } };
  try {
    return await uploadFile(file, token, purpose === 'model' ? 'models' : undefined);
  } catch (error) {
    return { ok: false, error: { code: 'ENGINE_CRASHED', message: `Lost contact with the engine: ${String(error)}` } };
  }
}
