import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureFixtureModel, TINY_SHAPE } from '../fixtures/gguf/fixtureModels';
import { hasChromium, launchChromium } from '../support/browser';
import { startOpenAiTestServer, type TestServer } from '../support/openAiTestServer';
import { REPO_ROOT, startServeInHome, type ServeProcess } from '../support/serveProcess';
import { captureScreen } from '../support/uiPage';

const built = existsSync(path.join(REPO_ROOT, 'out/renderer/index.html'));
if (!hasChromium()) console.warn('e2e server settings: /usr/bin/chromium is missing; skipped.');
if (!built) console.warn('e2e server settings: out/renderer is not built (npx electron-vite build); skipped.');

const KEY = 'sk-ui-test-93b1f0';

describe.skipIf(!hasChromium() || !built)('the Server section of the models dialog (lectern serve)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let server: TestServer;
  const toRenderer: string[] = [];

  beforeAll(async () => {
    server = await startOpenAiTestServer({
      modelPath: await ensureFixtureModel(TINY_SHAPE),
      contextSize: 4096,
      apiKey: KEY,
      maxTokens: 8,
    });
    serve = await startServeInHome(mkdtempSync(path.join(os.tmpdir(), 'lectern-server-ui-')));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Everything the engine sends the page: call results and the event stream.
    page.on(
      'response',
      (r) =>
        void r.text().then(
          (t) => toRenderer.push(t),
          () => undefined,
        ),
    );
    page.on('websocket', (ws) => ws.on('framereceived', (f) => toRenderer.push(String(f.payload))));
    await page.goto(serve.url);
    await page.getByTestId('welcome').waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await server?.close();
  });

  it('tests the connection, lists the model, uses the server, and never shows the key back', async () => {
    await page.getByTestId('model-button').click();
    const section = page.getByTestId('server-settings');
    await section.waitFor();
    await section.getByLabel('Base URL').fill(`${server.url}/v1`);
    await section.getByLabel('API key').fill('sk-wrong');
    await section.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => section.getByTestId('server-error').getAttribute('data-code')).toBe('SERVER_UNAUTHORIZED');

    await section.getByLabel('API key').fill(KEY);
    await section.getByRole('button', { name: 'Test connection' }).click();
    const result = section.getByTestId('server-test-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(
      /llama\.cpp server answered in \d+ ms · 1 model · 4,096 tokens of context/,
    );
    expect(await section.getByLabel('Model').inputValue()).toBe('test-model');

    await section.getByRole('button', { name: 'Use this server' }).click();
    const inUse = section.getByTestId('server-in-use');
    await inUse.waitFor();
    expect(await inUse.textContent()).toContain(`${server.url}/v1 (test-model), with an API key`);
    expect(await section.getByLabel('API key').inputValue()).toBe('');
    await section.scrollIntoViewIfNeeded();
    await captureScreen(page, 'models-server');
    expect(toRenderer.length).toBeGreaterThan(3);
    expect(toRenderer.filter((t) => t.includes(KEY))).toEqual([]);
  });
});
