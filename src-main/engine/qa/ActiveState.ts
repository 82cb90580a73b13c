import type { ErrorPayload } from '../../../src-shared/errors';
import type { KvConversation } from '../compression/KvConversation';

/**
 * How the document is in the context: the overview the planner chose (`passages`: none, the passages alone;
 * `text`: the compressed overview as text-level compression, for a model whose KV cache cannot be pruned).
 */
export type ContextMode = 'compressed' | 'text' | 'summaries' | 'titles' | 'passages';

export interface ActiveState {
  key: string;
  docId: string;
  mode: ContextMode;
  conversation: KvConversation;
  stateBytes: number;
  /** Said once, with the next answer: the state could not be saved (CACHE_WRITE_FAILED). */
  warning?: ErrorPayload | undefined;
}

/** The state's warning, given once: the answer that takes it carries it. */
export function takeWarning(active: ActiveState): { warnings?: ErrorPayload[] } {
  const warning = active.warning;
  active.warning = undefined;
  return warning ? { warnings: [warning] } : {};
}
