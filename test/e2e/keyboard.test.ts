import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/browser';
import { REPO_ROOT, startServeInHome, type ServeProcess } from '../support/serveProcess';
import { expectScreenClean as screen } from '../support/uiPage';

const built = existsSync(path.join(REPO_ROOT, 'out/renderer/index.html'));
if (!hasChromium()) console.warn('e2e keyboard: /usr/bin/chromium is missing (apt-get install chromium); skipped.');
if (!built) console.warn('e2e keyboard: out/renderer is not built (npx electron-vite build); skipped.');

const SAMPLE_PDF = path.join(REPO_ROOT, 'resources/samples/sample-report.pdf');

const focused = (page: Page) =>
  page.evaluate<string>(`(document.activeElement?.id || document.activeElement?.className || '') + ''`);

describe.skipIf(!hasChromium() || !built)('keyboard and words (lectern serve)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-keys-'));

  beforeAll(async () => {
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

  it('says Open… with one ellipsis and no developer table on the start screen', async () => {
    const sidebar = page.getByTestId('library-list').locator('..');
    // The empty library's hint appears once the first listing has come back from the engine.
    await sidebar.getByText('use Open…').waitFor({ timeout: 15_000 });
    const text = (await sidebar.textContent()) ?? '';
    expect(text).toContain('use Open…');
    expect(text).not.toContain('Open….');
    await expect(page.getByTestId('engine-status').count()).resolves.toBe(0);
  });

  it('gives the chapter list one Tab stop, arrows inside, and / jumps to the question box', async () => {
    await page.getByTestId('file-input').setInputFiles([SAMPLE_PDF]);
    await page.locator('[data-testid="document"][data-kind="pdf"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('chapter').nth(2).waitFor({ timeout: 30_000 });
    const stops = await page.evaluate<number>(
      `[...document.querySelectorAll('[data-testid="chapter-list"] button')].filter((b) => b.tabIndex >= 0).length`,
    );
    expect(stops).toBe(1);
    await page.getByTestId('chapter').first().locator('.chapter-jump').focus();
    await page.keyboard.press('ArrowDown');
    const second = await page.getByTestId('chapter').nth(1).locator('.chapter-jump').textContent();
    await expect(page.evaluate<string>(`document.activeElement.textContent`)).resolves.toBe(second);
    // Tab leaves the list at once.
    await page.keyboard.press('Tab');
    await expect(
      page.evaluate<boolean>(
        `!document.querySelector('[data-testid="chapter-list"]').contains(document.activeElement)`,
      ),
    ).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 795 } });
    await page.keyboard.press('/');
    await expect(focused(page)).resolves.toBe('question-input');
  });

  it('explains compression next to the slider', async () => {
    await page.getByTestId('compression-help').locator('summary').click();
    await expect(page.getByTestId('compression-help').textContent()).resolves.toMatch(/holds at most a quarter/);
    await expect(page.getByTestId('compression-detail').textContent()).resolves.toMatch(/The model holds/);
    await screen(page, 'compression-help');
  });
});
