import { useStore } from '../../store';

function formatUptime(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The engine's real status from `getStatus`: versions, backend, threads and folders. */
export function EngineStatusPanel() {
  const status = useStore((s) => s.status);
  const error = useStore((s) => s.statusError);
  const loading = useStore((s) => s.statusLoading);
  const reload = useStore((s) => s.loadStatus);

  if (error) {
    return (
      <section className="card" aria-labelledby="engine-title">
        <h2 id="engine-title">Engine</h2>
        <p className="error" role="alert">
          {error.message} <code>{error.code}</code>
        </p>
        <button type="button" onClick={() => void reload()}>
          Try again
        </button>
      </section>
    );
  }
  if (!status) {
    return (
      <section className="card" aria-busy="true" aria-labelledby="engine-title">
        <h2 id="engine-title">Engine</h2>
        <p className="muted">{loading ? 'Starting the engine…' : 'Waiting for the engine…'}</p>
      </section>
    );
  }
  const rows: [string, string][] = [
    ['Lectern', status.app.version],
    [
      'Compute',
      status.backend === 'cpu'
        ? `CPU, ${status.threads} ${status.threads === 1 ? 'thread' : 'threads'}`
        : `${status.backend.toUpperCase()} GPU, ${status.threads} CPU threads`,
    ],
    ['node-llama-cpp', status.versions.nodeLlamaCpp],
    ['Node.js', status.versions.node],
    ...(status.versions.electron ? ([['Electron', status.versions.electron]] as [string, string][]) : []),
    ['Engine runs', status.host === 'utility-process' ? 'in its own process' : 'in-process (served)'],
    ['Library', status.paths.libraryDir],
    ['Models folder', status.paths.modelsDir],
    ['Up for', formatUptime(status.uptimeMs)],
  ];
  return (
    <section className="card" aria-labelledby="engine-title" data-testid="engine-status">
      <div className="card-head">
        <h2 id="engine-title">Engine</h2>
        <span className="badge ok" data-testid="engine-backend">
          {status.backend.toUpperCase()}
        </span>
      </div>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd title={v}>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
