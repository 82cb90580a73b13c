import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The Electron binary's path, or why there is none. `npm install` downloads it through electron's own install
 * script; CI here installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1, so the package is present but the binary is not.
 */
export function electronBinary(): { path: string } | { missing: string } {
  try {
    const binary = require('electron') as unknown as string;
    if (typeof binary === 'string' && existsSync(binary)) return { path: binary };
    return { missing: `the Electron binary is not installed (${String(binary)})` };
  } catch (error) {
    return { missing: `the Electron binary is not installed: ${(error as Error).message.split('\n')[0]}` };
  }
}
