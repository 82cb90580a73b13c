/**
 * The one list of everything that crosses a process boundary. The preload, the IPC handlers, the serve bridge, the
 * engine and the renderer's types are all derived from `calls` and `Events`: add a call here and every side sees it.
 *
 * Every call takes one object argument, validated by its schema before the engine sees it, and returns a `Result`.
 * Long work is a job: `startX` returns `{ jobId }` at once; progress and completion arrive as events.
 */
import { z } from 'zod';
import type { DocumentSummary, LecternDocument, Unit } from './domain/document';
import type { JobDone, JobInfo, JobProgress, JobStarted } from './domain/jobs';
import type { ModelEntry } from './domain/model';
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

export const calls = {
  getStatus: call<EngineStatus>()(empty, 'Versions, backend, thread count and paths of the running engine.'),
  listModels: call<ModelEntry[]>()(empty, 'GGUF models found in the models folder and in other apps’ folders.'),
  listJobs: call<JobInfo[]>()(empty, 'Jobs that are running or finished recently.'),
  cancelJob: call<{ cancelled: boolean }>()(
    z.object({ jobId: id }).strict(),
    'Cancels a running job. Resolves `cancelled: false` if it had already ended.',
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
}
export type EventName = keyof Events;

export const EVENT_NAMES: readonly EventName[] = ['job:progress', 'job:done', 'job:started'];

export type Unsubscribe = () => void;

/** The API every client sees: `window.lectern` in the app, the HTTP client in the browser build, the engine itself. */
export type LecternApi = {
  [K in CallName]: (input: CallInput<K>) => Promise<Result<CallOutput<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
};

// Re-exported so that clients import one module for the whole contract.
export type {
  DocumentSummary,
  EngineStatus,
  JobDone,
  JobInfo,
  JobProgress,
  JobStarted,
  LecternDocument,
  ModelEntry,
  Unit,
};
export type { Result } from './result';
export type { ErrorCode, ErrorPayload } from './errors';
