import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { electronBinary } from '../support/electronBinary';
import { REPO_ROOT } from '../support/serveProcess';

const binary = electronBinary();
const built = existsSync(path.join(REPO_ROOT, 'out/main/index.js'));
const skipReason = 'missing' in binary ? binary.missing : built ? undefined : 'the app is not built (npm run build)';
if (skipReason)
  console.warn(
    `e2e: Electron launch test skipped: ${skipReason}. It runs wherever \`npm install\` could fetch Electron.`,
  );

describe.skipIf(skipReason !== undefined)('the desktop app', () => {
  let app: ElectronApplication | undefined;
  afterAll(async () => {
    await app?.close();
  });

  it('opens a secure window that shows the engine status from the utility process', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-electron-'));
    app = await _electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: [REPO_ROOT, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: { ...process.env, LECTERN_USER_DATA: home },
    });
    const window = await app.firstWindow();
    // Checked from inside the page: with contextIsolation and the sandbox, no Node globals reach the renderer.
    const prefs = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      lectern: typeof (globalThis as { lectern?: unknown }).lectern,
    }));
    expect(prefs).toEqual({ require: 'undefined', process: 'undefined', lectern: 'object' });
    await window.getByRole('button', { name: 'About this engine' }).click({ timeout: 60_000 });
    await window.getByTestId('engine-status').waitFor({ timeout: 60_000 });
    await expect(window.getByTestId('engine-status').textContent()).resolves.toContain('in its own process');
    await window.screenshot({ path: path.join(REPO_ROOT, 'test-results/e2e-electron.png') });
  });
});
