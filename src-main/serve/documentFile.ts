import type http from 'node:http';
import type { DocumentFile } from '../../src-shared/domain/document';
import { fromErrorPayload } from '../../src-shared/errors';
import type { Result } from '../../src-shared/result';
import type { Engine } from '../engine/Engine';
import { sendError } from './sendError';

/** `/api/documents/<id>/file`: the one binary route (JSON would turn a PDF's bytes into an object of numbers). */
export const DOCUMENT_FILE_ROUTE = /^\/api\/documents\/([^/]+)\/file$/;

/**
 * Answers with the document's original file as it is (`getDocumentFile`), or with the call's JSON error and a
 * matching status, so the client reads an error exactly as from any other call.
 */
export async function sendDocumentFile(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  engine: Engine,
  id: string,
): Promise<void> {
  const result = (await engine.call('getDocumentFile', { id })) as Result<DocumentFile>;
  if (!result.ok) {
    sendError(res, fromErrorPayload(result.error));
    return;
  }
  const { bytes, fileName, contentType } = result.value;
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': bytes.byteLength,
    'x-content-type-options': 'nosniff',
    // Opened by the page's own script, never shown as a page of this origin.
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'x-file-name': encodeURIComponent(fileName),
    'cache-control': 'private, no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  res.end(bytes);
}
