import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
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
      {job.state === 'done' && job.kind === 'import' && job.outcome?.ok && <ImportOutcome value={job.outcome.value} />}
      {job.state === 'done' && job.kind !== 'import' && <p className="job-phase">Done.</p>}
    </li>
  );
}

/** Running and recently finished jobs, each with its phase, progress and a way to cancel or dismiss it. */
export function JobsTray() {
  const jobs = useStore(
    useShallow((s) => Object.values(s.jobs).filter((j) => TRAY_KINDS.has(j.kind) && !s.dismissedJobs[j.jobId])),
  );
  if (jobs.length === 0) return null;
  return (
    <section className="jobs-tray" aria-label="Jobs" data-testid="jobs-tray">
      <h2 className="section-title">Activity</h2>
      <ul aria-live="polite">
        {jobs.map((job) => (
          <JobRow key={job.jobId} job={job} />
        ))}
      </ul>
    </section>
  );
}
