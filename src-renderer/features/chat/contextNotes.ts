import type { AskResult } from '../../../src-shared/contract';

export interface ContextNote {
  kind: 'summaries' | 'evicted';
  text: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What the model did not see in full when it answered, in words: the user should know when an answer rests on
 * chapter summaries or when earlier turns were cut to make room, since either can change what it could draw on.
 */
export function contextNotes(result: Pick<AskResult, 'contextMode' | 'conversation'>): ContextNote[] {
  const notes: ContextNote[] = [];
  if (result.contextMode === 'summaries') {
    notes.push({
      kind: 'summaries',
      text:
        'This document is too long for the model’s context even compressed; chapter summaries stood in for the ' +
        'parts not retrieved.',
    });
  }
  const passages = result.conversation?.evictedPassages ?? 0;
  const turns = result.conversation?.evictedTurns ?? 0;
  if (passages > 0 || turns > 0) {
    const parts = [
      passages > 0 ? `the passages retrieved for ${plural(passages, 'earlier question', 'earlier questions')}` : '',
      turns > 0 ? plural(turns, 'whole earlier turn', 'whole earlier turns') : '',
    ].filter(Boolean);
    notes.push({
      kind: 'evicted',
      text: `Older turns were shortened to make room: ${parts.join(' and ')} left the model’s context.`,
    });
  }
  return notes;
}
