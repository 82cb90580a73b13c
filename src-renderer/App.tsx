import { useEffect } from 'react';
import { EngineStatusPanel } from './features/status/EngineStatusPanel';
import { connectEvents, useStore } from './store';

/** The app frame: library sidebar on the left, the open document (or the welcome screen) on the right. */
export function App() {
  const loadStatus = useStore((s) => s.loadStatus);
  useEffect(() => {
    const disconnect = connectEvents();
    void loadStatus();
    return disconnect;
  }, [loadStatus]);

  return (
    <div className="frame">
      <aside className="sidebar" aria-label="Library">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            L
          </span>
          <span>Lectern</span>
        </div>
        <h2 className="section-title">Library</h2>
        <p className="muted small">No documents yet.</p>
      </aside>
      <main className="main" aria-label="Document">
        <header className="welcome">
          <h1>Ask your documents</h1>
          <p className="muted">
            Drop a long PDF or a transcript to split it into chapters and ask questions about it — on this computer,
            offline.
          </p>
        </header>
        <EngineStatusPanel />
      </main>
    </div>
  );
}
