import { useStore } from '../../store';
import type { PdfView } from '../../store/readerSlice';

const VIEWS: { view: PdfView; label: string; hint: string }[] = [
  { view: 'page', label: 'Page', hint: 'The pages as printed' },
  { view: 'text', label: 'Text', hint: 'The text only: searchable, and read by screen readers' },
];

/** Switches a PDF between its real pages and its extracted text; the choice is remembered. */
export function PdfViewToggle() {
  const current = useStore((s) => s.pdfView);
  const setPdfView = useStore((s) => s.setPdfView);
  return (
    <div className="segmented" role="group" aria-label="Show the PDF as">
      {VIEWS.map(({ view, label, hint }) => (
        <button
          key={view}
          type="button"
          aria-pressed={current === view}
          title={hint}
          data-testid={`pdf-view-${view}`}
          onClick={() => current !== view && setPdfView(view)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
