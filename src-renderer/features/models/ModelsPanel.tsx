import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ErrorPayload } from '../../../src-shared/contract';
import { api } from '../../api/client';
import { formatParams } from './formatParams';
import { formatBytes, formatCount } from '../../lib/format';
import { useStore } from '../../store';
import { describeProgress, progressFraction } from '../import/describeProgress';
import { backendLabel } from './backendLabel';
import { CatalogList } from './CatalogList';
import { ChooseModelButton } from './ChooseModelButton';
import { useRescanOnFocus } from './useRescanOnFocus';
import { OnnxModelsSection } from './OnnxModelsSection';
import { ServerSettings } from './ServerSettings';

function Unavailable({ error, what }: { error: ErrorPayload; what: string }) {
  return (
    <p className="error small" role="alert">
      {what} failed: {error.message}
    </p>
  );
}

/** The running model job of a kind (load or download), from the jobs mirror. */
function useRunningJob(kind: 'loadModel' | 'downloadModel') {
  return useStore(useShallow((s) => Object.values(s.jobs).find((j) => j.kind === kind && j.state === 'running')));
}

/**
 * Pick, load and unload chat models and the optional helper (ONNX) models; download recommended ones. Shows the loaded
 * chat model with its backend and memory.
 */
export function ModelsPanel() {
  const models = useStore((s) => s.models);
  const modelsError = useStore((s) => s.modelsError);
  const info = useStore((s) => s.modelInfo);
  const infoError = useStore((s) => s.modelInfoError);
  const catalog = useStore((s) => s.catalog);
  const catalogError = useStore((s) => s.catalogError);
  const actionError = useStore((s) => s.modelActionError);
  const refresh = useStore((s) => s.refreshModels);
  const loadModel = useStore((s) => s.loadModel);
  const unloadModel = useStore((s) => s.unloadModel);
  const refreshOnnx = useStore((s) => s.refreshOnnx);
  const modelsDir = useStore((s) => s.status?.paths.modelsDir);
  const loading = useRunningJob('loadModel');
  const downloading = useRunningJob('downloadModel');
  const [scanning, setScanning] = useState(false);

  const rescan = useCallback(async () => {
    setScanning(true);
    await Promise.all([refresh(), refreshOnnx()]);
    setScanning(false);
  }, [refresh, refreshOnnx]);
  // The folders are read when the dialog opens and again whenever the window regains focus.
  useEffect(() => {
    void refresh();
    void refreshOnnx();
  }, [refresh, refreshOnnx]);
  useRescanOnFocus(rescan);

  // Entries without a kind predate helper models: they are chat models.
  const chatCatalog = catalog.filter((c) => (c.kind ?? 'chat') === 'chat');
  const helperCatalog = catalog.filter((c) => (c.kind ?? 'chat') !== 'chat');

  return (
    <div className="models" data-testid="models-panel">
      <section aria-labelledby="loaded-title">
        <h3 id="loaded-title">Loaded model</h3>
        {infoError ? (
          <Unavailable error={infoError} what="Loading models" />
        ) : info ? (
          <div className="loaded-model" data-testid="loaded-model">
            <div>
              <strong>{info.model.meta?.name ?? info.model.name}</strong>
              <p className="muted small">
                {backendLabel(info.backend)}
                {info.backend !== 'cpu' ? `, ${info.gpuLayers} layers on the GPU` : ''} ·{' '}
                {formatCount(info.contextSize)} tokens of context · KV cache {formatBytes(info.kvCacheBytes)} (
                {info.kvCacheType}) · {info.threads} threads
              </p>
            </div>
            <button type="button" onClick={() => void unloadModel()}>
              Unload
            </button>
          </div>
        ) : info === null ? (
          <p className="muted">
            No model is loaded. Lectern answers with passages from the document until you load one.
          </p>
        ) : (
          <p className="muted">Checking…</p>
        )}
        {loading && (
          <div className="job-inline">
            <span>{loading.progress ? describeProgress(loading.progress) : loading.label}</span>
            <progress
              className="bar"
              aria-label="Loading the model"
              {...(progressFraction(loading.progress) === undefined
                ? {}
                : { value: progressFraction(loading.progress), max: 1 })}
            />
            <button
              type="button"
              className="link-button"
              onClick={() => void api().cancelJob({ jobId: loading.jobId })}
            >
              Cancel
            </button>
          </div>
        )}
        {actionError && <Unavailable error={actionError} what="This model action" />}
      </section>

      <section aria-labelledby="found-title">
        <div className="section-head">
          <h3 id="found-title">On this computer</h3>
          <button
            type="button"
            className="small"
            onClick={() => void rescan()}
            disabled={scanning}
            data-testid="rescan-models"
          >
            {scanning ? 'Looking…' : 'Rescan'}
          </button>
        </div>
        {modelsError && <Unavailable error={modelsError} what="Finding models" />}
        {!modelsError && models.length === 0 && (
          <p className="muted small">
            No GGUF models found. Put a <code>.gguf</code> chat model in{' '}
            {modelsDir ? <code>{modelsDir}</code> : 'the models folder'} or download one below.
          </p>
        )}
        <ul className="model-list">
          {models.map((m) => (
            <li key={m.id}>
              <div className="model-text">
                <strong>{m.meta?.name ?? m.name}</strong>
                <span className="small">{m.path.split(/[\\/]/).pop()}</span>
                <span className="muted small">
                  {[
                    m.meta?.parameterCount ? formatParams(m.meta.parameterCount) : '',
                    m.meta?.quantization,
                    formatBytes(m.sizeBytes),
                    m.source,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {m.problem && <span className="error small">{m.problem.message}</span>}
              </div>
              <button
                type="button"
                disabled={Boolean(m.problem) || Boolean(loading) || info?.model.id === m.id}
                onClick={() => void loadModel(m.id)}
              >
                {info?.model.id === m.id ? 'Loaded' : 'Load'}
              </button>
            </li>
          ))}
        </ul>
        <ChooseModelButton disabled={Boolean(loading)} />
      </section>

      <OnnxModelsSection />

      <ServerSettings />

      <section aria-labelledby="catalog-title">
        <h3 id="catalog-title">Recommended downloads</h3>
        {catalogError && <Unavailable error={catalogError} what="The model catalog" />}
        {chatCatalog.length > 0 && (
          <>
            <h4 className="list-title">Chat models</h4>
            <CatalogList entries={chatCatalog} downloading={downloading} testId="catalog-chat" />
          </>
        )}
        {helperCatalog.length > 0 && (
          <>
            <h4 className="list-title">Search and compression helpers</h4>
            <CatalogList entries={helperCatalog} downloading={downloading} testId="catalog-helpers" />
          </>
        )}
      </section>
    </div>
  );
}
