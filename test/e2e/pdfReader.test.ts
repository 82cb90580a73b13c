import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makeScannedPdf } from '../fixtures/ui/makeScannedPdf';
import { hasChromium } from '../support/browser';
import { REPO_ROOT, uploadToServe } from '../support/serveProcess';
import { openServedApp, type ServedApp } from '../support/servedApp';
import { expectScreenClean as screen } from '../support/uiPage';

const built = existsSync(path.join(REPO_ROOT, 'out/renderer/index.html'));
if (!hasChromium()) console.warn('e2e pdf reader: /usr/bin/chromium is missing (apt-get install chromium); skipped.');
if (!built) console.warn('e2e pdf reader: out/renderer is not built (npx electron-vite build); skipped.');

const SAMPLE_PDF = path.join(REPO_ROOT, 'resources/samples/sample-report.pdf');

/** Share of a page canvas's pixels that are not paper-white: 0 for a blank canvas. */
function inkShare(page: Page, pageNumber: number): Promise<number> {
  // Evaluated as a string: this file compiles without DOM types.
  return page.evaluate<number>(`(() => {
    const canvas = document.querySelector('[data-testid="pdf-page"][data-page="${pageNumber}"] canvas');
    if (!canvas) return 0;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
    return ink / (data.length / 4);
  })()`);
}

/** True when the element's box lies within the page view's visible area. */
async function inPageView(page: Page, selector: string): Promise<boolean> {
  const view = await page.getByTestId('pdf-view').boundingBox();
  const el = await page.locator(selector).first().boundingBox();
  if (!view || !el) return false;
  return el.y >= view.y && el.y + el.height <= view.y + view.height;
}

async function callApi<T>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate<T>(
    `fetch('/api/call/${name}', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: ${JSON.stringify(JSON.stringify(input))} }).then((r) => r.json())`,
  );
}

describe.skipIf(!hasChromium() || !built)('the PDF page view in a browser (lectern serve)', () => {
  let app: ServedApp | undefined;
  let page: Page;
  let errors: string[] = [];
  const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-pdf-ui-'));

  beforeAll(async () => {
    app = await openServedApp(home);
    ({ page, errors } = app);
  });
  afterAll(() => app?.close());

  it('shows an imported PDF as real pages, drawing only the pages in view', async () => {
    await page.getByTestId('file-input').setInputFiles([SAMPLE_PDF]);
    await page.locator('[data-testid="job"][data-kind="import"][data-state="done"]').waitFor({ timeout: 60_000 });
    // The import opens the document; PDFs open on their pages unless the Text view was chosen.
    await page.locator('[data-testid="document"][data-kind="pdf"]').waitFor();
    await expect(page.getByTestId('pdf-view-page').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.locator('[data-testid="pdf-page"][data-page="1"][data-rendered]').waitFor({ timeout: 30_000 });
    expect(await inkShare(page, 1)).toBeGreaterThan(0.002);
    // Drawn at the screen's density: the bitmap is as wide as the page on screen (device pixel ratio 1 here).
    const { bitmap, css } = await page.evaluate<{ bitmap: number; css: number }>(`(() => {
      const c = document.querySelector('[data-testid="pdf-page"][data-page="1"] canvas');
      return { bitmap: c.width, css: c.getBoundingClientRect().width * devicePixelRatio };
    })()`);
    expect(Math.abs(bitmap - css)).toBeLessThanOrEqual(1);

    const pages = Number((await page.getByTestId('page-indicator').textContent())?.match(/of (\d+)/)?.[1]);
    expect(pages).toBeGreaterThan(5);
    const mounted = await page.getByTestId('pdf-page').count();
    expect(mounted).toBeLessThan(pages);
    expect(mounted).toBeLessThanOrEqual(4);
  });

  it('zooms with − / + and Ctrl+= / Ctrl+-, and fits the width again with Ctrl+0', async () => {
    const zoom = page.getByTestId('zoom-value');
    const fit = (await zoom.textContent()) ?? '';
    const width = async () => (await page.locator('[data-testid="pdf-page"][data-page="1"]').boundingBox())?.width ?? 0;
    const fitWidth = await width();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(width).toBeGreaterThan(fitWidth);
    expect(await zoom.textContent()).not.toBe(fit);
    await page.getByTestId('pdf-view').focus();
    await page.keyboard.press('Control+=');
    const bigger = await width();
    await page.keyboard.press('Control+-');
    await expect.poll(width).toBeLessThan(bigger);
    await page.keyboard.press('Control+0');
    await expect.poll(() => zoom.textContent()).toBe(fit);
    expect(await width()).toBeCloseTo(fitWidth, 0);
    // The re-rendered canvas has ink again after the zoom steps.
    await expect.poll(() => inkShare(page, 1), { timeout: 10_000 }).toBeGreaterThan(0.002);
  });

  it('a citation scrolls to its page and marks the cited passage there', async () => {
    await page.locator('#question-input').fill('How much did the ultraviolet stage cost, and who paid for it?');
    await page.keyboard.press('Control+Enter');
    const outcome = page.locator('[data-testid="turn"], [data-testid="ask-error"]');
    await outcome.first().waitFor({ timeout: 120_000 });
    if (!(await page.getByTestId('turn').isVisible())) {
      throw new Error(`no answer to click a citation in: ${await outcome.first().textContent()}`);
    }
    const chip = page.getByTestId('turn').last().getByTestId('citation').first();
    const target = Number((await chip.textContent())?.match(/p\.(\d+)/)?.[1]);
    expect(target).toBeGreaterThan(1);
    await chip.click();
    const mark = page.locator(`[data-testid="pdf-page"][data-page="${target}"] [data-testid="pdf-highlight"]`);
    await mark.first().waitFor({ timeout: 15_000 });
    // The words were found on the page (not the whole-page fallback), and the view scrolled to them.
    expect(await mark.first().getAttribute('data-how')).toMatch(/^(quote|text)$/);
    await expect.poll(() => inPageView(page, '[data-testid="pdf-highlight"]'), { timeout: 5000 }).toBe(true);
    await expect(page.getByTestId('page-indicator').textContent()).resolves.toContain(`Page ${target} of`);
    await page.locator(`[data-testid="pdf-page"][data-page="${target}"][data-rendered]`).waitFor();
    expect(await inkShare(page, target)).toBeGreaterThan(0.002);
    await page.mouse.move(640, 790);
    await screen(page, 'reader-pdf-page');
  });

  it('switches to the Text view, remembers the choice over a reload, and switches back', async () => {
    await page.getByTestId('pdf-view-text').click();
    await page.locator('.page-head').first().waitFor();
    await page.reload();
    await page.locator('[data-testid="document"][data-kind="pdf"]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('pdf-view-text').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.getByTestId('pdf-view').count()).resolves.toBe(0);
    await page.getByTestId('pdf-view-page').click();
    await page.locator('[data-testid="pdf-page"][data-rendered]').first().waitFor({ timeout: 30_000 });
  });

  it('shows jobs that were running before the page loaded, with their progress', async () => {
    const scanned = await makeScannedPdf(path.join(home, 'scanned-ledger.pdf'), 10);
    if (!scanned) {
      console.warn('e2e pdf reader: no canvas to draw a scanned page; the job hydration step is skipped.');
      return;
    }
    // Started by another client (here: the API directly), so this window never saw it start.
    const started = await callApi<{ ok: boolean; value: { jobId: string } }>(page, 'importFiles', {
      files: [await uploadToServe((app as ServedApp).serve, scanned)],
    });
    expect(started.ok).toBe(true);
    await page.reload();
    const job = page.locator(`[data-testid="job"][data-state="running"][data-kind="import"]`);
    await job.filter({ hasText: 'scanned-ledger.pdf' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => job.getByTestId('job-phase').textContent(), { timeout: 60_000 }).toMatch(/page \d+ of 10/);
    await job.getByTestId('job-cancel').click();
    // The cancel reaches the job this window did not start, and the tray shows how it ended.
    await page
      .locator('[data-testid="job"][data-state="cancelled"]')
      .filter({ hasText: 'scanned-ledger.pdf' })
      .waitFor({ timeout: 10_000 });
    const jobs = await callApi<{ value: { jobId: string; state: string }[] }>(page, 'listJobs', {});
    expect(jobs.value.find((j) => j.jobId === started.value.jobId)?.state).toBe('cancelled');
    expect(errors).toEqual([]);
  });
});
