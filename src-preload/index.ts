// Builds `window.lectern` from the contract: one function per call, one `on` for events, nothing else. Raw
// ipcRenderer is never exposed, and channels outside `lectern:` are never used.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { EventName } from '../src-shared/contract';
import type { ClientApi } from '../src-shared/appCalls';
import { createAppClient, createClient } from '../src-shared/createClient';
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
  // A dropped file's path on disk (Electron removed File.path); the engine imports it like a path from the dialog.
  pathForFile: (file: File) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('lectern', api);
