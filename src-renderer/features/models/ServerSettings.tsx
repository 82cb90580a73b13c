import { useEffect, useId, useState } from 'react';
import type { ErrorPayload, ServerSettingsView, ServerTestResult } from '../../../src-shared/contract';
import { api } from '../../api/client';
import { formatCount } from '../../lib/format';

const KIND_LABEL: Record<ServerTestResult['kind'], string> = {
  'llama.cpp': 'llama.cpp server',
  vllm: 'vLLM',
  ollama: 'Ollama',
  unknown: 'OpenAI-compatible server',
};

/**
 * An OpenAI-compatible server (llama.cpp `llama-server`, vLLM, Ollama, LM Studio) that answers instead of the local
 * model. The key field is write-only: the engine keeps the key and only says whether one is set.
 */
export function ServerSettings() {
  const ids = useId();
  const [current, setCurrent] = useState<ServerSettingsView | null>();
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [model, setModel] = useState('');
  const [tested, setTested] = useState<ServerTestResult>();
  const [error, setError] = useState<ErrorPayload>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api()
      .getServer({})
      .then((r) => {
        if (!r.ok) return setError(r.error);
        setCurrent(r.value);
        if (r.value) {
          setBaseUrl(r.value.baseUrl);
          setModel(r.value.model ?? '');
        }
      });
  }, []);

  const run = async <T,>(work: () => Promise<{ ok: true; value: T } | { ok: false; error: ErrorPayload }>) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await work();
      if (!result.ok) setError(result.error);
      return result.ok ? result.value : undefined;
    } finally {
      setBusy(false);
    }
  };
  const keyArg = apiKey ? { apiKey } : {};

  const test = async () => {
    setTested(undefined);
    const result = await run(() => api().testServer({ baseUrl, ...keyArg }));
    if (result) {
      setTested(result);
      if (!result.models.some((m) => m.id === model)) setModel(result.models[0]?.id ?? '');
    }
  };
  const use = async () => {
    const view = await run(() => api().setServer({ baseUrl, ...keyArg, ...(model ? { model } : {}) }));
    if (view) {
      setCurrent(view);
      setApiKey('');
    }
  };
  const stop = async () => {
    if (await run(() => api().clearServer({}))) setCurrent(null);
  };

  const models = tested?.models ?? (current?.model ? [{ id: current.model }] : []);
  return (
    <section aria-labelledby={`${ids}-title`} className="server-settings" data-testid="server-settings">
      <h3 id={`${ids}-title`}>Server</h3>
      <p className="muted small">
        Answer through an OpenAI-compatible server (llama.cpp, vLLM, Ollama, LM Studio) instead of this computer’s
        model. The document is sent to it as compressed text.
      </p>
      {current && (
        <p className="notice small" data-testid="server-in-use">
          Answers come from <code>{current.baseUrl}</code>
          {current.model ? ` (${current.model})` : ''}
          {current.hasApiKey ? ', with an API key' : ''}.{' '}
          <button type="button" className="link-button" onClick={() => void stop()} disabled={busy}>
            Stop using it
          </button>
        </p>
      )}
      <div className="server-form">
        <label htmlFor={`${ids}-url`}>Base URL</label>
        <input
          id={`${ids}-url`}
          type="url"
          placeholder="http://127.0.0.1:8080/v1"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
        />
        <label htmlFor={`${ids}-key`}>API key</label>
        <input
          id={`${ids}-key`}
          type="password"
          autoComplete="off"
          placeholder={current?.hasApiKey ? 'Stored (type to replace)' : 'Optional'}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
        <label htmlFor={`${ids}-model`}>Model</label>
        <select
          id={`${ids}-model`}
          value={model}
          onChange={(e) => setModel(e.target.value)}
          disabled={models.length === 0}
        >
          {models.length === 0 && <option value="">Test the connection to list models</option>}
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id}
            </option>
          ))}
        </select>
      </div>
      <div className="server-actions">
        <button type="button" onClick={() => void test()} disabled={busy || !baseUrl}>
          Test connection
        </button>
        <button type="button" onClick={() => void use()} disabled={busy || !baseUrl}>
          Use this server
        </button>
      </div>
      {tested && (
        <p className="muted small" data-testid="server-test-result">
          {KIND_LABEL[tested.kind]} answered in {tested.latencyMs} ms · {tested.models.length} model
          {tested.models.length === 1 ? '' : 's'}
          {tested.contextLength !== undefined
            ? ` · ${formatCount(tested.contextLength)} tokens of context`
            : ' · context length not reported'}
        </p>
      )}
      {error && (
        <p className="error small" role="alert" data-testid="server-error" data-code={error.code}>
          {error.message}
        </p>
      )}
    </section>
  );
}
