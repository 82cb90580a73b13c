import { LecternError } from '../../../src-shared/errors';
import { decodeText } from './decodeText';
import { parseSrtTiming } from './transcript/parseSrt';
import { TIMESTAMPED_LINE } from './transcript/parseTimestampedText';

export type TextLikeFormat = 'srt' | 'vtt' | 'whisper-json' | 'youtube-xml' | 'markdown' | 'timestamped-text' | 'text';
export type DetectedFormat = 'pdf' | 'docx' | TextLikeFormat;

/** Magic numbers of files people drop by mistake, so the error can say what the file looks like. */
const SIGNATURES: { name: string; bytes: (number | undefined)[]; at?: number }[] = [
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a WebP image', bytes: [0x57, 0x45, 0x42, 0x50], at: 8 },
  { name: 'a TIFF image', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'a TIFF image', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'a Windows executable', bytes: [0x4d, 0x5a] },
  { name: 'an ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'a Mach-O executable', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'a gzip archive', bytes: [0x1f, 0x8b] },
  { name: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'a RAR archive', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { name: 'an SQLite database', bytes: [...'SQLite format 3'].map((c) => c.charCodeAt(0)) },
  { name: 'an audio or video file (RIFF: WAV/AVI)', bytes: [0x52, 0x49, 0x46, 0x46] },
  { name: 'an MP3 audio file', bytes: [0x49, 0x44, 0x33] },
  { name: 'an Ogg audio file', bytes: [0x4f, 0x67, 0x67, 0x53] },
  { name: 'a FLAC audio file', bytes: [0x66, 0x4c, 0x61, 0x43] },
  { name: 'an MP4/MOV video or M4A audio file', bytes: [0x66, 0x74, 0x79, 0x70], at: 4 },
  { name: 'a Matroska/WebM video', bytes: [0x1a, 0x45, 0xdf, 0xa3] },
  { name: 'an old Word/Office (OLE) file; save it as .docx', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'a GGUF model file', bytes: [0x47, 0x47, 0x55, 0x46] },
];

function matchesAt(bytes: Uint8Array, pattern: readonly (number | undefined)[], at = 0): boolean {
  return pattern.length + at <= bytes.length && pattern.every((b, i) => b === undefined || bytes[at + i] === b);
}

function latin1(bytes: Uint8Array, end = bytes.length): string {
  return new TextDecoder('latin1').decode(bytes.subarray(0, end));
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

function unsupported(fileName: string, looksLike: string): LecternError {
  return new LecternError('UNSUPPORTED_FORMAT', `${fileName} looks like ${looksLike}, which Lectern cannot import.`, {
    fileName,
    looksLike,
  });
}

/**
 * 'docx', or what the ZIP looks like. Local and central headers store entry names uncompressed, so the entry list can
 * be searched as bytes without unzipping.
 */
function zipKind(bytes: Uint8Array): string {
  const names = latin1(bytes);
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml')) return 'an Excel workbook';
  if (names.includes('ppt/presentation.xml')) return 'a PowerPoint presentation';
  if (names.includes('mimetypeapplication/epub+zip')) return 'an EPUB e-book';
  return 'a ZIP archive';
}

/** Share of control characters (other than tab, newline, CR, form feed) and replacement characters. */
function binaryShare(text: string): number {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return 0;
  let odd = 0;
  for (const ch of sample) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0xfffd) odd += 1;
  }
  return odd / sample.length;
}

function isWhisperJson(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const segments = (data as { segments?: unknown }).segments;
  if (!Array.isArray(segments)) return false;
  // An empty run (silence) is still a Whisper file when it has the top-level text; the parser reports it as empty.
  if (segments.length === 0) return typeof (data as { text?: unknown }).text === 'string';
  const first: unknown = segments[0];
  return (
    typeof first === 'object' &&
    first !== null &&
    typeof (first as { start?: unknown }).start === 'number' &&
    typeof (first as { end?: unknown }).end === 'number' &&
    typeof (first as { text?: unknown }).text === 'string'
  );
}

function looksLikeMarkdown(lines: readonly string[]): boolean {
  let headings = 0;
  let other = 0;
  for (const line of lines) {
    if (/^ {0,3}#{1,6}[ \t]+\S/.test(line)) headings += 1;
    else if (/^ {0,3}(```|~~~)|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*|^ {0,3}([-*+]|\d+\.)[ \t]+\S|^ {0,3}>[ \t]/.test(line))
      other += 1;
  }
  return headings >= 2 || (headings >= 1 && other >= 1);
}

/**
 * A PDF, broken or not: the `%PDF-` header anywhere in the first kilobyte (pdf.js, like Acrobat, accepts junk before
 * it), or PDF object syntax there when the header itself is damaged (`1 0 obj << /Type /Catalog`), or an empty file
 * named `.pdf`. Such files go to the PDF parser, whose errors say what is wrong with a PDF; shown as text they would
 * be raw PDF syntax with chapters named after its keywords.
 */
function looksLikePdf(bytes: Uint8Array, ext: string): boolean {
  const head = latin1(bytes, 1024);
  if (head.includes('%PDF-')) return true;
  if (/\d+\s+\d+\s+obj\b/.test(head) && /endobj|\/Type\s*\/|\bstream\b/.test(head)) return true;
  return ext === 'pdf' && bytes.byteLength === 0;
}

/**
 * Decides the format from the content: magic bytes for binary formats, then the structure of the text. The file
 * extension only breaks ties: a `.md` file without Markdown syntax is still Markdown, and a `.srt`/`.vtt` file whose
 * content matches nothing goes to that parser so the user gets its precise "malformed at line N" error.
 */
export function detectFormat(bytes: Uint8Array, fileName = ''): DetectedFormat {
  const ext = extensionOf(fileName);
  if (looksLikePdf(bytes, ext)) return 'pdf';
  if (matchesAt(bytes, [0x50, 0x4b, 0x03, 0x04]) || matchesAt(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const kind = zipKind(bytes);
    if (kind === 'docx') return 'docx';
    throw unsupported(fileName, kind);
  }
  const signature = SIGNATURES.find((s) => matchesAt(bytes, s.bytes, s.at));
  // Some signatures are printable ("MZ", "ID3", "RIFF"): a text file may start with them, so those only count when
  // the content is binary too.
  if (signature && !signature.bytes.every((b) => b !== undefined && b >= 0x20 && b < 0x7f)) {
    throw unsupported(fileName, signature.name);
  }

  const { text } = decodeText(bytes);
  if (text.trim() === '') throw new LecternError('UNSUPPORTED_FORMAT', `${fileName} is empty.`, { fileName });
  if (binaryShare(text) > 0.05) throw unsupported(fileName, signature?.name ?? 'binary data');

  const head = text.trimStart();
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(head)) return 'vtt';
  if (head.startsWith('{') || head.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      if (ext === 'json') throw unsupported(fileName, 'malformed JSON');
    }
    if (data !== undefined) {
      if (isWhisperJson(data)) return 'whisper-json';
      throw unsupported(
        fileName,
        'JSON that is not a Whisper transcript (expected {"segments": [{"start", "end", "text"}]})',
      );
    }
  }
  if (head.startsWith('<')) {
    const start = head.slice(0, 4096);
    if (/<transcript[\s>]/.test(start) || /<timedtext[\s>]/.test(start)) return 'youtube-xml';
    throw unsupported(fileName, /<html[\s>]/i.test(start) ? 'an HTML page' : 'an XML document');
  }

  const lines = text.split(/\r\n|\r|\n/, 2000);
  const nonBlank = lines.filter((line) => line.trim() !== '');
  const srtTimings = nonBlank.filter((line) => line.includes('-->') && parseSrtTiming(line)).length;
  if (srtTimings >= 1 && srtTimings >= nonBlank.length * 0.1) return 'srt';
  const marked = nonBlank.filter((line) => TIMESTAMPED_LINE.test(line)).length;
  if (marked >= 2 && marked >= nonBlank.length * 0.3) return 'timestamped-text';
  if (ext === 'srt') return 'srt';
  if (ext === 'vtt') return 'vtt';
  if (ext === 'md' || ext === 'markdown' || looksLikeMarkdown(nonBlank)) return 'markdown';
  return 'text';
}
