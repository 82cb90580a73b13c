import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface DocumentInfo {
  title?: string;
  author?: string;
}

/** Title and author from the info dictionary or XMP, each only when it says something. */
export async function readDocumentInfo(doc: PDFDocumentProxy): Promise<DocumentInfo> {
  try {
    const { info, metadata } = await doc.getMetadata();
    const dict = (info ?? {}) as Record<string, unknown>;
    const title = meaningfulTitle(dict.Title) ?? meaningfulTitle(metadata?.get('dc:title'));
    const author = cleanText(dict.Author) ?? cleanText(metadata?.get('dc:creator'));
    return { ...(title ? { title } : {}), ...(author ? { author } : {}) };
  } catch {
    // Broken metadata is common and never worth failing the import for.
    return {};
  }
}

function cleanText(value: unknown): string | undefined {
  const raw = Array.isArray(value) ? value.join(', ') : value;
  if (typeof raw !== 'string') return undefined;
  const text = raw
    // Broken encodings leave control characters in info strings.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\uFFFD]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : text;
}

/**
 * Producers fill Title with junk: the source file name, "Microsoft Word - x.docx", "untitled", a template name. Such a
 * title is worse than the first heading, so it is rejected.
 */
export function meaningfulTitle(value: unknown): string | undefined {
  let text = cleanText(value);
  if (!text) return undefined;
  text = text.replace(/^Microsoft (?:Word|PowerPoint|Excel) - /i, '').trim();
  if (text.length < 3 || !/\p{L}{2}/u.test(text)) return undefined;
  if (/\.(?:pdf|docx?|odt|rtf|txt|tex|dvi|ps|indd|pptx?|xlsx?|qxd|html?)$/i.test(text)) return undefined;
  if (/^(?:untitled|title|document|no title|unknown|none|null|slide \d+|presentation\d*)$/i.test(text))
    return undefined;
  if (/^[\w-]+$/.test(text) && /[_\d]/.test(text)) return undefined; // "report_v2_final", "arXiv-2206"
  if (/^\S+\.[a-z0-9]{2,8}$/i.test(text)) return undefined; // "10811.exe", "IBM-PDFs.graffle"
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
