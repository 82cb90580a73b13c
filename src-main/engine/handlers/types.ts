import type { CallArgs, CallName, CallOutput } from '../../../src-shared/contract';

/** The engine's implementation of each call, given already-validated arguments. Throw `LecternError` to fail. */
export type Handlers = {
  [K in CallName]: (args: CallArgs<K>) => Promise<CallOutput<K>> | CallOutput<K>;
};
