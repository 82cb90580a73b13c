import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { isCallName } from '../../src-shared/contract';
import { APP_CALL_NAMES, type AppCalls } from '../../src-shared/appCalls';
import { dialogCalls } from './dialogCalls';
import type { Result } from '../../src-shared/result';
import type { EngineHost } from './engineHost';

/**
 * Registers the two channels the preload uses. Every call is checked: the sender must be one of our windows showing
 * the app, and the name must be in the contract; arguments are validated by the engine against the contract schema.
 */
export function registerIpc(host: EngineHost, isAppUrl: (url: string) => boolean): void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const url = event.senderFrame?.url ?? '';
    return BrowserWindow.fromWebContents(event.sender) !== null && isAppUrl(url);
  };
  const refuse = (): Result<never> => ({
    ok: false,
    error: { code: 'UNAUTHORIZED', message: 'Call from an untrusted frame.' },
  });

  ipcMain.handle('lectern:call', (event, name: unknown, input: unknown) => {
    if (!trusted(event)) return refuse();
    if (!isCallName(name)) return { ok: false, error: { code: 'NOT_FOUND', message: `No such call: ${String(name)}` } };
    return host.call(name, input);
  });

  const appCalls = dialogCalls(
    (options) => {
      const window = BrowserWindow.getFocusedWindow();
      return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
    },
    (paths) => host.grant(paths),
  );
  ipcMain.handle('lectern:app', (event, name: unknown) => {
    if (!trusted(event)) return refuse();
    if (!APP_CALL_NAMES.includes(name as (typeof APP_CALL_NAMES)[number])) {
      return { ok: false, error: { code: 'NOT_FOUND', message: `No such app call: ${String(name)}` } };
    }
    return appCalls[name as keyof AppCalls]({});
  });

  // Only the preload's grantDroppedFiles uses this channel, with paths from webUtils.getPathForFile of dropped files.
  ipcMain.handle('lectern:drop', async (event, paths: unknown) => {
    if (!trusted(event)) return refuse();
    if (!Array.isArray(paths) || !paths.every((p): p is string => typeof p === 'string' && p !== '')) {
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Those dropped items are not files on disk.' } };
    }
    const granted = await host.grant(paths);
    return granted.ok ? { ok: true, value: { files: granted.value } } : granted;
  });

  host.onEvent((event, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send('lectern:event', event, payload);
    }
  });
}
