import { useEffect, useRef, useState } from 'react';
import type { ChatTurn } from '../../../src-shared/contract';
import { Icon } from '../../components/Icon';
import { modKey } from '../../lib/isMac';
import { useStore } from '../../store';
import { downloadText } from '../chapters/downloadText';
import { describeProgress } from '../import/describeProgress';
import { CompressionSlider } from './CompressionSlider';
import { TurnView } from './TurnView';
import { conversationMarkdown } from './conversationMarkdown';

export const QUESTION_INPUT_ID = 'question-input';

const NO_TURNS: ChatTurn[] = [];

/** The streamed answer in progress, re-rendered only when the token batcher flushes. */
function StreamingAnswer({ jobId, question, onStop }: { jobId?: string; question: string; onStop: () => void }) {
  const text = useStore((s) => (jobId ? s.streams[jobId] : undefined));
  const progress = useStore((s) => (jobId ? s.jobs[jobId]?.progress : undefined));
  return (
    <article className="turn streaming" data-testid="streaming" aria-busy="true">
      <p className="question">{question}</p>
      <div className="answer">
        {text ? (
          <p className="answer-text">
            {text}
            <span className="caret" aria-hidden="true" />
          </p>
        ) : (
          <p className="muted">
            {progress && progress.phase !== 'answering' ? `${describeProgress(progress)}…` : 'Thinking…'}
          </p>
        )}
        <div className="turn-foot">
          <span className="muted small">Esc stops</span>
          <button type="button" onClick={onStop} data-testid="stop">
            <Icon name="stop" /> Stop
          </button>
        </div>
      </div>
    </article>
  );
}

/** Questions about the open document: the conversation, the answer streaming in, and the composer. */
export function ChatPanel() {
  const docId = useStore((s) => s.openDocId);
  const title = useStore((s) => s.openDoc?.title ?? '');
  const turns = useStore((s) => (docId ? (s.conversations[docId] ?? NO_TURNS) : NO_TURNS));
  const status = useStore((s) => (docId ? s.conversationStatus[docId] : undefined));
  const pending = useStore((s) => (docId ? s.pendingAsks[docId] : undefined));
  const ask = useStore((s) => s.ask);
  const stopAsk = useStore((s) => s.stopAsk);
  const dismissAskError = useStore((s) => s.dismissAskError);
  const clearConversation = useStore((s) => s.clearConversation);
  const notify = useStore((s) => s.notify);
  const [question, setQuestion] = useState('');
  const bottom = useRef<HTMLDivElement>(null);
  const streamed = useStore((s) => (pending?.jobId ? (s.streams[pending.jobId]?.length ?? 0) : 0));

  // Follow the answer while it streams; a finished answer is shown from its start (its label comes first).
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [streamed, pending?.question]);
  useEffect(() => {
    bottom.current?.parentElement?.querySelector('.turn:last-of-type')?.scrollIntoView({ block: 'start' });
  }, [turns.length]);

  if (!docId) return null;
  const running = pending !== undefined && !pending.error;
  const submit = () => {
    const q = question.trim();
    if (!q || running) return;
    setQuestion('');
    void ask(docId, q);
  };

  return (
    <aside className="chat" aria-label="Ask about this document" data-testid="chat">
      <header className="chat-head">
        <div className="chat-title">
          <h2>Ask</h2>
          <div className="row">
            <button
              type="button"
              className="icon-button"
              aria-label="Export conversation as Markdown"
              title="Export conversation as Markdown"
              disabled={turns.length === 0}
              onClick={() =>
                downloadText(
                  `${title.replace(/[\\/:*?"<>|]/g, '_') || 'conversation'} - questions.md`,
                  'text/markdown',
                  conversationMarkdown(title, turns),
                )
              }
            >
              <Icon name="download" />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Clear conversation"
              title="Clear conversation"
              disabled={turns.length === 0 || running}
              onClick={() =>
                void clearConversation(docId).then((error) => error && notify(`Could not clear: ${error.message}`))
              }
            >
              <Icon name="trash" />
            </button>
          </div>
        </div>
        <CompressionSlider docId={docId} />
      </header>
      <div className="chat-log" aria-live="polite" aria-label="Conversation" role="log" tabIndex={0}>
        {turns.length === 0 && !pending && (
          <p className="muted chat-empty">
            Ask anything about <strong>{title}</strong>. Answers cite pages or timestamps; click one to see the source.
          </p>
        )}
        {status === 'error' && <p className="error small">Earlier questions could not be loaded.</p>}
        {turns.map((turn) => (
          <TurnView key={turn.id} turn={turn} />
        ))}
        {running && (
          <StreamingAnswer jobId={pending.jobId} question={pending.question} onStop={() => void stopAsk(docId)} />
        )}
        {pending?.error && (
          <div className="notice error-notice" role="alert" data-testid="ask-error">
            <strong>The question could not be answered.</strong>
            <p>{pending.error.message}</p>
            <div className="row">
              <button type="button" onClick={() => void ask(docId, pending.question)}>
                Try again
              </button>
              <button type="button" className="link-button" onClick={() => dismissAskError(docId)}>
                Dismiss
              </button>
            </div>
          </div>
        )}
        <div ref={bottom} />
      </div>
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor={QUESTION_INPUT_ID} className="visually-hidden">
          Question
        </label>
        <textarea
          id={QUESTION_INPUT_ID}
          rows={2}
          placeholder="Ask a question about this document…"
          value={question}
          maxLength={4000}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          onChange={(e) => setQuestion(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <div className="composer-foot">
          <span className="muted small">{modKey}+Enter to ask</span>
          {running ? (
            <button type="button" onClick={() => void stopAsk(docId)}>
              <Icon name="stop" /> Stop
            </button>
          ) : (
            <button type="submit" className="primary" disabled={!question.trim()}>
              <Icon name="send" /> Ask
            </button>
          )}
        </div>
      </form>
    </aside>
  );
}
