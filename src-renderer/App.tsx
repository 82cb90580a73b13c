import { useEffect } from 'react';
import { Dialog } from './components/Dialog';
import { Icon } from './components/Icon';
import { DropOverlay } from './features/import/DropOverlay';
import { JobsTray } from './features/import/JobsTray';
import { HiddenFileInput, OpenButton } from './features/import/OpenButton';
import { PasswordDialog } from './features/import/PasswordDialog';
import { LibrarySidebar } from './features/library/LibrarySidebar';
import { Welcome } from './features/library/Welcome';
import { ModelButton } from './features/models/ModelButton';
import { ModelsPanel } from './features/models/ModelsPanel';
import { DocumentView } from './features/reader/DocumentView';
import { Notice } from './features/settings/Notice';
import { ShortcutsHelp } from './features/settings/ShortcutsHelp';
import { useShortcuts } from './features/settings/useShortcuts';
import { EngineStatusPanel } from './features/status/EngineStatusPanel';
import { connectEvents, useStore } from './store';
import { rememberedDocument } from './store/readerSlice';

/** The app frame: library sidebar on the left, the open document (or the welcome screen) on the right. */
export function App() {
  const openDocId = useStore((s) => s.openDocId);
  const overlay = useStore((s) => s.overlay);
  const setOverlay = useStore((s) => s.setOverlay);
  useShortcuts();

  useEffect(() => {
    const disconnect = connectEvents();
    const { loadStatus, loadDocuments, refreshModels } = useStore.getState();
    void loadStatus();
    void refreshModels();
    void loadDocuments().then(() => {
      // Reopen the last document, if it is still in the library.
      const last = rememberedDocument();
      const state = useStore.getState();
      if (last && !state.openDocId && state.documents.some((d) => d.id === last)) void state.openDocument(last);
    });
    return disconnect;
  }, []);

  return (
    <div className="frame">
      <aside className="sidebar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            L
          </span>
          <span>Lectern</span>
          <span className="spacer" />
          <OpenButton />
        </div>
        <LibrarySidebar />
        <JobsTray />
        <footer className="sidebar-foot">
          <ModelButton />
          <button
            type="button"
            className="icon-button"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            onClick={() => setOverlay('shortcuts')}
          >
            <Icon name="keyboard" />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="About this engine"
            title="About this engine"
            onClick={() => setOverlay('about')}
          >
            <Icon name="info" />
          </button>
        </footer>
      </aside>
      <main className="main" aria-label={openDocId ? 'Document' : 'Start'}>
        {openDocId ? <DocumentView /> : <Welcome />}
      </main>
      {overlay === 'shortcuts' && (
        <Dialog title="Keyboard shortcuts" onClose={() => setOverlay(undefined)}>
          <ShortcutsHelp />
        </Dialog>
      )}
      {overlay === 'models' && (
        <Dialog title="Models" wide onClose={() => setOverlay(undefined)} testId="models-dialog">
          <ModelsPanel />
        </Dialog>
      )}
      {overlay === 'about' && (
        <Dialog title="About Lectern" wide onClose={() => setOverlay(undefined)}>
          <EngineStatusPanel />
        </Dialog>
      )}
      <PasswordDialog />
      <HiddenFileInput />
      <DropOverlay />
      <Notice />
    </div>
  );
}
