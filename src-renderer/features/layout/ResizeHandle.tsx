import { Separator } from 'react-resizable-panels';

/** A draggable (and, focused, arrow-key) splitter between two panes. */
export function ResizeHandle({ label }: { label: string }) {
  return <Separator className="resize-handle" aria-label={label} title={label} />;
}
