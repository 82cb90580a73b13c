import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../support/browser';
import { grantedId, REPO_ROOT, startServeInHome, type ServeProcess } from '../support/serveProcess';
import { expectScreenClean as screen } from '../support/uiPage';
import { writeWav } from '../support/writeWav';

const built = existsSync(path.join(REPO_ROOT, 'out/renderer/index.html'));
if (!hasChromium()) console.warn('e2e media: /usr/bin/chromium is missing (apt-get install chromium); skipped.');
if (!built) console.warn('e2e media: out/renderer is not built (npx electron-vite build); skipped.');

const VTT = `WEBVTT

00:00:00.000 --> 00:00:04.000
<v Ana>Welcome to the harbour show, where we talk about the sea.

00:00:04.000 --> 00:00:08.000
<v Ben>Today we visit an old stone tower on the northern cape.

00:00:08.000 --> 00:00:12.000
<v Ana>The tower has stood there for two hundred years.

00:00:12.000 --> 00:00:16.000
<v Ben>Every evening the keeper lit the great lamp with whale oil.

00:00:16.000 --> 00:00:20.000
<v Ana>Thank you for listening, and good night.
`;

async function callApi<T>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate<T>(
    `fetch('/api/call/${name}', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: ${JSON.stringify(JSON.stringify(input))} }).then((r) => r.json())`,
  );
}

const currentTime = (page: Page) =>
  page.evaluate<number>(`document.querySelector('[data-testid="media-element"]').currentTime`);

describe.skipIf(!hasChromium() || !built)('playing a transcript’s recording (lectern serve)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let docId = '';
  const errors: string[] = [];
  const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-media-'));
  const folder = mkdtempSync(path.join(os.tmpdir(), 'lectern-episode-'));
  const transcript = path.join(folder, 'harbour-show.vtt');
  const recording = path.join(folder, 'harbour-show.wav');

  beforeAll(async () => {
    writeFileSync(transcript, VTT);
    writeWav(recording, 20);
    serve = await startServeInHome(home, [transcript]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url);
    await page.getByTestId('welcome').waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('finds the recording beside the transcript and shows a player', async () => {
    // Imported in place (granted when the server started, as the desktop app's dialog does), so the engine can look
    // beside the file.
    const started = await callApi<{ ok: boolean }>(page, 'importFiles', { files: [grantedId(serve, transcript)] });
    expect(started.ok).toBe(true);
    await page.getByTestId('library-doc').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('library-doc').first().click();
    docId = (await page.getByTestId('library-doc').first().getAttribute('data-doc-id')) ?? '';
    await page.getByTestId('media-element').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.evaluate<number>(`document.querySelector('[data-testid="media-element"]').duration`), {
        timeout: 15_000,
      })
      .toBeCloseTo(20, 1);
    await screen(page, 'media-player');
  });

  it('serves the file with HTTP ranges, by document id', async () => {
    const ranged = await page.evaluate<{ status: number; range: string | null; length: number }>(
      `fetch('/api/documents/${docId}/media', { headers: { range: 'bytes=44-143' } })
        .then(async (r) => ({ status: r.status, range: r.headers.get('content-range'), length: (await r.arrayBuffer()).byteLength }))`,
    );
    expect(ranged).toEqual({ status: 206, range: `bytes 44-143/${44 + 20 * 8000 * 2}`, length: 100 });
    const beyond = await page.evaluate<number>(
      `fetch('/api/documents/${docId}/media', { headers: { range: 'bytes=99999999-' } }).then((r) => r.status)`,
    );
    expect(beyond).toBe(416);
  });

  it('plays from a cue, a chapter and a citation; the spoken cue is marked; space and arrows control it', async () => {
    await page.getByRole('button', { name: 'Play from 0:08' }).click();
    await expect.poll(() => currentTime(page)).toBeGreaterThanOrEqual(8);
    await expect.poll(() => page.locator('[data-speaking="true"]').getAttribute('data-unit')).toBe('2');

    await page.keyboard.press(' ');
    await expect
      .poll(() => page.evaluate<boolean>(`document.querySelector('[data-testid="media-element"]').paused`))
      .toBe(true);
    const paused = await currentTime(page);
    await page.keyboard.press('ArrowRight');
    expect(await currentTime(page)).toBeCloseTo(paused + 5, 1);
    await page.keyboard.press('ArrowLeft');
    expect(await currentTime(page)).toBeCloseTo(paused, 1);

    await page.getByTestId('chapter').first().locator('.chapter-jump').click();
    await expect.poll(() => currentTime(page)).toBeLessThan(2);

    await page.locator('#question-input').fill('What did the keeper light the lamp with?');
    await page.keyboard.press('Control+Enter');
    const citation = page.getByTestId('turn').last().getByTestId('citation').first();
    await citation.waitFor({ timeout: 60_000 });
    // Move away from the cited second first, so the click has to seek.
    await page.getByRole('button', { name: 'Play from 0:16' }).click();
    await expect.poll(() => currentTime(page)).toBeGreaterThanOrEqual(16);
    const label = (await citation.textContent()) ?? '';
    const [minutes = 0, seconds = 0] = label.trim().split(':').map(Number);
    const cited = minutes * 60 + seconds;
    await citation.click();
    // The citation seeks the element to the cited cue's start and plays from there.
    await expect.poll(() => currentTime(page), { timeout: 5000 }).toBeLessThan(16);
    expect(await currentTime(page)).toBeGreaterThanOrEqual(cited);
    expect(await currentTime(page)).toBeLessThan(cited + 2);
    await screen(page, 'media-playing');
  });

  it('ends exported chapters at the recording’s length', async () => {
    const exported = await callApi<{ ok: boolean; value: { content: string; fileName: string } }>(
      page,
      'exportChapters',
      { docId, format: 'podcast' },
    );
    const chapters = (JSON.parse(exported.value.content) as { chapters: { endTime?: number }[] }).chapters;
    expect(chapters.at(-1)?.endTime).toBeCloseTo(20, 1);
    expect(exported.value.fileName).toBe('harbour-show.chapters.json');
    const json = await callApi<{ value: { fileName: string } }>(page, 'exportChapters', { docId, format: 'json' });
    expect(json.value.fileName).not.toBe(exported.value.fileName);
  });

  it('says FILE_NOT_FOUND once the recording was moved (no copy in the library)', async () => {
    renameSync(recording, path.join(folder, 'moved.wav'));
    const result = await callApi<{ ok: boolean; error?: { code: string } }>(page, 'getMedia', { docId });
    expect(result.error?.code).toBe('FILE_NOT_FOUND');
    const status = await page.evaluate<number>(`fetch('/api/documents/${docId}/media').then((r) => r.status)`);
    expect(status).toBe(404);
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
