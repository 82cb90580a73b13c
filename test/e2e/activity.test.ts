import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/browser';
import { REPO_ROOT, startServeInHome, type ServeProcess } from '../support/serveProcess';
import { expectScreenClean as screen } from '../support/uiPage';

const built = existsSync(path.join(REPO_ROOT, 'out/renderer/index.html'));
if (!hasChromium()) console.warn('e2e activity: /usr/bin/chromium is missing (apt-get install chromium); skipped.');
if (!built) console.warn('e2e activity: out/renderer is not built (npx electron-vite build); skipped.');

const SAMPLE_VTT = path.join(REPO_ROOT, 'resources/samples/sample-podcast.vtt');
const BAD_HEADER = path.join(REPO_ROOT, '../shared/data/fixtures/pdfs/pdfjs/bug1606566.pdf');

async function callApi<T>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate<T>(
    `fetch('/api/call/${name}', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: ${JSON.stringify(JSON.stringify(input))} }).then((r) => r.json())`,
  );
}

describe.skipIf(!hasChromium() || !built)('the Activity tray and import outcomes (lectern serve)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-activity-'));
  const broken = path.join(home, 'broken-report.pdf');

  beforeAll(async () => {
    // A PDF cut off after its header: damaged, not scanned.
    writeFileSync(broken, '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa');
    serve = await startServeInHome(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
    await page.getByTestId('welcome').waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('keeps a failed import with what to do, folds away one that ended well, newest first', async () => {
    await page.getByTestId('file-input').setInputFiles([broken]);
    const failed = page.locator('[data-testid="job"][data-state="done"]').filter({ hasText: 'broken-report.pdf' });
    await failed.waitFor({ timeout: 60_000 });
    const help = (await failed.textContent()) ?? '';
    expect(help, help).toMatch(/damaged or incomplete/);
    expect(help).not.toMatch(/scan|convert it/i);

    await page.getByTestId('file-input').setInputFiles([SAMPLE_VTT]);
    const good = page.locator('[data-testid="job"]').filter({ hasText: 'sample-podcast' });
    await good.waitFor({ timeout: 60_000 });
    // Newest first.
    await expect(page.getByTestId('job').first().textContent()).resolves.toContain('sample-podcast');
    await page.locator('[data-testid="job"][data-state="done"]').filter({ hasText: 'sample-podcast' }).waitFor();
    await expect(page.getByTestId('job').first().textContent()).resolves.toMatch(/1 chapter|\d+ chapters/);
    await screen(page, 'activity');
    await good.waitFor({ state: 'detached', timeout: 10_000 });
    await expect(failed.count()).resolves.toBe(1);
  });

  it('folds the tray to a count', async () => {
    await page.getByTestId('jobs-toggle').click();
    await expect(page.getByTestId('jobs-count').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('job').count()).resolves.toBe(0);
    await page.getByTestId('jobs-toggle').click();
    await expect(page.getByTestId('job').count()).resolves.toBe(1);
  });

  it.skipIf(!existsSync(BAD_HEADER))('imports a PDF with a bad header as a PDF, never as text', async () => {
    await page.getByTestId('file-input').setInputFiles([BAD_HEADER]);
    const job = page.locator('[data-testid="job"][data-state="done"]').filter({ hasText: 'bug1606566' });
    await job.waitFor({ timeout: 60_000 });
    const docs = await callApi<{ value: { kind: string; meta: { fileName: string } }[] }>(page, 'listDocuments', {});
    const doc = docs.value.find((d) => d.meta.fileName === 'bug1606566.pdf');
    // pdf.js may recover it (then it is a PDF document) or refuse it (then a PDF error): never a text document.
    if (doc) expect(doc.kind).toBe('pdf');
    else expect((await job.textContent()) ?? '').toMatch(/PDF|pdf/);
  });
});
