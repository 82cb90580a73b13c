import type { DocumentKind } from '../../../src-shared/contract';
import { Icon } from '../../components/Icon';

const LABELS: Record<DocumentKind, string> = { pdf: 'PDF', transcript: 'Transcript', text: 'Text' };

export function kindLabel(kind: DocumentKind): string {
  return LABELS[kind];
}

/** The document kind as an icon with a tinted tile, so PDFs and transcripts are told apart at a glance. */
export function KindIcon({ kind }: { kind: DocumentKind }) {
  return (
    <span className={`kind-icon kind-${kind}`} aria-hidden="true">
      <Icon name={kind} />
    </span>
  );
}
