import { useStore } from '../../store';
import { ChapterOutline } from '../chapters/ChapterOutline';
import { ChatPanel } from '../chat/ChatPanel';
import { KindIcon } from '../library/KindIcon';
import { documentFacts } from '../library/documentFacts';
import { Reader } from './Reader';

/** An open document: its header, the chapter outline, the text, and the chat beside it. */
export function DocumentView() {
  const doc = useStore((s) => s.openDoc);
  const summary = useStore((s) => s.documents.find((d) => d.id === s.openDocId));
  const error = useStore((s) => s.readerError);
  const closeDocument = useStore((s) => s.closeDocument);

  if (error) {
    return (
      <div className="doc-error" role="alert">
        <h1>This document could not be opened</h1>
        <p>{error.code === 'NOT_FOUND' ? 'It is no longer in the library.' : error.message}</p>
        <button type="button" onClick={closeDocument}>
          Back to the start screen
        </button>
      </div>
    );
  }
  return (
    <div className="document" data-testid="document" data-kind={doc?.kind}>
      <header className="doc-head">
        {doc && <KindIcon kind={doc.kind} />}
        <div className="doc-head-text">
          <h1 title={doc?.title}>{doc?.title ?? 'Opening…'}</h1>
          <p className="muted small">
            {summary ? documentFacts(summary) : ''}
            {doc?.meta.author ? ` · ${doc.meta.author}` : ''}
            {doc?.meta.fileName ? ` · ${doc.meta.fileName}` : ''}
          </p>
        </div>
      </header>
      {doc?.meta.warnings && doc.meta.warnings.length > 0 && (
        <p className="doc-warnings small">Imported with warnings: {doc.meta.warnings.join(' ')}</p>
      )}
      <div className="doc-body">
        <ChapterOutline />
        <div className="reader-wrap">{doc ? <Reader /> : <p className="muted pad">Loading the text…</p>}</div>
        <ChatPanel />
      </div>
    </div>
  );
}
