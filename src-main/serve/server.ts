import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../engine/Engine';
import { DOCUMENT_FILE_ROUTE, sendDocumentFile } from './documentFile';
import { LecternError } from '../../src-shared/errors';
import { sendError } from './sendError';
import { MEDIA_FILE_ROUTE, sendMediaFile } from './mediaFile';
import { handleUpload, isUpload, moveUploadIntoModels, removeUpload, safeDecode, sweepUploads } from './upload';

export interface ServeOptions {
  engine: Engine;
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Default: 32 random bytes, hex. */
  token?: string;
  /** Largest JSON body accepted by a call. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Largest upload, counted as the bytes arrive. Default MAX_UPLOAD_BYTES (2 GiB). */
  maxUploadBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'lectern_token';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};

// The same policy as the app's window: nothing but this origin, no inline script, no eval.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: http.IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw Object.assign(new Error('Request body too large.'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The engine's contract over loopback HTTP (calls) and WebSocket (events), plus the built renderer, for browser tests
 * and headless machines. Binds 127.0.0.1 only; every request must carry the random token (query on first load, then
 * an HttpOnly cookie or the `x-lectern-token` header), and the Host header must name this loopback address, so other
 * sites cannot reach it by DNS rebinding.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const rendererDir = path.resolve(options.rendererDir);
  let port = 0;

  const authorised = (req: http.IncomingMessage, url: URL): boolean =>
    sameToken(url.searchParams.get('token') ?? undefined, token) ||
    sameToken(req.headers['x-lectern-token'] as string | undefined, token) ||
    sameToken(cookieToken(req), token);
  const hostOk = (req: http.IncomingMessage): boolean =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
  // A page on another site may send requests here (the token stops them, but not their cost): a browser names its
  // origin, which must be this one. The CLI and test clients send none.
  const originOk = (req: http.IncomingMessage): boolean =>
    req.headers.origin === undefined ||
    req.headers.origin === `http://127.0.0.1:${port}` ||
    req.headers.origin === `http://localhost:${port}`;
  const cacheDir = options.engine.paths.cacheDir;
  await sweepUploads(cacheDir);
  const badEncoding = { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Malformed percent-encoding.' } };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (!hostOk(req))
        return send(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Bad Host header.' } });
      if (!originOk(req))
        return send(res, 403, {
          ok: false,
          error: { code: 'UNAUTHORIZED', message: 'Requests from another origin are refused.' },
        });
      if (!authorised(req, url)) {
        return send(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token.' } });
      }
      if (url.pathname.startsWith('/api/call/') && req.method === 'POST') {
        const name = safeDecode(url.pathname.slice('/api/call/'.length));
        if (name === undefined) return send(res, 400, badEncoding);
        if (name === 'getDocumentFile') {
          const message = 'getDocumentFile is binary: use GET /api/documents/<id>/file.';
          return send(res, 400, { ok: false, error: { code: 'INVALID_ARGUMENT', message } });
        }
        let input: unknown;
        try {
          const body = await readBody(req, maxBody);
          input = body ? JSON.parse(body) : {};
        } catch (error) {
          const status = (error as { status?: number }).status ?? 400;
          return send(res, status, {
            ok: false,
            error: { code: 'INVALID_ARGUMENT', message: (error as Error).message },
          });
        }
        const result = await options.engine.call(name, input);
        if (name === 'importFiles' && result.ok) removeUploadsOnceImported(input, result.value);
        return send(res, 200, result);
      }
      if (url.pathname === '/api/upload' && req.method === 'POST') {
        const { status, ...result } = await handleUpload(
          req,
          cacheDir,
          (file) => options.engine.grants.grant(file),
          options.maxUploadBytes,
        );
        // `?to=models`: a chat model chosen in the page ("Choose a GGUF file…"), kept in the models folder.
        const uploaded = result.ok ? options.engine.grants.peek(result.value.id) : undefined;
        if (url.searchParams.get('to') === 'models' && uploaded !== undefined) {
          const { status: moveStatus, ...moved } = await moveUploadIntoModels(
            cacheDir,
            uploaded,
            options.engine.paths.modelsDir,
          );
          return send(
            res,
            moveStatus,
            moved.ok ? { ok: true, value: options.engine.grants.grant(moved.value.path) } : moved,
          );
        }
        return send(res, status, result);
      }
      const fileRoute = DOCUMENT_FILE_ROUTE.exec(url.pathname);
      if (fileRoute && (req.method === 'GET' || req.method === 'HEAD')) {
        const id = safeDecode(fileRoute[1] ?? '');
        if (id === undefined) return send(res, 400, badEncoding);
        return sendDocumentFile(req, res, options.engine, id);
      }
      const mediaRoute = MEDIA_FILE_ROUTE.exec(url.pathname);
      if (mediaRoute && (req.method === 'GET' || req.method === 'HEAD')) {
        const id = safeDecode(mediaRoute[1] ?? '');
        if (id === undefined) return send(res, 400, badEncoding);
        return sendMediaFile(req, res, options.engine, id);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendError(
          res,
          new LecternError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}.`),
        );
      await serveStatic(req, res, url, rendererDir, token);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendError(res, error);
      else res.destroy();
    });
  });

  /** Uploaded files are copies made for the import: once it is done (imported, failed or cancelled), they go. */
  const removeUploadsOnceImported = (input: unknown, value: unknown): void => {
    const files = (input as { files?: unknown }).files;
    const jobId = (value as { jobId?: unknown }).jobId;
    if (!Array.isArray(files) || typeof jobId !== 'string') return;
    const paths = files.map((id) => (typeof id === 'string' ? options.engine.grants.peek(id) : undefined));
    const uploads = paths.filter((p): p is string => p !== undefined && isUpload(cacheDir, p));
    if (uploads.length === 0) return;
    void options.engine.jobs
      .wait({ jobId, kind: 'import' })
      .catch(() => undefined)
      .then(() => Promise.all(uploads.map((p) => removeUpload(cacheDir, p))))
      .catch(() => undefined);
  };

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/api/events' || !hostOk(req) || !originOk(req) || !authorised(req, url)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const unsubscribe = options.engine.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new LecternError(
              'PORT_IN_USE',
              `Port ${options.port ?? 0} is already in use by another program. Choose another port (--port), or leave it out to pick a free one.`,
            )
          : error,
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveStatic(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  rendererDir: string,
  token: string,
): Promise<void> {
  const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const file = path.resolve(rendererDir, `.${relative}`);
  if (!file.startsWith(rendererDir + path.sep))
    return send(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Outside the app.' } });
  let info;
  try {
    info = await stat(file);
  } catch {
    info = undefined;
  }
  if (!info?.isFile()) {
    const hint = relative === '/index.html' ? ' The renderer is not built: run `npm run build` first.' : '';
    return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `Not found: ${relative}.${hint}` } });
  }
  const headers: http.OutgoingHttpHeaders = {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
  if (file.endsWith('.html')) {
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    // The page keeps the token in an HttpOnly cookie so that its scripts, styles and sockets are authorised too.
    headers['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}
