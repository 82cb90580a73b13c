import type { LlamaModel, Token } from 'node-llama-cpp';

export const SYSTEM_PROMPT =
  'You answer questions about one document. Use only the document. Cite the passages you use by their labels in square brackets, like [S3]. ' +
  'When you quote, quote exactly. If the document does not answer the question, say that it does not.';

const MARK = '\u2063LECTERN_USER_TEXT\u2063';

export interface PromptFrame {
  /** Chat template up to where the user's message starts (BOS, system prompt, user header). */
  head: Token[];
  /** Chat template from the end of the user's message to where the assistant's answer starts. */
  tail: Token[];
  /** True when the model has a chat template; raw completion framing otherwise. */
  chat: boolean;
}

/**
 * The model's own chat template, cut around the user's message, so that the compressed document (built once) sits
 * inside the first user message and each question only appends its own tail: the prefix stays reusable.
 */
export async function promptFrame(model: LlamaModel): Promise<PromptFrame> {
  const { LlamaText, resolveChatWrapper } = await import('node-llama-cpp');
  const wrapper = resolveChatWrapper(model);
  const { contextText } = wrapper.generateContextState({
    chatHistory: [
      { type: 'system', text: SYSTEM_PROMPT },
      { type: 'user', text: MARK },
      { type: 'model', response: [] },
    ],
  });
  const before: unknown[] = [];
  const after: unknown[] = [];
  let found = false;
  for (const value of contextText.values) {
    if (!found && typeof value === 'string' && value.includes(MARK)) {
      const [a = '', b = ''] = value.split(MARK);
      before.push(a);
      after.push(b);
      found = true;
    } else (found ? after : before).push(value);
  }
  if (!found) {
    // A wrapper that rewrites the user text: fall back to plain completion framing.
    const bos = model.tokens.bos;
    return { head: bos === null ? [] : [bos], tail: model.tokenize('\nAnswer:'), chat: false };
  }
  const toTokens = (values: unknown[]) => LlamaText(values as Parameters<typeof LlamaText>).tokenize(model.tokenizer);
  return { head: toTokens(before), tail: toTokens(after), chat: true };
}
