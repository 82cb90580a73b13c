import type { ImportReport } from '../../../src-shared/contract';
import { baseName } from '../../lib/format';
import { count } from '../../lib/plural';
import { useStore } from '../../store';
import { importErrorHelp } from './importErrorHelp';

/** Per-file results of a finished import: what is in the library now, and what to do about files that failed. */
export function ImportOutcome({ value }: { value: ImportReport }) {
  const openDocument = useStore((s) => s.openDocument);
  const requestPassword = useStore((s) => s.requestPassword);
  const { results } = value;
  return (
    <ul className="import-results">
      {results.map((r) => (
        <li key={r.path} data-testid="import-result" data-status={r.status}>
          {r.status === 'error' && r.error ? (
            <div className="error-block" role="alert">
              <strong>{baseName(r.path)}</strong>: {r.error.message} <span>{importErrorHelp(r.error)}</span>
              {(r.error.code === 'PDF_ENCRYPTED' || r.error.code === 'PDF_PASSWORD_WRONG') && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    requestPassword({
                      file: r.file,
                      name: baseName(r.path),
                      wrong: r.error?.code === 'PDF_PASSWORD_WRONG',
                    })
                  }
                >
                  Enter password
                </button>
              )}
            </div>
          ) : (
            <button
              type="button"
              className="link-button result-link"
              onClick={() => r.docId && void openDocument(r.docId)}
            >
              {r.title ?? baseName(r.path)}
              <span className="muted">
                {r.status === 'duplicate'
                  ? ' · already in the library'
                  : ` · ${count(r.chapters ?? 0, 'chapter')}${r.ocrPages ? `, ${count(r.ocrPages, 'page')} by OCR` : ''}`}
              </span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
