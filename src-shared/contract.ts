/**
 * The one list of everything that crosses a process boundary. The preload, the IPC handlers, the serve bridge, the
 * engine and the renderer's types are all derived from `calls` and `Events`: add a call here and every side sees it.
 *
 * Every call takes one object argument, validated by its schema before the engine sees it, and returns a `Result`.
 * Long work is a job: `startX` returns `{ jobId }` at once; progress and completion arrive as events.
 */
import { z } from 'zod';
import type { AnswerToken, ChatTurn, CompressionEstimate } from './domain/answer';
import type { Chapter, ChapterExport } from './domain/chapter';
import type { Collection } from './domain/collection';
import type { DocumentFile, DocumentPage, DocumentSummary, UnitHit } from './domain/document';
import type { JobDone, JobInfo, JobProgress, JobStarted } from './domain/jobs';
import type { CatalogEntry, LoadedModelInfo, LoadedOnnxModels, ModelEntry, OnnxModelInfo } from './domain/model';
import { FILE_ID_PATTERN } from './domain/fileGrant';
import type { MediaInfo } from './domain/media';
import type { ServerSettingsView, ServerTestResult } from './domain/server';
import type { EngineStatus } from './domain/status';
import type { Result } from './result';

/** Declares a call: its input schema and (as a type only) its output. */
function call<Output>() {
  return <Input extends z.ZodType>(input: Input, doc: string) => ({
    input,
    doc,
    output: undefined as unknown as Output,
  });
}

const empty = z.object({}).strict();
const id = z.string().min(1).max(200);
/** A file the host granted (dialog, drop, upload): never a path, so a renderer cannot name an arbitrary file. */
const fileId = z.string().regex(FILE_ID_PATTERN, 'a file id (file:<uuid>) from a dialog, drop or upload, not a path');
const serverUrl = z
  .string()
  .max(2048)
  .url()
  .refine((url) => /^https?:\/\//i.test(url), 'must be an http:// or https:// URL');
const serverInput = z
  .object({
    /** `http://host:port` or its API root `http://host:port/v1`. */
    baseUrl: serverUrl,
    /** Sent as `Authorization: Bearer` to this host only. Omitted: no key (or, for the same URL, the stored one). */
    apiKey: z.string().max(4096).optional(),
    /** The model to request; default the first one `GET /v1/models` lists. */
    model: z.string().min(1).max(500).optional(),
  })
  .strict();

const askScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('document'), docId: id }).strict(),
  z.object({ kind: z.literal('collection'), collectionId: id }).strict(),
  z.object({ kind: z.literal('all') }).strict(),
]);
/**
 * What a question or a conversation is about: `docId` (one document, as before collections) or `scope` (one
 * document, a collection, or every document). Exactly one of the two.
 */
function scoped<Shape extends z.ZodRawShape>(shape: Shape) {
  return z
    .object({ docId: id.optional(), scope: askScope.optional(), ...shape })
    .strict()
    .refine((v) => {
      // The generic shape hides the two keys from the checker; they are there (declared just above).
      const { docId, scope } = v as { docId?: string; scope?: unknown };
      return (docId === undefined) !== (scope === undefined);
    }, 'give either docId or scope');
}
const docIds = z.array(id).max(10_000);

export const calls = {
  getStatus: call<EngineStatus>()(empty, 'Versions, backend, thread count and paths of the running engine.'),
  listModels: call<ModelEntry[]>()(empty, 'GGUF models found in the models folder and in other apps’ folders.'),
  listJobs: call<JobInfo[]>()(empty, 'Jobs that are running or finished recently.'),
  cancelJob: call<{ cancelled: boolean }>()(
    z.object({ jobId: id }).strict(),
    'Cancels a running job. Resolves `cancelled: false` if it had already ended.',
  ),
  pauseJob: call<{ paused: boolean }>()(
    z.object({ jobId: id }).strict(),
    'Pauses a pausable running job (preparing for questions) at its next safe point; it keeps its place.',
  ),
  resumeJob: call<{ resumed: boolean }>()(z.object({ jobId: id }).strict(), 'Resumes a paused job.'),

  // Chapters
  listChapters: call<Chapter[]>()(z.object({ docId: id }).strict(), 'The chapters of a document, in order.'),
  renameChapter: call<Chapter[]>()(
    z.object({ docId: id, index: z.number().int().min(0), title: z.string().min(1).max(300) }).strict(),
    'Renames a chapter; the edit survives re-chaptering.',
  ),
  mergeChapters: call<Chapter[]>()(
    z.object({ docId: id, index: z.number().int().min(0) }).strict(),
    'Merges chapter `index` with the next one.',
  ),
  splitChapter: call<Chapter[]>()(
    z
      .object({
        docId: id,
        index: z.number().int().min(0),
        atUnit: z.number().int().min(1),
        title: z.string().max(300).optional(),
      })
      .strict(),
    'Splits a chapter so that a new one starts at unit `atUnit`.',
  ),
  rechapter: call<JobStarted<'chapters'>>()(
    z
      .object({
        docId: id,
        /** Replace the user's edits too. Default false: edited chapters are kept. */
        redo: z.boolean().default(false),
        granularity: z.enum(['coarse', 'normal', 'fine']).default('normal'),
        /** Segmented chapters' boundaries and titles: the chat model's (`model`), key phrases, or `auto` (model if loaded). */
        titles: z.enum(['auto', 'model', 'keyphrase']).default('auto'),
      })
      .strict(),
    'Chapters the document again (with titles from the loaded chat model when there is one). A job.',
  ),
  exportChapters: call<ChapterExport>()(
    z.object({ docId: id, format: z.enum(['json', 'podcast', 'vtt', 'youtube', 'md']) }).strict(),
    'Chapters as Podcasting 2.0 JSON, WebVTT, YouTube timestamps, Markdown or JSON.',
  ),

  // Asking
  ask: call<JobStarted<'ask'>>()(
    scoped({
      question: z.string().trim().min(1).max(4000),
      /** Compression ratio of the document state, 1 (none) to 16. Default 4. */
      ratio: z.number().min(1).max(16).default(4),
    }),
    'Asks a question about a document, a collection or every document (`scope`). A job: tokens stream as ' +
      '`answer:token` events; the value is an AskResult whose citations name their document (`docId`).',
  ),
  getConversation: call<ChatTurn[]>()(
    scoped({}),
    'The questions asked about a document (or a collection, or every document), oldest first.',
  ),
  clearConversation: call<{ cleared: number }>()(
    scoped({}),
    'Forgets the conversation about a document (or a collection, or every document).',
  ),
  estimateCompression: call<CompressionEstimate>()(
    z.object({ docId: id, ratio: z.number().min(1).max(16) }).strict(),
    'Kept tokens and KV memory at a ratio, and whether its compressed state is ready, before asking.',
  ),
  prepareDocument: call<JobStarted<'prepare'>>()(
    z.object({ docId: id, ratio: z.number().min(1).max(16) }).strict(),
    'Prepares a document for questions with the loaded model at a ratio: builds its compressed state (or its ' +
      'chapter summaries when even that does not fit), in the background, with checkpoints it resumes from. A ' +
      'pausable job (`prepare`); questions asked meanwhile are answered from passages and the build yields to them.',
  ),

  // Models
  loadModel: call<JobStarted<'loadModel'>>()(
    z
      .object({
        /** A model id from `listModels`, or an absolute path to a .gguf file. */
        ref: z.string().min(1).max(4096),
        contextSize: z.union([z.number().int().min(256).max(1_048_576), z.literal('auto')]).default('auto'),
        gpuLayers: z.union([z.number().int().min(0).max(1000), z.literal('auto')]).default('auto'),
        kvCacheType: z.enum(['f16', 'q8_0', 'q4_0']).default('f16'),
        flashAttention: z.boolean().default(true),
      })
      .strict(),
    'Loads a GGUF chat model (one at a time; the previous one is disposed). A job: progress while loading.',
  ),
  unloadModel: call<{ unloaded: boolean }>()(empty, 'Disposes the loaded model and frees its memory.'),
  getModelInfo: call<LoadedModelInfo | null>()(
    empty,
    'The loaded model with its context size, backend and KV cache size; null when none.',
  ),
  listCatalog: call<CatalogEntry[]>()(empty, 'Recommended models that can be downloaded, with sizes and licenses.'),
  downloadModel: call<JobStarted<'downloadModel'>>()(
    z.object({ catalogId: z.string().min(1).max(200) }).strict(),
    'Downloads a catalog model into the models folder with progress, resume and checksum check. A job.',
  ),
  listOnnxModels: call<OnnxModelInfo[]>()(
    empty,
    'ONNX model folders (embeddings, LLMLingua-2 compressor) found in the models folder, read without loading them.',
  ),
  loadOnnxModel: call<LoadedOnnxModels>()(
    z.object({ dir: z.string().min(1).max(4096) }).strict(),
    'Loads an ONNX model folder from disk (its kind read from its files), replacing the one of that kind.',
  ),
  unloadOnnxModel: call<LoadedOnnxModels>()(
    z.object({ kind: z.enum(['embedding', 'compressor']) }).strict(),
    'Disposes the ONNX model of that kind.',
  ),
  getOnnxModels: call<LoadedOnnxModels>()(empty, 'The ONNX models in use.'),

  // An OpenAI-compatible server instead of a local model
  setServer: call<ServerSettingsView>()(
    serverInput,
    'Answers through an OpenAI-compatible server (`/v1/chat/completions`) instead of the local model. The API key ' +
      'is kept by the engine, sent only to that host, and never returned.',
  ),
  getServer: call<ServerSettingsView | null>()(empty, 'The server in use (without its key); null when none.'),
  clearServer: call<{ cleared: boolean }>()(empty, 'Stops using the server: answers come from the local model again.'),
  testServer: call<ServerTestResult>()(
    z
      .object({
        /** Test this server; default the one in use. */
        baseUrl: serverUrl.optional(),
        /** Key for `baseUrl`; when omitted and `baseUrl` is the server in use, its stored key. */
        apiKey: z.string().max(4096).optional(),
      })
      .strict(),
    '`GET /v1/models` on the server: latency, its models and their context length where it tells it.',
  ),

  // Library
  importFiles: call<JobStarted<'import'>>()(
    z
      .object({
        /** Ids of files the host granted (see `FileGrant`); in-process callers use `Engine.importPaths`. */
        files: z.array(fileId).min(1).max(1000),
        /** Password for encrypted PDFs (tried on every encrypted file of this import). */
        password: z.string().max(1024).optional(),
        /** OCR pages without a text layer. Default true. */
        ocr: z.boolean().default(true),
      })
      .strict(),
    'Imports files into the library as one job; per-file results (imported, duplicate, error) are its value.',
  ),
  listDocuments: call<DocumentSummary[]>()(empty, 'Every document in the library, newest first, without text.'),
  getDocument: call<DocumentPage>()(
    z
      .object({
        id,
        /** First unit to return. Default 0. */
        offset: z.number().int().min(0).default(0),
        /** How many units. Default 200, at most 5000. */
        limit: z.number().int().min(0).max(5000).default(200),
        includeText: z.boolean().default(false),
      })
      .strict(),
    'A document with a page of its units (paged so a 10,000-cue transcript is not sent at once).',
  ),
  getDocumentFile: call<DocumentFile>()(
    z.object({ id }).strict(),
    'The original file of a document (a PDF’s bytes, for the page view): the copy the library keeps, else the ' +
      'imported file if unchanged; `FILE_NOT_FOUND` when neither is there. Binary: over `lectern serve` it is ' +
      '`GET /api/documents/<id>/file`, not a JSON call.',
  ),
  deleteDocument: call<{ deleted: boolean }>()(
    z.object({ id }).strict(),
    'Removes a document and everything derived from it.',
  ),
  searchUnits: call<UnitHit[]>()(
    z
      .object({
        docId: id.optional(),
        query: z.string().min(1).max(1000),
        limit: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    'Keyword search (BM25) over units, in one document or the whole library.',
  ),

  // Collections: named sets of documents asked at once
  listCollections: call<Collection[]>()(empty, 'Every collection with its documents, by name.'),
  createCollection: call<Collection>()(
    z.object({ name: z.string().min(1).max(200), docIds: docIds.default([]) }).strict(),
    'Creates a collection (names are unique, ignoring case: `COLLECTION_NAME_TAKEN`), with documents if given.',
  ),
  renameCollection: call<Collection>()(
    z.object({ id, name: z.string().min(1).max(200) }).strict(),
    'Renames a collection.',
  ),
  deleteCollection: call<{ deleted: boolean }>()(
    z.object({ id }).strict(),
    'Deletes a collection and its conversation; its documents stay in the library.',
  ),
  addToCollection: call<Collection>()(
    z.object({ id, docIds: docIds.min(1) }).strict(),
    'Adds documents to a collection, after the ones it has (one already there keeps its place and label).',
  ),
  removeFromCollection: call<Collection>()(
    z.object({ id, docIds: docIds.min(1) }).strict(),
    'Takes documents out of a collection; they stay in the library.',
  ),

  // Media: the recording a transcript was made from, played in the reader
  getMedia: call<MediaInfo | null>()(
    z.object({ docId: id }).strict(),
    'The recording of a transcript: the attached file, else one beside the transcript with the same name ' +
      '(.mp3 .m4a .wav .ogg .opus .mp4 .webm .mkv); null when neither; `FILE_NOT_FOUND` when the attached file moved. ' +
      'Streamed, never copied: over `lectern serve` at `GET /api/documents/<docId>/media` (HTTP ranges).',
  ),
  attachMedia: call<MediaInfo>()(
    z.object({ docId: id, file: fileId }).strict(),
    'Attaches a recording (a granted file id; the file stays where it is) to a transcript, replacing any other.',
  ),
  detachMedia: call<{ detached: boolean }>()(
    z.object({ docId: id }).strict(),
    'Forgets the attached recording (one beside the transcript is still found).',
  ),
  recordMediaDuration: call<MediaInfo>()(
    z.object({ docId: id, durationSec: z.number().positive().max(1_000_000) }).strict(),
    'Notes the duration a player read from the recording, so chapter exports can end at it.',
  ),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What a caller passes (before defaults are applied). */
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
/** What the engine receives (after validation and defaults). */
export type CallArgs<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = Calls[K]['output'];

export const CALL_NAMES = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/** Events pushed from the engine to every window. */
export interface Events {
  'job:progress': JobProgress;
  'job:done': JobDone;
  'job:started': JobInfo;
  /** A piece of a streaming answer (batched by the engine, not one event per token). */
  'answer:token': AnswerToken;
}
export type EventName = keyof Events;

/** Every event, once: `satisfies` fails the build when one is added to `Events` and not here, or the reverse. */
const EVENT_SET = {
  'job:progress': true,
  'job:done': true,
  'job:started': true,
  'answer:token': true,
} as const satisfies Record<EventName, true>;

export const EVENT_NAMES = Object.keys(EVENT_SET) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENT_SET, name);
}

export type Unsubscribe = () => void;

/** The API every client sees: `window.lectern` in the app, the HTTP client in the browser build, the engine itself. */
export type LecternApi = {
  [K in CallName]: (input: CallInput<K>) => Promise<Result<CallOutput<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
};

// Re-exported so that clients import one module for the whole contract.
export type * from './domain/answer';
export type * from './domain/chapter';
export type * from './domain/collection';
export type * from './domain/document';
export type * from './domain/importing';
export type * from './domain/jobs';
export type * from './domain/media';
export type * from './domain/model';
export type * from './domain/server';
export type * from './domain/status';
export type { Result } from './result';
export type { ErrorCode, ErrorPayload } from './errors';
