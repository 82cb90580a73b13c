import type { Citation } from './domain/answer';
import { formatTime } from './formatTime';

/** A short name for a document in a citation chip: its title up to `max` characters, cut at a word. */
export function shortTitle(title: string, max = 24): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export interface CitationSourceView {
  /** The document cited, or undefined for a citation stored before citations named their document. */
  docId?: string;
  /** `Alpha report · p.3`, `Episode 4 · 41:05`, or `document removed · p.3`. */
  text: string;
  /** The cited document is no longer in the library: the chip cannot open it. */
  removed: boolean;
}

/**
 * What a citation chip says: the cited document's short name and where in it. A citation whose document was deleted
 * still renders (from a stored conversation) and says so, rather than pointing at another document or failing.
 */
export function citationSource(
  citation: Citation,
  documents: ReadonlyMap<string, { title: string }>,
  /** The document a turn was about, for citations stored without their own `docId`. */
  turnDocId?: string,
): CitationSourceView {
  const docId = citation.docId ?? turnDocId;
  const where =
    citation.anchor.type === 'page'
      ? `p.${citation.anchor.page}`
      : citation.anchor.type === 'time'
        ? formatTime(citation.anchor.start)
        : `line ${citation.anchor.line}`;
  const doc = docId === undefined ? undefined : documents.get(docId);
  if (!doc) return { ...(docId !== undefined ? { docId } : {}), text: `document removed · ${where}`, removed: true };
  return { docId: docId!, text: `${shortTitle(doc.title)} · ${where}`, removed: false };
}
