import type { LoadedOnnxModels, OnnxModelInfo } from '../../../src-shared/contract';
import { formatBytes } from '../../lib/format';
import { useStore } from '../../store';
import { onnxFolderHelp, onnxKindLabel, onnxProblemHelp, type OnnxHelp } from './onnxProblemHelp';

function Help({ help, testId }: { help: OnnxHelp; testId: string }) {
  return (
    <span className="error small" data-testid={testId}>
      {help.summary}
      {help.detail && help.detail !== help.summary && (
        <details className="problem-detail">
          <summary>Details</summary>
          <span className="muted">{help.detail}</span>
        </details>
      )}
    </span>
  );
}

/** Folders that can be used come first; the engine's order (by path) is kept within each group. */
function usableFirst(models: OnnxModelInfo[]): OnnxModelInfo[] {
  return [...models.filter((m) => !onnxFolderHelp(m)), ...models.filter((m) => onnxFolderHelp(m))];
}

function inUse(loaded: LoadedOnnxModels | undefined, model: OnnxModelInfo): boolean {
  if (model.kind === 'unknown') return false;
  return loaded?.[model.kind]?.dir === model.dir;
}

function OnnxRow({ model }: { model: OnnxModelInfo }) {
  const loaded = useStore((s) => s.onnxLoaded);
  const busy = useStore((s) => s.onnxBusy);
  const actionError = useStore((s) => (s.onnxActionError?.dir === model.dir ? s.onnxActionError.error : undefined));
  const load = useStore((s) => s.loadOnnxModel);
  const unload = useStore((s) => s.unloadOnnxModel);
  const used = inUse(loaded, model);
  const help = onnxFolderHelp(model);
  const kind = model.kind;
  return (
    <li data-testid="onnx-model" data-kind={kind} data-in-use={used}>
      <div className="model-text">
        <strong>
          {model.name}
          {used && <span className="badge ok inline-badge">In use</span>}
        </strong>
        <span className="muted small">
          {onnxKindLabel(model)} · {formatBytes(model.sizeBytes)}
        </span>
        {help && <Help help={help} testId="onnx-problem" />}
        {actionError && (
          <span role="alert">
            <Help help={onnxProblemHelp(actionError)} testId="onnx-load-error" />
          </span>
        )}
      </div>
      {used && kind !== 'unknown' ? (
        <button
          type="button"
          disabled={busy !== undefined}
          aria-label={`Unload ${model.name}`}
          onClick={() => void unload(kind)}
        >
          {busy === kind ? 'Unloading…' : 'Unload'}
        </button>
      ) : (
        <button
          type="button"
          disabled={Boolean(help) || busy !== undefined}
          aria-label={`Use ${model.name}`}
          onClick={() => void load(model.dir)}
        >
          {busy === model.dir ? 'Loading…' : 'Use'}
        </button>
      )}
    </li>
  );
}

/**
 * The optional ONNX models: an embedding model for search by meaning and an LLMLingua-2 compressor, one of each in use
 * at a time, independent of the chat model.
 */
export function OnnxModelsSection() {
  const models = useStore((s) => s.onnxModels);
  const listed = useStore((s) => s.onnxListed);
  const listError = useStore((s) => s.onnxListError);
  const loadedError = useStore((s) => s.onnxLoadedError);
  // An unload failure has no row of its own once the folder is gone from the list.
  const kindError = useStore((s) => (s.onnxActionError?.dir === undefined ? s.onnxActionError?.error : undefined));
  const modelsDir = useStore((s) => s.status?.paths.modelsDir);
  const error = listError ?? loadedError;
  return (
    <section aria-labelledby="helpers-title" data-testid="onnx-section">
      <h3 id="helpers-title">Search and compression helpers (optional)</h3>
      {error ? (
        <p className="error small" role="alert">
          {onnxProblemHelp(error).summary}
        </p>
      ) : !listed ? (
        <p className="muted small">Looking for helper models…</p>
      ) : models.length === 0 ? (
        <p className="muted small" data-testid="onnx-empty">
          No helper models found in {modelsDir ? <code>{modelsDir}</code> : 'the models folder'}. An embedding model
          adds search by meaning to keyword search, and a compressor picks the words to keep when a long document is
          compressed; download one below or put its folder there.
        </p>
      ) : (
        <>
          <p className="muted small">
            An embedding model adds search by meaning to keyword search; a compressor picks the words to keep when a
            long document is compressed. Lectern works without them.
          </p>
          <ul className="model-list" data-testid="onnx-list">
            {usableFirst(models).map((m) => (
              <OnnxRow key={m.dir} model={m} />
            ))}
          </ul>
        </>
      )}
      {kindError && (
        <p role="alert">
          <Help help={onnxProblemHelp(kindError)} testId="onnx-load-error" />
        </p>
      )}
    </section>
  );
}
