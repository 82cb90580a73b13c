import type { AskResult, ChatTurn } from '../../../src-shared/contract';
import { anchorLabel } from '../../lib/format';

function resultMarkdown(result: AskResult): string {
  if (result.mode === 'passages') {
    const passages = result.passages.map((p) => `> ${p.text.replace(/\n/g, '\n> ')}\n>\n> — ${anchorLabel(p.anchor)}`);
    return ['*Passages from the document (no model was loaded, so this is not a generated answer).*', ...passages].join(
      '\n\n',
    );
  }
  const sources = result.citations.map(
    (c) =>
      `- [${c.segmentId}] ${anchorLabel(c.anchor)}${c.quote ? `: “${c.quote}”` : ''}${c.quoteFound === false ? ' (quote not verified)' : ''}`,
  );
  return [result.answer.trim(), sources.length ? `Sources:\n${sources.join('\n')}` : ''].filter(Boolean).join('\n\n');
}

/** The conversation about a document as Markdown, each answer followed by its sources (page or timestamp). */
export function conversationMarkdown(title: string, turns: ChatTurn[]): string {
  const parts = [`# Questions about “${title}”`];
  for (const turn of turns) {
    parts.push(`## ${turn.question}`, resultMarkdown(turn.result));
  }
  return `${parts.join('\n\n')}\n`;
}

/** Just one answer with its sources, for the copy button. */
export function answerMarkdown(turn: ChatTurn): string {
  return resultMarkdown(turn.result);
}
