import { useEffect, useRef } from 'react';
import { api } from '../../api/client';
import { formatBytes, formatCount } from '../../lib/format';
import { useStore } from '../../store';

/** The ratios the slider stops at: roughly even steps on a log scale from 1× (no compression) to 16×. */
export const RATIOS = [1, 2, 3, 4, 6, 8, 12, 16] as const;

/** The slider's one meaning (README, "What the slider means"): the planner in the engine honours it. */
export const SLIDER_MEANING = (ratio: number): string =>
  ratio <= 1
    ? 'At 1× the model holds the whole document.'
    : `At ${ratio}× the model holds at most 1/${ratio} of the document's tokens: an overview of the whole that shrinks as the ratio grows, and the passages that matter for your question, in full.`;

const STATE_TEXT = {
  ready: 'Compressed cache ready',
  building: 'Building compressed cache…',
  missing: 'Not built yet: it will be built when you ask',
  'no-model': 'No model loaded: answers will be passages',
} as const;

/** Compression ratio with what it costs before asking: kept tokens, KV memory, and whether its cache is ready. */
export function CompressionSlider({ docId }: { docId: string }) {
  const ratio = useStore((s) => s.ratio);
  const setRatio = useStore((s) => s.setRatio);
  const estimate = useStore((s) => s.estimate);
  const loadEstimate = useStore((s) => s.loadEstimate);
  const notify = useStore((s) => s.notify);
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

  // Moving the slider to a ratio whose cache is missing starts building it in the background.
  useEffect(() => {
    const value = estimate?.value;
    if (!moved.current || estimate?.docId !== docId || !value || value.state !== 'missing') return;
    moved.current = false;
    void api()
      .prepareDocument({ docId, ratio: value.ratio })
      .then((result) => {
        if (result.ok) void loadEstimate(docId, value.ratio);
        else notify(`Could not prepare: ${result.error.message}`);
      });
  }, [estimate, docId, loadEstimate, notify]);

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
    detail = `The model holds at most ${formatCount(v.keptTokens)} of the document’s ${formatCount(v.docTokens)} tokens${kv} · ${STATE_TEXT[v.state]}`;
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
      <p className="compression-help" data-testid="compression-help">
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
      <details className="compression-help" data-testid="compression-help">
        <summary>What does compression do?</summary>
        <p className="small">
          To answer, the model reads the document. At 4× it keeps about a quarter of the document’s words in its memory
          (the ones that carry the most), so answers start faster and use less memory; at 1× it keeps everything, which
          is slowest and needs the most memory. Whatever the setting, the passages that match your question are always
          read in full, and every answer cites where it comes from.
        </p>
      </details>
    </div>
  );
}
