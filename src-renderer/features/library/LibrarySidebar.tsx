import { useMemo, useState } from 'react';
import type { DocumentSummary } from '../../../src-shared/contract';
import { Icon } from '../../components/Icon';
import { modKey } from '../../lib/isMac';
import { useStore } from '../../store';
import { DeleteDialog } from './DeleteDialog';
import { KindIcon, kindLabel } from './KindIcon';
import { documentFacts } from './documentFacts';

export const LIBRARY_FILTER_ID = 'library-filter';

/** The library: a title filter and the documents, newest first; each can be opened or deleted. */
export function LibrarySidebar() {
  const documents = useStore((s) => s.documents);
  const loaded = useStore((s) => s.libraryLoaded);
  const error = useStore((s) => s.libraryError);
  const filter = useStore((s) => s.libraryFilter);
  const setFilter = useStore((s) => s.setLibraryFilter);
  const openDocId = useStore((s) => s.openDocId);
  const openDocument = useStore((s) => s.openDocument);
  const [toDelete, setToDelete] = useState<DocumentSummary>();

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? documents.filter((d) => d.title.toLowerCase().includes(needle)) : documents;
  }, [documents, filter]);

  return (
    <nav className="library" aria-label="Library">
      <div className="search-box">
        <Icon name="search" />
        <input
          id={LIBRARY_FILTER_ID}
          type="search"
          placeholder={`Filter by title (${modKey}+K)`}
          aria-label="Filter documents by title"
          aria-keyshortcuts="Control+K Meta+K"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter) {
              e.stopPropagation();
              setFilter('');
            }
          }}
        />
      </div>
      <h2 className="section-title">
        Documents {documents.length > 0 && <span className="count">{documents.length}</span>}
      </h2>
      {error && (
        <p className="error small" role="alert">
          The library could not be read: {error.message}
        </p>
      )}
      {loaded && documents.length === 0 && !error && (
        <p className="muted small">No documents yet. Drop files on the window, or use Open…</p>
      )}
      {documents.length > 0 && shown.length === 0 && <p className="muted small">No title matches “{filter}”.</p>}
      <ul className="doc-list" data-testid="library-list">
        {shown.map((doc) => (
          <li key={doc.id} className={doc.id === openDocId ? 'doc-item active' : 'doc-item'}>
            <button
              type="button"
              className="doc-open"
              aria-current={doc.id === openDocId ? 'page' : undefined}
              onClick={() => void openDocument(doc.id)}
              title={doc.title}
              data-testid="library-doc"
              data-doc-id={doc.id}
            >
              <KindIcon kind={doc.kind} />
              <span className="doc-text">
                <span className="doc-title">{doc.title}</span>
                <span className="doc-meta">
                  {kindLabel(doc.kind)} · {documentFacts(doc)}
                  {doc.meta.warnings?.length ? ' · with warnings' : ''}
                </span>
              </span>
            </button>
            <button
              type="button"
              className="icon-button doc-delete"
              aria-label={`Delete ${doc.title}`}
              onClick={() => setToDelete(doc)}
            >
              <Icon name="trash" />
            </button>
          </li>
        ))}
      </ul>
      {toDelete && <DeleteDialog doc={toDelete} onClose={() => setToDelete(undefined)} />}
    </nav>
  );
}
