import type { ErrorPayload } from '../../../src-shared/contract';
import { api, serveToken } from '../../api/client';
import { uploadFile } from '../../api/httpClient';
import { useStore } from '../../store';

export const FILE_INPUT_ID = 'import-file-input';

/** Starts one import job for files the host granted (ids). Progress and results arrive as job events. */
export async function importFiles(files: string[], password?: string): Promise<ErrorPayload | undefined> {
  if (files.length === 0) return undefined;
  const result = await api().importFiles(password === undefined ? { files } : { files, password });
  if (!result.ok) {
    useStore.getState().notify(`Import did not start: ${result.error.message}`);
    return result.error;
  }
  return undefined;
}

/**
 * Imports files picked or dropped in the page. The browser build uploads each file first (it cannot name a path on
 * the engine's disk); the app has the preload grant the dropped files. Either way the page gets ids, never paths.
 */
export async function importFileObjects(files: File[]): Promise<void> {
  if (files.length === 0) return;
  const client = api();
  const { notify, clearNotice } = useStore.getState();
  if (client.host === 'electron') {
    if (!client.grantDroppedFiles) {
      notify('Dropping files is not available in this build yet: use Open… instead.');
      return;
    }
    const granted = await client.grantDroppedFiles(files);
    if (granted.ok) await importFiles(granted.value.files.map((f) => f.id));
    else notify(granted.error.message);
    return;
  }
  const token = serveToken();
  if (!token) return;
  const uploading = files.length === 1 ? `Uploading ${files[0]?.name ?? 'file'}…` : `Uploading ${files.length} files…`;
  notify(uploading);
  const uploads = await Promise.all(
    files.map(async (file) => ({ file, result: await uploadFile(file, token).catch(() => undefined) })),
  );
  // From here the jobs tray shows the import.
  clearNotice(uploading);
  const ids: string[] = [];
  for (const { file, result } of uploads) {
    if (result?.ok) ids.push(result.value.id);
    else notify(`${file.name} could not be uploaded: ${result ? result.error.message : 'the engine did not answer'}.`);
  }
  await importFiles(ids);
}

/** Ctrl/Cmd+O and the Open… button: the native dialog in the app, the hidden file input in the browser. */
export async function openFiles(): Promise<void> {
  const client = api();
  if (client.openFileDialog) {
    const result = await client.openFileDialog({});
    if (result.ok) await importFiles(result.value.files.map((f) => f.id));
    else useStore.getState().notify(result.error.message);
    return;
  }
  document.getElementById(FILE_INPUT_ID)?.click();
}
