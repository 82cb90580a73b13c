import { useEffect, useState } from 'react';
import { importFileObjects } from './importActions';

function hasFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

/** Files can be dropped anywhere on the window; while dragging, the whole window says so. */
export function DropOverlay() {
  const [active, setActive] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child element; counting them tells when the drag really left the window.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setActive(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setActive(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setActive(false);
      void importFileObjects([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!active) return null;
  return (
    <div className="drop-overlay" role="status" data-testid="drop-overlay">
      <div className="drop-card">
        <strong>Drop to import</strong>
        <span>PDFs, transcripts (SRT, WebVTT, Whisper JSON, YouTube XML), Markdown, text or DOCX</span>
      </div>
    </div>
  );
}
