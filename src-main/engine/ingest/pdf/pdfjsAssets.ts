import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PdfjsAssetUrls {
  standardFontDataUrl: string;
  cMapUrl: string;
  wasmUrl: string;
  iccUrl: string;
}

let cached: PdfjsAssetUrls | undefined;

/**
 * Folders shipped inside pdfjs-dist that pdfjs fetches at run time: standard fonts (the 14 base fonts, so text
 * widths are right without system fonts), CMaps (CJK encodings) and wasm decoders (JPX/JBIG2 images for OCR).
 * Resolved from the package itself so it works wherever node_modules ends up (dev, tests, packaged app).
 */
export function pdfjsAssetUrls(): PdfjsAssetUrls {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  // pdfjs's Node file reader accepts plain paths; a trailing separator is required by its URL joining.
  const dir = (name: string): string => join(root, name) + '/';
  cached = {
    standardFontDataUrl: dir('standard_fonts'),
    cMapUrl: dir('cmaps'),
    wasmUrl: dir('wasm'),
    iccUrl: dir('iccs'),
  };
  return cached;
}

/** The offline English traineddata shipped by @tesseract.js-data/eng (gzipped). */
export function tesseractLangPath(): { langPath: string; gzip: boolean } {
  const require = createRequire(import.meta.url);
  const info = require('@tesseract.js-data/eng') as { langPath: string; gzip: boolean };
  return { langPath: info.langPath, gzip: info.gzip };
}
