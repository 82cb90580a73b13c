import type { ChatTurn } from '../../../src-shared/contract';
import { Icon } from '../../components/Icon';
import { useStore } from '../../store';
import { AnswerText } from './AnswerText';
import { CitationChip } from './CitationChip';
import { contextNotes } from './contextNotes';
import { answerMarkdown } from './conversationMarkdown';

function timings(turn: ChatTurn): string {
  const r = turn.result;
  const parts = [`${r.ratio}× compression`];
  if (r.mode === 'generated') {
    parts.push(`first word after ${(r.timings.ttftMs / 1000).toFixed(1)} s`);
    if (r.timings.decodeTokPerS > 0) parts.push(`${Math.round(r.timings.decodeTokPerS)} tokens/s`);
  }
  return parts.join(' · ');
}

/** A question and its answer: generated (with citation chips) or, without a model, the best passages, labelled so. */
export function TurnView({ turn }: { turn: ChatTurn }) {
  const notify = useStore((s) => s.notify);
  const { result } = turn;
  return (
    <article className="turn" data-testid="turn" data-mode={result.mode}>
      <p className="question">{turn.question}</p>
      <div className="answer">
        {result.mode === 'passages' ? (
          <>
            <p className="mode-label" data-testid="passages-label">
              Passages from the document: no model is loaded, so this is not a generated answer.
            </p>
            {result.passages.length === 0 && <p className="muted">No passage matched the question.</p>}
            <ol className="passages">
              {result.passages.map((p) => (
                <li key={`${p.segmentId}:${p.unitIndex}`}>
                  <CitationChip anchor={p.anchor} unitIndex={p.unitIndex} quote={p.text} />
                  <span className="passage-text">{p.text}</span>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <>
            {result.noEvidence && (
              <p className="mode-label">Nothing in the document answers this; the answer says so rather than guess.</p>
            )}
            <AnswerText text={result.answer} citations={result.citations} />
            {result.citations.length > 0 && (
              <div className="chips" aria-label="Sources">
                {result.citations.map((c) => (
                  <CitationChip
                    key={c.segmentId}
                    anchor={c.anchor}
                    unitIndex={c.unitIndex}
                    unverified={c.quoteFound === false}
                    {...(c.quote && c.quoteFound !== false ? { quote: c.quote } : {})}
                  />
                ))}
              </div>
            )}
          </>
        )}
        {result.note && (
          <p className="context-note muted small" data-testid="answer-note" data-outcome={result.outcome ?? 'answered'}>
            <Icon name="info" size={14} />
            <span>{result.note}</span>
          </p>
        )}
        {contextNotes(result).map((note) => (
          <p key={note.kind} className="context-note muted small" data-testid={`context-note-${note.kind}`}>
            <Icon name="info" size={14} />
            <span>{note.text}</span>
          </p>
        ))}
        <div className="turn-foot">
          <span className="muted small">{timings(turn)}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Copy answer"
            title="Copy answer"
            onClick={() =>
              void navigator.clipboard.writeText(answerMarkdown(turn)).then(
                () => notify('Answer copied.'),
                () => notify('Copying needs clipboard permission.'),
              )
            }
          >
            <Icon name="copy" />
          </button>
        </div>
      </div>
    </article>
  );
}
