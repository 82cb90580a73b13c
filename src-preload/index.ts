// Builds `window.lectern` from the contract: one function per call, one `on` for events, nothing else. Raw
// ipcRenderer is never exposed, and channels outside `lectern:` are never used.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, type EventName, type Events } from '../src-shared/contract';
import { APP_CALL_NAMES } from '../src-shared/appCalls';

const api: Record<string, unknown> = {};
for (const name of CALL_NAMES) api[name] = (input: unknown) => ipcRenderer.invoke('lectern:call', name, input ?? {});
for (const name of APP_CALL_NAMES) api[name] = (input: unknown) => ipcRenderer.invoke('lectern:app', name, input ?? {});
api.on = <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => {
  if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
  const wrapped = (_e: IpcRendererEvent, name: EventName, payload: Events[E]) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on('lectern:event', wrapped);
  return () => {
    ipcRenderer.removeListener('lectern:event', wrapped);
  };
};
api.host = 'electron';
// A dropped file's path on disk (Electron removed File.path); the engine imports it like a path from the dialog.
api.pathForFile = (file: File) => webUtils.getPathForFile(file);

contextBridge.exposeInMainWorld('lectern', api);
