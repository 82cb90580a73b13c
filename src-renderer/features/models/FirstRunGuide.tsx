import { useStore } from '../../store';

/** Shown while no model is on disk: how to get one, and what Lectern does without one. */
export function FirstRunGuide() {
  const modelsDir = useStore((s) => s.status?.paths.modelsDir);
  const setOverlay = useStore((s) => s.setOverlay);
  return (
    <section className="card guide" aria-labelledby="first-run-title" data-testid="first-run">
      <h2 id="first-run-title">Get a model for written answers</h2>
      <ol className="steps">
        <li>
          Put a GGUF chat model (a <code>.gguf</code> file, 1–8 B parameters works well) in the models folder:
          <code className="path">{modelsDir ?? '…'}</code>
        </li>
        <li>
          Or download a recommended one:{' '}
          <button type="button" className="link-button" onClick={() => setOverlay('models')}>
            open Models
          </button>
          .
        </li>
      </ol>
      <p className="muted small">
        Without a model Lectern still imports documents, finds chapters, searches, and answers with the passages that
        match your question, everything offline.
      </p>
    </section>
  );
}
