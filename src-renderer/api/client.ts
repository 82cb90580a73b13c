import type { ClientApi } from '../../src-shared/appCalls';
import { createHttpClient } from './httpClient';

export type { ClientApi };

declare global {
  interface Window {
    /** Set by the preload in the desktop app; absent in the browser build. */
    lectern?: ClientApi;
  }
}

const TOKEN_KEY = 'lectern.token';

/** The browser build's token: from `?token=` on first load, then from session storage (the URL is cleaned). */
export function serveToken(): string | undefined {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`,
    );
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

let client: ClientApi | undefined;

/** `window.lectern` in the app, the HTTP client under `lectern serve`. */
export function api(): ClientApi {
  if (client) return client;
  if (window.lectern) {
    client = window.lectern;
    return client;
  }
  const token = serveToken();
  if (!token)
    throw new Error('No engine: open Lectern from the desktop app, or use the URL that `lectern serve` printed.');
  client = createHttpClient(token);
  return client;
}
