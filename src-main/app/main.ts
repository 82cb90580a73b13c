import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, nativeTheme } from 'electron';
import { EngineHost } from './engineHost';
import { registerIpc } from './ipc';
import { handleMediaProtocol, registerMediaScheme } from './mediaProtocol';
import { applySecurityPolicy } from './security';
import { loadWindowState, trackWindowState } from './windowState';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererIndex = path.join(here, '../renderer/index.html');
const rendererRoot = pathToFileURL(path.dirname(rendererIndex)).href;
const devServer = process.env.ELECTRON_RENDERER_URL;

/** Only the app's own files (or the dev server in development) may load or call the engine. */
const isAppUrl = (url: string): boolean =>
  url.startsWith(rendererRoot + '/') || (devServer !== undefined && url.startsWith(devServer));

app.enableSandbox();
registerMediaScheme();
if (!app.requestSingleInstanceLock()) app.quit();

// Tests point the app at a throwaway folder; users get the platform's per-user data folder.
if (process.env.LECTERN_USER_DATA) app.setPath('userData', process.env.LECTERN_USER_DATA);
const userData = app.getPath('userData');
const host = new EngineHost(path.join(here, 'engineProcess.js'), [
  path.join(userData, 'library'),
  path.join(userData, 'models'),
]);

function createWindow(): BrowserWindow {
  const state = loadWindowState(userData);
  const window = new BrowserWindow({
    width: state?.bounds.width ?? 1280,
    height: state?.bounds.height ?? 800,
    ...(state ? { x: state.bounds.x, y: state.bounds.y } : {}),
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Lectern',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17181b' : '#fafaf8',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state?.maximized) window.maximize();
  trackWindowState(window, userData);
  window.once('ready-to-show', () => window.show());
  if (devServer) void window.loadURL(devServer);
  else void window.loadFile(rendererIndex);
  return window;
}

void app.whenReady().then(() => {
  applySecurityPolicy(isAppUrl);
  host.start();
  registerIpc(host, isAppUrl);
  handleMediaProtocol(host);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting waits for the engine to cancel its jobs and close the library cleanly.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  event.preventDefault();
  quitting = true;
  void host.stop().finally(() => app.quit());
});
