import { useEffect } from 'react';
import { Group, Panel } from 'react-resizable-panels';
import { Dialog } from './components/Dialog';
import { Icon } from './components/Icon';
import { DropOverlay } from './features/import/DropOverlay';
import { JobsTray } from './features/import/JobsTray';
import { HiddenFileInput, OpenButton } from './features/import/OpenButton';
import { PasswordDialog } from './features/import/PasswordDialog';
import { AppBar } from './features/layout/AppBar';
import { Drawer } from './features/layout/Drawer';
import { PANE_SIZES, usePaneRoom } from './features/layout/paneLayout';
import { ResizeHandle } from './features/layout/ResizeHandle';
import { useRememberedLayout } from './features/layout/rememberedLayout';
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

/**
 * The app frame: the library on the left (a drawer behind the app bar's button in a narrow window), the open
 * document (or the welcome screen) on the right, with a splitter between them.
 */
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

  const room = usePaneRoom();
  const drawer = useStore((s) => s.drawer);
  const setDrawer = useStore((s) => s.setDrawer);
  const frameLayout = useRememberedLayout(
    'lectern-frame',
    room.library ? ['pane-library', 'pane-main'] : ['pane-main'],
  );

  const sidebar = (
    <aside className="sidebar" data-testid="sidebar">
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
  );

  return (
    <div className={room.library ? 'frame' : 'frame narrow'}>
      {!room.library && <AppBar />}
      {/* The main pane keeps its place among the children whether or not the library sits beside it, so a window
          resized past the breakpoint keeps the open document mounted. */}
      <Group id="lectern-frame" className="frame-group" {...frameLayout}>
        {room.library && (
          <Panel
            id="pane-library"
            className="pane"
            defaultSize={PANE_SIZES.library.default}
            minSize={PANE_SIZES.library.min}
            maxSize={PANE_SIZES.library.max}
            groupResizeBehavior="preserve-pixel-size"
          >
            {sidebar}
          </Panel>
        )}
        {room.library && <ResizeHandle label="Resize the library" />}
        <Panel id="pane-main" className="pane" minSize={PANE_SIZES.reader.min}>
          <main className="main" aria-label={openDocId ? 'Document' : 'Start'}>
            {openDocId ? <DocumentView /> : <Welcome />}
          </main>
        </Panel>
      </Group>
      {!room.library && drawer === 'library' && (
        <Drawer label="Library" side="left" onClose={() => setDrawer(undefined)} testId="library-drawer">
          {sidebar}
        </Drawer>
      )}
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
