import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * pdf.js fetches these at run time, so they are files of the app rather than modules: the wasm image decoders
 * (OpenJPEG for JPEG 2000 scans, JBIG2, QCMS colour), the CMaps of CJK encodings and the standard 14 fonts. Copied
 * from the installed pdfjs-dist into `out/renderer/pdfjs/`, where loadPdf points pdf.js.
 */
function pdfjsAssets(): Plugin {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return {
    name: 'lectern-pdfjs-assets',
    apply: 'build',
    writeBundle(options) {
      const out = options.dir ?? resolve(import.meta.dirname, 'out/renderer');
      for (const folder of ['wasm', 'cmaps', 'standard_fonts', 'iccs']) {
        cpSync(resolve(root, folder), resolve(out, 'pdfjs', folder), { recursive: true });
      }
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The engine runs in its own utility process, so it is a second entry of the main build.
        input: {
          index: resolve(import.meta.dirname, 'src-main/app/main.ts'),
          engineProcess: resolve(import.meta.dirname, 'src-main/app/engineProcess.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or node_modules: one CommonJS file with everything bundled.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [react(), pdfjsAssets()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});
