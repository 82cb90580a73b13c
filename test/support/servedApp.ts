import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startServeInHome, type ServeProcess } from './serveProcess';

/** The built renderer served by `lectern serve` in a home folder, open in headless Chromium. */
export interface ServedApp {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  /** Uncaught errors of the page, for a last test to assert there were none. */
  errors: string[];
  /** Closes the browser, then stops the server. */
  close(): Promise<void>;
}

/**
 * Starts `lectern serve` with `home` as its home, opens the app in a 1280×800 page and waits for the welcome screen
 * (the first render), so every browser test begins from the same state.
 */
export async function openServedApp(home: string): Promise<ServedApp> {
  const serve = await startServeInHome(home);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(serve.url);
  await page.getByTestId('welcome').waitFor({ timeout: 30_000 });
  return {
    serve,
    browser,
    page,
    errors,
    close: async () => {
      await browser.close();
      await serve.stop();
    },
  };
}
