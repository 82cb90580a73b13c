import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFixtureModel } from '../fixtures/gguf/fixtureModels';
import type { LlamaShape } from '../../src-main/measure/gguf/writeLlamaGguf';
import { writeBigSrt } from '../support/bigTranscript';
import { hasChromium } from '../support/browser';
import { REPO_ROOT } from '../support/serveProcess';
import { openServedApp, type ServedApp } from '../support/servedApp';
import { expectScreenClean as screen } from '../support/uiPage';

const built = existsSync(path.join(REPO_ROOT, 'out/renderer/index.html'));
if (!hasChromium()) console.warn('e2e answer first: /usr/bin/chromium is missing (apt-get install chromium); skipped.');
if (!built) console.warn('e2e answer first: out/renderer is not built (npx electron-vite build); skipped.');

/**
 * Small enough to generate in a test, slow enough that preparing a long transcript takes a while, and a context
 * that holds a compressed state of it (so 2× has something to build).
 */
const E2E_SHAPE: LlamaShape = {
  layers: 4,
  embedding: 256,
  heads: 4,
  kvHeads: 2,
  feedForward: 512,
  contextLength: 32768,
  seed: 7,
  name: 'lectern-fixture-e2e',
};

describe.skipIf(!hasChromium() || !built)('answer first with a model loaded (lectern serve)', () => {
  let app: ServedApp;
  const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-answer-first-'));
  const transcript = path.join(home, 'long-meeting.srt');

  beforeAll(async () => {
    mkdirSync(path.join(home, 'models'), { recursive: true });
    copyFileSync(await ensureFixtureModel(E2E_SHAPE), path.join(home, 'models', 'lectern-fixture-e2e.gguf'));
    writeBigSrt(transcript, 700);
    app = await openServedApp(home);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('loads the generated model from the models folder', async () => {
    const { page } = app;
    await page.getByTestId('model-button').click();
    await page.getByTestId('models-panel').getByRole('button', { name: /^Load/ }).first().click();
    await page.getByTestId('loaded-model').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('models-dialog').count(), { timeout: 5000 }).toBe(0);
  });

  it('moving the slider starts no job; it says what 2× holds and that it is not prepared', async () => {
    const { page } = app;
    await page.getByTestId('file-input').setInputFiles([transcript]);
    await page.locator('[data-testid="document"][data-kind="transcript"]').waitFor({ timeout: 120_000 });
    const slider = page.locator('#compression-slider');
    await slider.focus();
    // 4× is the default; two steps left is 2× (1, 2, 3, 4).
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator('.compression-value').textContent()).resolves.toBe('2×');
    const detail = page.getByTestId('compression-detail');
    await expect.poll(() => detail.getAttribute('data-state'), { timeout: 30_000 }).toBe('missing');
    await expect(detail.textContent()).resolves.toMatch(/The model holds at most [\d,]+ of the document’s [\d,]+/);
    await page.getByTestId('prepare-button').waitFor();
    await expect(page.locator('[data-testid="job"][data-kind="prepare"]').count()).resolves.toBe(0);
  });

  it('answers at once from passages while the preparation runs, and says so', async () => {
    const { page } = app;
    await page.getByTestId('prepare-button').click();
    await page.getByTestId('prepare-progress').waitFor({ timeout: 30_000 });
    await page.locator('#question-input').fill('What did the harbour keeper say about the beacon?');
    await page.locator('#question-input').press('Control+Enter');
    const turn = page.getByTestId('turn').last();
    await turn.waitFor({ timeout: 60_000 });
    await expect(turn.getAttribute('data-mode')).resolves.toBe('generated');
    await expect(turn.getByTestId('answer-note').textContent()).resolves.toMatch(
      /Answered from the most relevant passages; the whole-document view is still being prepared, \d+%/,
    );
    // The answer came while the build went on: its job is still there, unfinished.
    await expect(page.getByTestId('prepare-progress').count()).resolves.toBe(1);
    await screen(page, 'answer-first');
  });

  it('Stop during preparation keeps the question with a note, and the build goes on', async () => {
    const { page } = app;
    // Paused, the build is certain to be unfinished while this question runs.
    await page.getByTestId('compression').getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('prepare-progress').textContent()).resolves.toMatch(/^Paused/);
    const before = await page.getByTestId('turn').count();
    await page.locator('#question-input').fill('Where was the granite ledger kept during the storm?');
    await page.locator('#question-input').press('Control+Enter');
    await page.getByTestId('streaming').waitFor({ timeout: 30_000 });
    await page.getByTestId('stop').click();
    await expect.poll(() => page.getByTestId('turn').count(), { timeout: 30_000 }).toBe(before + 1);
    const stopped = page.getByTestId('turn').last();
    await expect(stopped.textContent()).resolves.toContain('Where was the granite ledger kept during the storm?');
    await expect(stopped.getByTestId('answer-note').getAttribute('data-outcome')).resolves.toBe('stopped');
    await expect(stopped.getByTestId('answer-note').textContent()).resolves.toMatch(/^Stopped/);
    await page.getByTestId('compression').getByRole('button', { name: 'Resume' }).click();
    // Once built, the estimate says so and a question uses the whole-document view (no passages note).
    await expect
      .poll(() => page.getByTestId('compression-detail').getAttribute('data-state'), { timeout: 300_000 })
      .toBe('ready');
    await page.locator('#question-input').fill('When did the fog horn signal the tide?');
    await page.locator('#question-input').press('Control+Enter');
    await expect.poll(() => page.getByTestId('turn').count(), { timeout: 60_000 }).toBe(before + 2);
    await expect(page.getByTestId('turn').last().getByTestId('answer-note').count()).resolves.toBe(0);
    expect(app.errors).toEqual([]);
  }, 360_000);
});
