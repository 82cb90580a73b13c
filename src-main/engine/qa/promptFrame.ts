import type { LlamaModel, Token } from 'node-llama-cpp';

export const SYSTEM_PROMPT =
  'You answer questions about one document. Use only the document. Cite the passages you use by their labels in square brackets, like [S3]. ' +
  'When you quote, quote exactly. If the document does not answer the question, say that it does not.';

const USER_MARK = '\u2063LECTERN_USER_TEXT\u2063';
const ANSWER_MARK = '\u2063LECTERN_ANSWER_TEXT\u2063';
const NEXT_MARK = '\u2063LECTERN_NEXT_TEXT\u2063';

export interface PromptFrame {
  /** Chat template up to where the user's message starts (BOS, system prompt, user header). */
  head: Token[];
  /** Chat template from the end of the user's message to where the assistant's answer starts. */
  tail: Token[];
  /** Chat template from the end of an answer to where the next user message starts: how a follow-up opens. */
  between: Token[];
  /** True when the model has a chat template; raw completion framing otherwise. */
  chat: boolean;
}

/** Splits the template's values at each mark, in order; undefined when a mark is missing (a rewriting wrapper). */
function splitAtMarks(values: readonly unknown[], marks: readonly string[]): unknown[][] | undefined {
  const parts: unknown[][] = [[]];
  let next = 0;
  for (const value of values) {
    let rest = value;
    while (typeof rest === 'string' && next < marks.length && rest.includes(marks[next] ?? '')) {
      const [before = '', ...after] = rest.split(marks[next] ?? '');
      parts[parts.length - 1]?.push(before);
      parts.push([]);
      rest = after.join(marks[next] ?? '');
      next++;
    }
    parts[parts.length - 1]?.push(rest);
  }
  return next === marks.length ? parts : undefined;
}

/**
 * The model's own chat template, cut around the user's message, so that the compressed document (built once) sits
 * inside the first user message and each question only appends its own tail: the prefix stays reusable. A follow-up
 * closes the previous answer and opens a new user message with `between`, so a conversation grows in place.
 */
export async function promptFrame(model: LlamaModel): Promise<PromptFrame> {
  const { LlamaText, resolveChatWrapper } = await import('node-llama-cpp');
  const wrapper = resolveChatWrapper(model);
  const { contextText } = wrapper.generateContextState({
    chatHistory: [
      { type: 'system', text: SYSTEM_PROMPT },
      { type: 'user', text: USER_MARK },
      { type: 'model', response: [ANSWER_MARK] },
      { type: 'user', text: NEXT_MARK },
      { type: 'model', response: [] },
    ],
  });
  const parts = splitAtMarks(contextText.values, [USER_MARK, ANSWER_MARK, NEXT_MARK]);
  if (!parts) {
    // A wrapper that rewrites the user text: fall back to plain completion framing.
    const bos = model.tokens.bos;
    return {
      head: bos === null ? [] : [bos],
      tail: model.tokenize('\nAnswer:'),
      between: model.tokenize('\n\n'),
      chat: false,
    };
  }
  const toTokens = (values: unknown[] = []) =>
    LlamaText(values as Parameters<typeof LlamaText>).tokenize(model.tokenizer);
  const [head, tail, between] = parts;
  return { head: toTokens(head), tail: toTokens(tail), between: toTokens(between), chat: true };
}
