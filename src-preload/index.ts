// Builds `window.lectern` from the contract: one function per call, one `on` for events, nothing else. Raw
// ipcRenderer is never exposed, and channels outside `lectern:` are never used.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { EventName } from '../src-shared/contract';
import type { ClientApi } from '../src-shared/appCalls';
import { createAppClient, createClient } from '../src-shared/createClient';
import type { FileGrant } from '../src-shared/domain/fileGrant';
import type { Result } from '../src-shared/result';

const engine = createClient({
  call: (name, input) => ipcRenderer.invoke('lectern:call', name, input) as Promise<Result<unknown>>,
  on: (event: EventName, listener: (payload: unknown) => void) => {
    const wrapped = (_e: IpcRendererEvent, name: EventName, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on('lectern:event', wrapped);
    return () => {
      ipcRenderer.removeListener('lectern:event', wrapped);
    };
  },
});

const appCalls = createAppClient(
  (name, input) => ipcRenderer.invoke('lectern:app', name, input) as Promise<Result<unknown>>,
);

const api: ClientApi = {
  ...engine,
  ...appCalls,
  host: 'electron',
  // A dropped file's path stays in the preload and main: main grants it in the engine and the page gets only ids.
  // getPathForFile answers only for real File objects, so the page cannot name a path of its own.
  grantDroppedFiles: (files: File[]) =>
    ipcRenderer.invoke(
      'lectern:drop',
      files.map((f) => webUtils.getPathForFile(f)),
    ) as Promise<Result<{ files: FileGrant[] }>>,
};

contextBridge.exposeInMainWorld('lectern', api);
