import { useEffect, useRef } from 'react';
import type { CompressionEstimate } from '../../../src-shared/contract';
import { api } from '../../api/client';
import { formatBytes, formatCount } from '../../lib/format';
import { useStore } from '../../store';
import { modeText } from './modeText';

/** The ratios the slider stops at: roughly even steps on a log scale from 1× (no compression) to 16×. */
export const RATIOS = [1, 2, 3, 4, 6, 8, 12, 16] as const;

/** The slider's one meaning (README, "What the slider means"): the planner in the engine honours it. */
export const SLIDER_MEANING = (ratio: number): string =>
  ratio <= 1
    ? 'At 1× the model holds the whole document.'
    : `At ${ratio}× the model holds at most 1/${ratio} of the document's tokens: an overview of the whole that shrinks as the ratio grows, and the passages that matter for your question, in full.`;

const STATE_TEXT = {
  ready: 'Prepared: questions use the whole document',
  building: 'Preparing…',
  missing: 'Not prepared: questions are answered from the most relevant passages until you prepare',
  'no-model': 'No model loaded: answers will be passages',
} as const;

/** Which ratios fit the loaded model's context, in words (where 1/r does not fit, the plan holds what the context leaves). */
function fitText(v: CompressionEstimate): string {
  if (v.state === 'no-model' || v.fits === undefined) return '';
  const ctx = v.contextSize ? `the model’s ${formatCount(v.contextSize)}-token context` : 'the model’s context';
  if (v.fits)
    return v.smallestFittingRatio && v.smallestFittingRatio > 1 ? ` · fits ${ctx} from ${v.smallestFittingRatio}×` : '';
  return v.smallestFittingRatio
    ? ` · 1/${v.ratio} does not fit ${ctx}, so it holds less: ${v.smallestFittingRatio}× or more fits`
    : ` · does not fit ${ctx} at any ratio, so it holds what the context leaves`;
}

const minutes = (ms: number) =>
  ms < 60_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : `${Math.round(ms / 60_000)} min`;

/** Compression ratio with what it costs before asking: kept tokens, KV memory, and whether its cache is ready. */
export function CompressionSlider({ docId }: { docId: string }) {
  const ratio = useStore((s) => s.ratio);
  const setRatio = useStore((s) => s.setRatio);
  const estimate = useStore((s) => s.estimate);
  const loadEstimate = useStore((s) => s.loadEstimate);
  const notify = useStore((s) => s.notify);
  const job = useStore((s) =>
    Object.values(s.jobs).find((j) => j.kind === 'prepare' && j.state === 'running' && j.key === `${docId}:${ratio}`),
  );
  const moved = useRef(false);
  const step = Math.max(
    0,
    RATIOS.findIndex((r) => r >= ratio),
  );

  // Debounced so that dragging across several stops asks the engine once.
  useEffect(() => {
    const timer = setTimeout(() => void loadEstimate(docId, ratio), moved.current ? 200 : 0);
    return () => clearTimeout(timer);
  }, [docId, ratio, loadEstimate]);

  const current = estimate?.docId === docId && estimate.ratio === ratio ? estimate : undefined;
  let detail: string;
  let state = 'loading';
  if (current?.error) {
    state = 'error';
    detail = `No estimate: ${current.error.message}`;
  } else if (current?.value) {
    const v = current.value;
    state = v.state;
    // Without a model there is no KV cache to size, so only the token count is shown.
    const kv = v.state === 'no-model' ? '' : ` · KV ${formatBytes(v.kvBytes)}`;
    detail = `The model holds at most ${formatCount(v.keptTokens)} of the document’s ${formatCount(v.docTokens)} tokens${kv}${fitText(v)}${modeText(v)} · ${STATE_TEXT[v.state]}`;
  } else {
    detail = 'Estimating…';
  }

  return (
    <div className="compression" data-testid="compression">
      <label className="compression-label" htmlFor="compression-slider">
        Compression
      </label>
      <input
        id="compression-slider"
        type="range"
        min={0}
        max={RATIOS.length - 1}
        step={1}
        value={step}
        aria-valuetext={`${ratio} times`}
        aria-describedby="compression-detail"
        onChange={(e) => {
          moved.current = true;
          setRatio(RATIOS[Number(e.target.value)] ?? 4);
        }}
      />
      <output className="compression-value" htmlFor="compression-slider">
        {ratio}×
      </output>
      <p className="compression-help" data-testid="compression-meaning">
        {SLIDER_MEANING(ratio)}
      </p>
      <p
        id="compression-detail"
        className="compression-detail"
        data-testid="compression-detail"
        data-state={state}
        aria-live="polite"
      >
        {detail}
      </p>
      {current?.value && current.value.state !== 'no-model' && current.value.state !== 'ready' && (
        <div className="compression-prepare">
          {job ? (
            <>
              <span className="muted small" data-testid="prepare-progress">
                {job.progress?.paused ? 'Paused' : 'Preparing'}
                {job.progress && job.progress.total > 0
                  ? ` ${Math.floor((job.progress.done / job.progress.total) * 100)}%`
                  : ''}
                {job.progress?.etaMs !== undefined && !job.progress.paused
                  ? `, about ${minutes(job.progress.etaMs)} left`
                  : ''}
              </span>
              <button
                type="button"
                onClick={() =>
                  void (job.progress?.paused
                    ? api().resumeJob({ jobId: job.jobId })
                    : api().pauseJob({ jobId: job.jobId }))
                }
              >
                {job.progress?.paused ? 'Resume' : 'Pause'}
              </button>
              <button type="button" onClick={() => void api().cancelJob({ jobId: job.jobId })}>
                Cancel
              </button>
            </>
          ) : (
            <button
              type="button"
              data-testid="prepare-button"
              onClick={() =>
                void api()
                  .prepareDocument({ docId, ratio })
                  .then((result) => {
                    if (result.ok) void loadEstimate(docId, ratio);
                    else notify(`Could not prepare: ${result.error.message}`);
                  })
              }
            >
              Prepare for questions
            </button>
          )}
        </div>
      )}
      <details className="compression-help" data-testid="compression-help">
        <summary>What does compression do?</summary>
        <p className="small">
          To answer, the model reads part of the document. At 4× it holds at most a quarter of the document’s tokens:
          the passages that match your question, always in full, and at low ratios an overview of the whole. Higher
          ratios answer sooner and use less memory but see less; at 1× it reads everything, which is slowest and needs
          the most memory. Every answer cites where it comes from.
        </p>
      </details>
    </div>
  );
}
