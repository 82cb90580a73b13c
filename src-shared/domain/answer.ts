import type { ErrorPayload } from '../errors';
import type { AskScope } from './collection';
import type { Anchor } from './document';

/** A source the answer cites: a segment of the document, mapped to its page or time. */
export interface Citation {
  /**
   * The document the cited passage is in. Always set on new answers (a collection's answer cites several
   * documents); absent only on turns stored before collections existed, which were about their turn's document.
   */
  docId?: string;
  /** The segment the model cited, e.g. `S12`, or `D3 S12` in a collection (the third document's twelfth segment). */
  segmentId: string;
  /** First unit of the cited passage in its document, so the reader can jump there. */
  unitIndex: number;
  anchor: Anchor;
  /** Text the answer quoted from this source, when it quoted. */
  quote?: string;
  /** False when the quoted text does not occur in the source: shown to the user as unverified. */
  quoteFound?: boolean;
}

/** A passage returned instead of a generated answer (no chat model loaded), with where it is. */
export interface Passage {
  text: string;
  /** The document it is from (see `Citation.docId`). */
  docId?: string;
  segmentId: string;
  /** Where it is, as shown to the user: `S12 p.34`, `S12 00:41:05`, `D3 S12 p.34` in a collection. */
  label: string;
  /** Character offsets into its document's text. */
  start: number;
  end: number;
  unitIndex: number;
  anchor: Anchor;
  score: number;
}

export interface AskTimings {
  /** Loading or building the compressed document state. */
  prepareMs: number;
  /** Question asked to first token out. */
  ttftMs: number;
  decodeTokPerS: number;
}

export interface AskResult {
  /** `generated`: the model's answer; `passages`: no model was loaded, so the best-matching passages are returned. */
  mode: 'generated' | 'passages';
  answer: string;
  citations: Citation[];
  passages: Passage[];
  /** True when nothing relevant was found: the answer says so instead of guessing. */
  noEvidence: boolean;
  timings: AskTimings;
  promptTokens: number;
  kvTokens: number;
  stateBytes: number;
  ratio: number;
  /**
   * The question-independent overview put before the passages: `compressed` (the compressed KV state),
   * `summaries` (chapter summaries stood in where even that did not fit), `titles` (chapter titles), `text` (the
   * document as text-level compressed text: a server), or `passages` (no overview: the passages alone, also while the
   * document is not prepared yet). The retrieved passages are always given in full.
   */
  contextMode?: 'compressed' | 'summaries' | 'titles' | 'text' | 'passages';
  /**
   * What the planner put in the context for this question: the overview's kind and tokens, the passages' token
   * budget, and the character ranges of the document the passages hold (the ranges `lectern eval evidence` scores).
   */
  plan?: ContextPlanUse;
  /** Set when an OpenAI-compatible server answered: its model and the prompt tokens its prefix cache reused. */
  server?: { model: string; cachedTokens?: number };
  /**
   * Asked about a collection or every document: the documents of the scope whose passages the answer (or its
   * passages) used, with the short label (`D3`) the model cites them by. Absent for one document.
   */
  sources?: AnswerSource[];
  /** One plain line about how this answer came about, e.g. that it used passages only while preparation runs. */
  note?: string;
  /** Set when the question did not finish: what was generated is `answer`, and `note` says what happened. */
  outcome?: 'stopped' | 'failed';
  /** Tokens the model evaluated for this question; a follow-up reuses the document and the turns before it. */
  evaluatedTokens?: number;
  /** Earlier questions still in the model's context, and what this one evicted to make room. */
  conversation?: ConversationUse;
  /**
   * What went wrong without stopping the answer, e.g. `CACHE_WRITE_FAILED`: the compressed state could not be saved
   * (a full disk), so this answer is fine but the next session builds the state again.
   */
  warnings?: ErrorPayload[];
}

export interface AnswerSource {
  docId: string;
  /** `D3`: the document's place in the scope, as its segment labels cite it. */
  short: string;
  title: string;
}

export interface ContextPlanUse {
  overview: 'compressed' | 'summaries' | 'titles' | 'none';
  /** The compressed overview's state ratio, when it is one. */
  overviewRatio?: number;
  overviewTokens: number;
  totalTokens: number;
  passageTokens: number;
  passageRanges: [number, number][];
}

export interface ConversationUse {
  pastTurns: number;
  /** Past turns whose expanded passages were erased (their questions and answers stay). */
  evictedPassages: number;
  /** Whole past turns erased, oldest first. */
  evictedTurns: number;
}

export interface ChatTurn {
  id: string;
  /** The document asked about; for a collection's or the whole library's turn, the scope's key (`scopeKey`). */
  docId: string;
  /** Set on a collection's or the whole library's turn. */
  scope?: AskScope;
  question: string;
  result: AskResult;
  createdAt: number;
}

/** What the slider shows before you ask: the cost of a ratio, and whether its compressed state is ready. */
export interface CompressionEstimate {
  ratio: number;
  docTokens: number;
  keptTokens: number;
  kvBytes: number;
  /** `ready`: built for the loaded model; `building`: a job is running; `missing`: not built; `no-model`: nothing to build for. */
  state: 'ready' | 'building' | 'missing' | 'no-model';
  jobId?: string;
  /** The loaded model's context, and whether the compressed document fits it with room for a question. */
  contextSize?: number;
  fits?: boolean;
  /** The smallest ratio that fits the loaded model's context; absent when none does (chapter summaries stand in). */
  smallestFittingRatio?: number;
  /**
   * How the dropped part is dropped: `kv` erases token ranges from the local model's KV cache; `text` leaves words out
   * of the text before evaluation (a model whose memory cannot be pruned); `server` sends the compressed text to a
   * server. `attention` names why a local model is in `text` mode.
   */
  compression?: 'kv' | 'text' | 'server';
  attention?: 'full' | 'sliding-window' | 'recurrent' | 'hybrid';
}

export interface AnswerToken {
  jobId: string;
  text: string;
}
