import { useShallow } from 'zustand/react/shallow';
import type { CatalogEntry } from '../../../src-shared/contract';
import { api } from '../../api/client';
import { formatBytes } from '../../lib/format';
import { useStore } from '../../store';
import type { JobView } from '../../store/jobsSlice';
import { describeProgress, progressFraction } from '../import/describeProgress';
import { onnxKindLabel } from './onnxProblemHelp';

/** The facts line of a catalog entry. Helper sizes are the catalog's estimate (not checked before download). */
function facts(c: CatalogEntry): string {
  if (c.kind === 'embedding' || c.kind === 'compressor') {
    return `${onnxKindLabel({ kind: c.kind })} · about ${formatBytes(c.sizeBytes)} · ${c.license}`;
  }
  return `${c.tier} · ${formatBytes(c.sizeBytes)} · ${c.license}`;
}

/** Recommended models of one kind, each with Download (or its progress and Cancel, or Downloaded). */
export function CatalogList({
  entries,
  downloading,
  testId,
}: {
  entries: CatalogEntry[];
  /** The running download, if any: one at a time, whatever its kind. */
  downloading: JobView | undefined;
  testId: string;
}) {
  const downloadModel = useStore((s) => s.downloadModel);
  // A failed download says why right here, not only in Activity behind this modal dialog.
  const failures = useStore(
    useShallow((s) =>
      Object.values(s.jobs).filter(
        (j) => j.kind === 'downloadModel' && j.state === 'failed' && !s.dismissedJobs[j.jobId],
      ),
    ),
  );
  return (
    <ul className="model-list" data-testid={testId}>
      {entries.map((c) => {
        const active = downloading?.key.includes(c.id) ? downloading : undefined;
        const fraction = progressFraction(active?.progress);
        const failed = active ? undefined : failures.filter((j) => j.key.includes(c.id)).at(-1);
        const failure = failed?.outcome && !failed.outcome.ok ? failed.outcome.error : undefined;
        return (
          <li key={c.id} data-testid="catalog-entry" data-kind={c.kind ?? 'chat'}>
            <div className="model-text">
              <strong>{c.name}</strong>
              <span className="muted small">{facts(c)}</span>
              <span className="small">{c.description}</span>
              {active && (
                <>
                  <progress
                    className="bar"
                    aria-label={`Downloading ${c.name}`}
                    {...(fraction === undefined ? {} : { value: fraction, max: 1 })}
                  />
                  <span className="small" data-testid="download-progress">
                    {active.progress ? describeProgress(active.progress) : 'Starting…'}
                    {fraction !== undefined ? ` · ${Math.round(fraction * 100)}%` : ''}
                  </span>
                </>
              )}
              {failure && (
                <span className="small error" role="alert" data-testid="download-error">
                  Download failed: {failure.message}
                </span>
              )}
            </div>
            {c.downloaded ? (
              <span className="badge ok">Downloaded</span>
            ) : active ? (
              <button type="button" onClick={() => void api().cancelJob({ jobId: active.jobId })}>
                Cancel
              </button>
            ) : (
              <button
                type="button"
                disabled={Boolean(downloading)}
                aria-label={`Download ${c.name}`}
                onClick={() => void downloadModel(c.id)}
              >
                Download
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
