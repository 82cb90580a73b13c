import { app, session, shell, type WebContents } from 'electron';
import { MEDIA_SCHEME } from '../../src-shared/domain/media';

/**
 * Locks every web contents down: no new windows (links to the web open in the system browser), no navigation away
 * from the app, no webviews, no permissions (camera, notifications, ...), and no remote content at all.
 */
export function applySecurityPolicy(isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // Nothing leaves the machine: any request that is not the app's own files (or a recording main streams from the
  // library's media protocol) is cancelled.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const local = isAppUrl(details.url) || details.url.startsWith(`${MEDIA_SCHEME}://`);
    callback({ cancel: !local && !details.url.startsWith('devtools://') });
  });
}
