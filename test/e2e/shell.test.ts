import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/browser';
import { REPO_ROOT, startServeInHome, type ServeProcess } from '../support/serveProcess';

const built = existsSync(path.join(REPO_ROOT, 'out/renderer/index.html'));
if (!hasChromium())
  console.warn('e2e: /usr/bin/chromium is missing (apt-get install chromium); browser tests are skipped.');
if (!built) console.warn('e2e: out/renderer is not built (npm run build); browser tests are skipped.');

describe.skipIf(!hasChromium() || !built)('the renderer served by `lectern serve`', () => {
  let serve: ServeProcess;
  let browser: Browser;
  const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));

  beforeAll(async () => {
    serve = await startServeInHome(home);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows the real engine status and keeps the token out of the address bar', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url);
    // The engine's details are for developers: under "About this engine", not on the welcome screen.
    await page.getByTestId('welcome').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'About this engine' }).click();
    const status = page.getByTestId('engine-status');
    await status.waitFor({ timeout: 30_000 });
    await expect(status.textContent()).resolves.toContain(path.join(home, 'library'));
    await expect(page.getByTestId('engine-backend').textContent()).resolves.toMatch(/^(CPU|CUDA|VULKAN|METAL)$/);
    expect(page.url()).not.toContain('token=');
    mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-results/e2e-shell.png') });
    expect(errors).toEqual([]);
  });

  it('a page without the token gets no app', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`http://127.0.0.1:${serve.port}/`);
    expect(response?.status()).toBe(401);
  });
});
