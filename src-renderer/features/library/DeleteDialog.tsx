import { useState } from 'react';
import type { DocumentSummary } from '../../../src-shared/contract';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';

/** Deleting removes the document, its chapters and its conversation: say so, and make Cancel the easy choice. */
export function DeleteDialog({ doc, onClose }: { doc: DocumentSummary; onClose: () => void }) {
  const deleteDocument = useStore((s) => s.deleteDocument);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title="Delete document?" onClose={onClose} testId="delete-dialog">
      <p>
        <strong>{doc.title}</strong> will be removed from the library with its chapters, index and conversation. The
        original file on disk is not touched.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="button" autoFocus onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void deleteDocument(doc.id).then((failure) => {
              setBusy(false);
              if (failure) setError(failure.message);
              else onClose();
            });
          }}
        >
          Delete
        </button>
      </div>
    </Dialog>
  );
}
