import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/browser';
import { grantedId, REPO_ROOT, startServeInHome, type ServeProcess } from '../support/serveProcess';
import { expectScreenClean as screen } from '../support/uiPage';

const built = existsSync(path.join(REPO_ROOT, 'out/renderer/index.html'));
const CORPUS = path.join(REPO_ROOT, '../shared/data/fixtures/pdfs');
const present = existsSync(CORPUS);
if (!hasChromium()) console.warn('e2e pdf assets: /usr/bin/chromium is missing (apt-get install chromium); skipped.');
if (!built) console.warn('e2e pdf assets: out/renderer is not built (npx electron-vite build); skipped.');
if (!present) console.warn('e2e pdf assets: ../shared/data/fixtures/pdfs is missing; skipped.');

// issue5481.pdf: three scanned pages stored as JPEG 2000; issue3521.pdf: Chinese text in a GBK-EUC-H CMap font.
const JPX = path.join(CORPUS, 'pdfjs/issue5481.pdf');
const CJK = path.join(CORPUS, 'pdfjs/issue3521.pdf');

function inkShare(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const canvas = document.querySelector('[data-testid="pdf-page"][data-page="1"][data-rendered] canvas');
    if (!canvas) return 0;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
    return ink / (data.length / 4);
  })()`);
}

async function callApi<T>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate<T>(
    `fetch('/api/call/${name}', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: ${JSON.stringify(JSON.stringify(input))} }).then((r) => r.json())`,
  );
}

describe.skipIf(!hasChromium() || !built || !present)('pdf.js run-time files in the page view', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const console: string[] = [];
  const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-pdf-assets-'));

  beforeAll(async () => {
    serve = await startServeInHome(home, [JPX, CJK]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => console.push(m.text()));
    await page.goto(serve.url);
    await page.getByTestId('welcome').waitFor({ timeout: 30_000 });
    // The scan has no text layer, so only OCR (which decodes its JPEG 2000 images in Node) lets it into the library.
    const started = await callApi<{ ok: boolean }>(page, 'importFiles', {
      files: [grantedId(serve, JPX), grantedId(serve, CJK)],
    });
    expect(started.ok).toBe(true);
    await page.getByTestId('library-doc').nth(1).waitFor({ timeout: 280_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  for (const [name, file, minInk] of [
    ['a JPEG 2000 scan', JPX, 0.05],
    ['a CJK page (seven characters)', CJK, 0.0003],
  ] as const) {
    it(`draws ${name}`, async () => {
      await page.locator(`[data-testid="library-doc"][title]`).first().waitFor();
      const docs = await callApi<{ value: { id: string; meta: { fileName: string } }[] }>(page, 'listDocuments', {});
      const doc = docs.value.find((d) => d.meta.fileName === path.basename(file));
      if (!doc) throw new Error(`${path.basename(file)} was not imported`);
      await page.locator(`[data-testid="library-doc"][data-doc-id="${doc.id}"]`).click();
      await page.locator('[data-testid="pdf-page"][data-page="1"][data-rendered]').waitFor({ timeout: 30_000 });
      expect(await inkShare(page)).toBeGreaterThan(minInk);
      await screen(page, `pdf-assets-${path.basename(file, '.pdf')}`);
    });
  }

  it('pdf.js never reported a missing decoder, CMap or font', () => {
    expect(
      console.filter((line) => /OpenJPEG|JpxError|CMap|standardFontDataUrl|fetchStandardFontData/i.test(line)),
    ).toEqual([]);
  });
});
