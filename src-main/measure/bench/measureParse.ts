import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { detectFormat } from '../../engine/ingest/detectFormat';
import { parsePdf } from '../../engine/ingest/pdf/parsePdf';
import { parseTextLike } from '../../engine/ingest/text/parseTextLike';

export interface ParseMeasurement {
  file: string;
  format: string;
  bytes: number;
  pages?: number;
  units: number;
  ms: number;
  /** Resident memory before parsing and the process's peak during it (maxRSS is a high-water mark). */
  rssBeforeMb: number;
  peakRssMb: number;
}

/**
 * Parses one file the way an import does (without storing it) and reports time and memory. Meant to run in a fresh
 * process per file, so that the peak RSS belongs to this file alone.
 */
export async function measureParse(file: string, options: { ocr?: boolean } = {}): Promise<ParseMeasurement> {
  const bytes = new Uint8Array(await readFile(file));
  const info = await stat(file);
  const format = detectFormat(bytes, path.basename(file));
  const ctx = { signal: new AbortController().signal, onProgress: () => {} };
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const input = { bytes, fileName: path.basename(file) };
  const doc =
    format === 'pdf'
      ? await parsePdf(input, ctx, { ocr: options.ocr ?? false })
      : await parseTextLike(input, ctx, format);
  const ms = performance.now() - started;
  return {
    file,
    format,
    bytes: info.size,
    ...(doc.meta.pages !== undefined ? { pages: doc.meta.pages } : {}),
    units: doc.units.length,
    ms: Math.round(ms),
    rssBeforeMb: Math.round(rssBefore / 2 ** 20),
    // resourceUsage().maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
