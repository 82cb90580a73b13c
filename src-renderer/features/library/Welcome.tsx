import { useStore } from '../../store';
import { OpenButton } from '../import/OpenButton';
import { FirstRunGuide } from '../models/FirstRunGuide';

/**
 * The start screen: what Lectern does, how to add a document, how to get a model. The engine's versions and threads
 * are for developers: they live under "About this engine".
 */
export function Welcome() {
  const noModels = useStore((s) => s.modelsLoaded && s.models.length === 0 && !s.modelInfo);
  const documents = useStore((s) => s.documents.length);
  return (
    <div className="welcome-screen" data-testid="welcome">
      <header className="welcome">
        <h1>Ask your documents</h1>
        <p className="muted">
          Drop a long PDF or a transcript anywhere on this window to split it into chapters and ask questions about it:
          on this computer, offline.
        </p>
        <div className="row">
          <OpenButton primary />
          <span className="muted small">
            {documents > 0
              ? 'or pick a document in the library.'
              : 'PDF, SRT, WebVTT, Whisper JSON, YouTube XML, Markdown, text, DOCX'}
          </span>
        </div>
      </header>
      {noModels && <FirstRunGuide />}
    </div>
  );
}
