import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ImportReport } from '../../../src-shared/contract';
import { api } from '../../api/client';
import { Icon } from '../../components/Icon';
import { useStore } from '../../store';
import type { JobView } from '../../store/jobsSlice';
import { ImportOutcome } from './ImportOutcome';
import { describeProgress, progressFraction } from './describeProgress';

/** Answers stream in the chat panel, so the tray shows the other long work. */
const TRAY_KINDS = new Set(['import', 'chapters', 'compress', 'prepare', 'loadModel', 'downloadModel']);

function JobRow({ job }: { job: JobView }) {
  const dismiss = useStore((s) => s.dismissJob);
  // Set once the engine accepted the cancel: the job ends when its current step notices (shown until job:done).
  const [cancelling, setCancelling] = useState(false);
  const fraction = progressFraction(job.progress);
  const running = job.state === 'running';
  const item = job.progress?.item;
  return (
    <li className={`job job-${job.state}`} data-testid="job" data-state={job.state} data-kind={job.kind}>
      <div className="job-head">
        <span className="job-label">{job.label}</span>
        {running ? (
          <button
            type="button"
            className="link-button"
            disabled={cancelling}
            data-testid="job-cancel"
            onClick={() => {
              setCancelling(true);
              void api()
                .cancelJob({ jobId: job.jobId })
                .then((r) => {
                  if (!r.ok || !r.value.cancelled) setCancelling(false);
                });
            }}
            aria-label={cancelling ? `Cancelling: ${job.label}` : `Cancel: ${job.label}`}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <button
            type="button"
            className="icon-button small"
            onClick={() => dismiss(job.jobId)}
            aria-label={`Dismiss: ${job.label}`}
          >
            <Icon name="close" />
          </button>
        )}
      </div>
      {running && (
        <>
          <p className="job-phase" data-testid="job-phase">
            {item && item.count > 1 ? `File ${item.index + 1} of ${item.count}, ${item.name}: ` : ''}
            {job.progress ? describeProgress(job.progress) : 'Starting…'}
          </p>
          <progress
            className="bar"
            aria-label={`${job.label} progress`}
            {...(fraction === undefined ? {} : { value: fraction, max: 1 })}
          />
        </>
      )}
      {job.state === 'cancelled' && <p className="job-phase">Cancelled. Nothing was changed.</p>}
      {job.state === 'failed' && job.outcome && !job.outcome.ok && (
        <p className="job-phase error" role="alert">
          {job.outcome.error.message}
        </p>
      )}
      {job.state === 'done' && job.outcome?.kind === 'import' && job.outcome.ok && (
        <ImportOutcome value={job.outcome.value} />
      )}
      {job.state === 'done' && job.kind !== 'import' && <p className="job-phase">Done.</p>}
    </li>
  );
}

/** How long a job that ended well stays in the tray before it folds away. Failures stay until dismissed. */
export const FOLD_AFTER_MS = 6000;

/** A finished job with nothing left to act on: done without a failed file, or cancelled. */
function endedWell(job: JobView): boolean {
  if (job.state === 'cancelled') return true;
  if (job.state !== 'done') return false;
  if (job.kind !== 'import' || !job.outcome?.ok) return true;
  return (job.outcome.value as ImportReport).results.every((r) => r.status !== 'error');
}

/**
 * Running and recently finished jobs, newest first, each with its phase, progress and a way to cancel or dismiss
 * it. Jobs that ended well fold away after a few seconds; the whole tray folds to a heading with a count.
 */
export function JobsTray() {
  const jobs = useStore(
    useShallow((s) =>
      Object.values(s.jobs)
        .filter((j) => TRAY_KINDS.has(j.kind) && !s.dismissedJobs[j.jobId])
        .sort((a, b) => b.startedAt - a.startedAt),
    ),
  );
  const dismiss = useStore((s) => s.dismissJob);
  const [collapsed, setCollapsed] = useState(false);
  const finished = jobs
    .filter(endedWell)
    .map((j) => j.jobId)
    .join(' ');
  useEffect(() => {
    if (!finished) return;
    const timer = setTimeout(() => finished.split(' ').forEach(dismiss), FOLD_AFTER_MS);
    return () => clearTimeout(timer);
  }, [finished, dismiss]);
  if (jobs.length === 0) return null;
  return (
    <section
      className="jobs-tray"
      aria-label="Activity"
      data-testid="jobs-tray"
      data-collapsed={collapsed || undefined}
    >
      <h2 className="section-title">
        <button
          type="button"
          className="link-button tray-toggle"
          aria-expanded={!collapsed}
          data-testid="jobs-toggle"
          onClick={() => setCollapsed(!collapsed)}
        >
          Activity
          {collapsed && (
            <span className="badge jobs-badge" data-testid="jobs-count" aria-label={`${jobs.length} jobs`}>
              {jobs.length}
            </span>
          )}
        </button>
      </h2>
      {!collapsed && (
        <ul aria-live="polite">
          {jobs.map((job) => (
            <JobRow key={job.jobId} job={job} />
          ))}
        </ul>
      )}
    </section>
  );
}
