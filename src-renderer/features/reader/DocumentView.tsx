import { Group, Panel } from 'react-resizable-panels';
import { Icon } from '../../components/Icon';
import { useStore } from '../../store';
import { ChapterOutline } from '../chapters/ChapterOutline';
import { ChatPanel } from '../chat/ChatPanel';
import { Drawer } from '../layout/Drawer';
import { PANE_SIZES, usePaneRoom } from '../layout/paneLayout';
import { ResizeHandle } from '../layout/ResizeHandle';
import { useRememberedLayout } from '../layout/rememberedLayout';
import { KindIcon } from '../library/KindIcon';
import { documentFacts } from '../library/documentFacts';
import { Reader } from './Reader';

/**
 * An open document: its header, the chapter outline (a drawer in a narrow window), the text, and the chat beside it,
 * with splitters between them.
 */
export function DocumentView() {
  const doc = useStore((s) => s.openDoc);
  const summary = useStore((s) => s.documents.find((d) => d.id === s.openDocId));
  const error = useStore((s) => s.readerError);
  const closeDocument = useStore((s) => s.closeDocument);
  const drawer = useStore((s) => s.drawer);
  const setDrawer = useStore((s) => s.setDrawer);
  const room = usePaneRoom();
  const bodyLayout = useRememberedLayout(
    'lectern-doc',
    room.chapters ? ['pane-chapters', 'pane-reader', 'pane-chat'] : ['pane-reader', 'pane-chat'],
  );

  if (error) {
    return (
      <div className="doc-error" role="alert">
        <h1>This document could not be opened</h1>
        <p>{error.code === 'NOT_FOUND' ? 'It is no longer in the library.' : error.message}</p>
        <button type="button" onClick={closeDocument}>
          Back to the start screen
        </button>
      </div>
    );
  }
  return (
    <div className="document" data-testid="document" data-kind={doc?.kind}>
      <header className="doc-head">
        {!room.chapters && (
          <button
            type="button"
            className="icon-button"
            aria-label="Chapters"
            title="Chapters"
            data-testid="chapters-toggle"
            onClick={() => setDrawer('chapters')}
          >
            <Icon name="chapters" />
          </button>
        )}
        {doc && <KindIcon kind={doc.kind} />}
        <div className="doc-head-text">
          <h1 title={doc?.title}>{doc?.title ?? 'Opening…'}</h1>
          <p className="muted small">
            {summary ? documentFacts(summary) : ''}
            {doc?.meta.author ? ` · ${doc.meta.author}` : ''}
            {doc?.meta.fileName ? ` · ${doc.meta.fileName}` : ''}
          </p>
        </div>
      </header>
      {doc?.meta.warnings && doc.meta.warnings.length > 0 && (
        <p className="doc-warnings small">Imported with warnings: {doc.meta.warnings.join(' ')}</p>
      )}
      {/* Reader and chat keep their places whether or not the chapters sit beside them (see App). */}
      <Group id="lectern-doc" className="doc-body" {...bodyLayout}>
        {room.chapters && (
          <Panel
            id="pane-chapters"
            className="pane"
            defaultSize={PANE_SIZES.chapters.default}
            minSize={PANE_SIZES.chapters.min}
            maxSize={PANE_SIZES.chapters.max}
            groupResizeBehavior="preserve-pixel-size"
          >
            <ChapterOutline />
          </Panel>
        )}
        {room.chapters && <ResizeHandle label="Resize the chapters" />}
        <Panel id="pane-reader" className="pane" minSize={PANE_SIZES.reader.min}>
          <div className="reader-wrap">{doc ? <Reader /> : <p className="muted pad">Loading the text…</p>}</div>
        </Panel>
        <ResizeHandle label="Resize the chat" />
        <Panel
          id="pane-chat"
          className="pane"
          defaultSize={PANE_SIZES.chat.default}
          minSize={PANE_SIZES.chat.min}
          maxSize={PANE_SIZES.chat.max}
          groupResizeBehavior="preserve-pixel-size"
        >
          <ChatPanel />
        </Panel>
      </Group>
      {!room.chapters && drawer === 'chapters' && (
        <Drawer label="Chapters" side="left" onClose={() => setDrawer(undefined)} testId="chapters-drawer">
          <ChapterOutline />
        </Drawer>
      )}
    </div>
  );
}
