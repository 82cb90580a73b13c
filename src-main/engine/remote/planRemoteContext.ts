import { DEFAULT_SEGMENT_TOKENS } from '../index/segmentDocument';

/**
 * ─── BUDGET RULE FOR THE REMOTE ASKER: swap this function for the shared context planner (issue 13) ───
 *
 * How many tokens the question-independent document and the question's passages may take in a server's context.
 * It mirrors LocalModelAsker's fit rule (a question reserve, one full segment of passages at least, a whole answer)
 * so both backends budget alike until the one planner decides for both. Token counts are the model-free estimate
 * (the server's tokenizer is not known here), so `safety` keeps a margin; an overflow still comes back from the
 * server as SERVER_CONTEXT_EXCEEDED.
 */
export interface RemoteContextPlan {
  /** Most tokens the compressed document may take (placed first, identical across questions). */
  documentMaxTokens: number;
  /** Most tokens of full-resolution passages for one question, once the document's actual size is known. */
  passageTokens: (documentTokens: number) => number;
}

export interface RemoteContextInput {
  /** The server's context length; `DEFAULT_SERVER_CONTEXT` when it does not say. */
  contextLength: number;
  maxAnswerTokens: number;
  /** Most passage tokens per question. Default 1536, as the local asker. */
  expandTokens?: number;
  /** Share of the context the estimate may fill. Default 0.9. */
  safety?: number;
}

/** llama.cpp's and Ollama's usual default context when a server does not report its own. */
export const DEFAULT_SERVER_CONTEXT = 4096;
const QUESTION_RESERVE = 256;
// The system prompt, the intro lines and the chat template's own tokens.
const FRAME_RESERVE = 128;

export function planRemoteContext(input: RemoteContextInput): RemoteContextPlan {
  const usable = Math.floor(input.contextLength * (input.safety ?? 0.9));
  const expand = input.expandTokens ?? 1536;
  const fixed = QUESTION_RESERVE + FRAME_RESERVE + input.maxAnswerTokens;
  return {
    documentMaxTokens: Math.max(0, usable - fixed - Math.min(expand, DEFAULT_SEGMENT_TOKENS)),
    passageTokens: (documentTokens) => Math.max(0, Math.min(expand, usable - fixed - documentTokens)),
  };
}
