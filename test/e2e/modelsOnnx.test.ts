import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { AskResult, ChatTurn, LoadedOnnxModels } from '../../src-shared/contract';
import { writeOnnxFixtures } from '../fixtures/onnx/writeOnnxFixtures';
import { hasChromium } from '../support/browser';
import { REPO_ROOT } from '../support/serveProcess';
import { openServedApp, type ServedApp } from '../support/servedApp';
import { expectScreenClean as screen } from '../support/uiPage';

const built = existsSync(path.join(REPO_ROOT, 'out/renderer/index.html'));
if (!hasChromium()) console.warn('e2e models onnx: /usr/bin/chromium is missing (apt-get install chromium); skipped.');
if (!built) console.warn('e2e models onnx: out/renderer is not built (npx electron-vite build); skipped.');

const SAMPLE_VTT = path.join(REPO_ROOT, 'resources/samples/sample-podcast.vtt');

async function callApi<T>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate<T>(
    `fetch('/api/call/${name}', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: ${JSON.stringify(JSON.stringify(input))} }).then((r) => r.json())`,
  );
}

/** The `data-kind` of every element a locator matches. */
async function kinds(list: Locator): Promise<(string | null)[]> {
  return Promise.all((await list.all()).map((item) => item.getAttribute('data-kind')));
}

async function openModels(page: Page): Promise<void> {
  await page.getByTestId('model-button').click();
  await page.getByTestId('onnx-section').waitFor();
}

async function closeModels(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('models-dialog').count(), { timeout: 5000 }).toBe(0);
}

describe.skipIf(!hasChromium() || !built)('helper (ONNX) models in the models dialog (lectern serve)', () => {
  let app: ServedApp | undefined;
  let page: Page;
  let errors: string[] = [];
  const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-onnx-ui-'));
  const modelsDir = path.join(home, 'models');

  beforeAll(async () => {
    mkdirSync(modelsDir, { recursive: true });
    app = await openServedApp(home);
    ({ page, errors } = app);
  });
  afterAll(() => app?.close());

  it('says plainly when the models folder holds no helper model, and lists helpers to download apart from chat models', async () => {
    await openModels(page);
    const empty = page.getByTestId('onnx-empty');
    await empty.waitFor();
    // The folder's path arrives with the engine status, which may answer after the listing.
    await expect
      .poll(() => empty.textContent(), { timeout: 10_000 })
      .toContain(`No helper models found in ${modelsDir}`);
    const helpers = page.getByTestId('catalog-helpers').getByTestId('catalog-entry');
    await expect.poll(() => helpers.count()).toBeGreaterThan(0);
    const helperKinds = await kinds(helpers);
    expect(new Set(helperKinds)).toEqual(new Set(['embedding', 'compressor']));
    const chatKinds = await kinds(page.getByTestId('catalog-chat').getByTestId('catalog-entry'));
    expect(chatKinds.length).toBeGreaterThan(0);
    expect(new Set(chatKinds)).toEqual(new Set(['chat']));
    await closeModels(page);
  });

  it('lists the helper folders with kind, dims and size; Use loads one and marks it; problems read plainly', async () => {
    // A good embedding model and compressor, a folder without a tokenizer, and one whose model.onnx is not ONNX
    // (only loading finds that out).
    const fixtures = await writeOnnxFixtures(path.join(home, 'fixtures'));
    await cp(fixtures.embedding, path.join(modelsDir, 'tiny-minilm'), { recursive: true });
    await cp(fixtures.compressor, path.join(modelsDir, 'tiny-llmlingua-2'), { recursive: true });
    await cp(fixtures.noTokenizer, path.join(modelsDir, 'bad-no-tokenizer'), { recursive: true });
    await cp(fixtures.garbage, path.join(modelsDir, 'bad-garbage'), { recursive: true });

    await openModels(page);
    const rows = page.getByTestId('onnx-model');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
    const row = (name: string) => rows.filter({ has: page.locator('strong', { hasText: name }) });

    const embedding = row('tiny-minilm');
    await expect(embedding.getAttribute('data-kind')).resolves.toBe('embedding');
    await expect(embedding.textContent()).resolves.toMatch(
      new RegExp(`Embeddings · ${fixtures.shape.hidden} dims · \\d+(\\.\\d)? KB`),
    );
    await expect(row('tiny-llmlingua-2').textContent()).resolves.toContain('Compressor (LLMLingua-2)');

    const noTokenizer = row('bad-no-tokenizer');
    await expect(noTokenizer.getByTestId('onnx-problem').textContent()).resolves.toContain(
      'No tokenizer — add tokenizer.json or vocab.txt',
    );
    await expect(noTokenizer.getByRole('button', { name: /^Use/ }).isDisabled()).resolves.toBe(true);

    await embedding.getByRole('button', { name: 'Use tiny-minilm' }).click();
    await expect.poll(() => embedding.getAttribute('data-in-use'), { timeout: 30_000 }).toBe('true');
    await expect(embedding.getByText('In use').count()).resolves.toBe(1);
    await embedding.getByRole('button', { name: 'Unload tiny-minilm' }).waitFor();
    // The engine, not only the dialog, has it loaded.
    const loaded = await callApi<{ ok: boolean; value: LoadedOnnxModels }>(page, 'getOnnxModels', {});
    expect(loaded.value.embedding?.dir).toBe(path.join(modelsDir, 'tiny-minilm'));
    expect(loaded.value.embedding?.dims).toBe(fixtures.shape.hidden);

    const garbage = row('bad-garbage');
    await garbage.getByRole('button', { name: 'Use bad-garbage' }).click();
    const loadError = garbage.getByTestId('onnx-load-error');
    await loadError.waitFor({ timeout: 30_000 });
    await expect(loadError.textContent()).resolves.toMatch(/cannot be read|cannot use this model/);
    // A failed load leaves the model in use as it was.
    await expect(embedding.getAttribute('data-in-use')).resolves.toBe('true');

    await page.mouse.move(0, 0);
    await screen(page, 'models-onnx');
    await page.getByTestId('catalog-helpers').scrollIntoViewIfNeeded();
    await screen(page, 'models-onnx-catalog');

    await embedding.getByRole('button', { name: 'Unload tiny-minilm' }).click();
    await expect.poll(() => embedding.getAttribute('data-in-use'), { timeout: 10_000 }).toBe('false');
    const after = await callApi<{ ok: boolean; value: LoadedOnnxModels }>(page, 'getOnnxModels', {});
    expect(after.value.embedding).toBeUndefined();
    await closeModels(page);
  });

  it('offers "Re-title with the model" in the chapter menu, disabled with the reason while no chat model is loaded', async () => {
    await page.getByTestId('file-input').setInputFiles([SAMPLE_VTT]);
    await page.locator('[data-testid="job"][data-kind="import"][data-state="done"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('chapter').first().waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Chapter options' }).click();
    const retitle = page.getByRole('menuitem', { name: 'Re-title with the model' });
    await expect(retitle.isDisabled()).resolves.toBe(true);
    await expect(retitle.getAttribute('title')).resolves.toMatch(/Load a chat model first/);
    await screen(page, 'chapter-menu');
    // The other entry still works: it starts a chapters job that shows in Activity and ends.
    await page.getByRole('menuitem', { name: 'Find chapters again' }).click();
    await page.locator('[data-testid="job"][data-kind="chapters"][data-state="done"]').waitFor({ timeout: 30_000 });
  });

  it('notes under an answer when chapter summaries stood in and when older turns were cut to make room', async () => {
    // The engine's answer is stubbed here: a real `summaries` answer needs a chat model and a document longer than its
    // context (test/model covers the engine side). This checks what the window shows for one.
    const result: AskResult = {
      mode: 'generated',
      answer: 'The keepers light the lamp early and sound the horn every minute.',
      citations: [],
      passages: [],
      noEvidence: false,
      timings: { prepareMs: 1200, ttftMs: 2400, decodeTokPerS: 18 },
      promptTokens: 900,
      kvTokens: 4000,
      stateBytes: 1_000_000,
      ratio: 4,
      contextMode: 'summaries',
      conversation: { pastTurns: 4, evictedPassages: 2, evictedTurns: 1 },
    };
    await page.route('**/api/call/getConversation', async (route) => {
      const { docId } = route.request().postDataJSON() as { docId: string };
      const turn: ChatTurn = { id: 't1', docId, question: 'What do the keepers do in fog?', result, createdAt: 1 };
      await route.fulfill({ json: { ok: true, value: [turn] } });
    });
    await page.reload();
    const turn = page.getByTestId('turn');
    await turn.waitFor({ timeout: 30_000 });
    await expect(turn.getByTestId('context-note-summaries').textContent()).resolves.toBe(
      'This document is too long for the model’s context even compressed; chapter summaries stood in for the parts ' +
        'not retrieved.',
    );
    await expect(turn.getByTestId('context-note-evicted').textContent()).resolves.toContain(
      'Older turns were shortened to make room',
    );
    await page.mouse.move(0, 0);
    await screen(page, 'chat-context-notes');
    await page.unroute('**/api/call/getConversation');
    expect(errors).toEqual([]);
  });
});
