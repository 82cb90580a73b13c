import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Library } from '../../src-main/engine/store/Library';
import { writeSyntheticSrt } from '../../src-main/measure/synthetic/syntheticTranscript';
import { REPO_ROOT } from '../support/serveProcess';

const CUES = 200_000;

function cli(args: string[]) {
  return spawn(process.execPath, [path.join(REPO_ROOT, 'bin/lectern.js'), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function runToEnd(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = cli(args);
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout })));
}

/** What the library holds for the document after a crash: nothing, or all of it. */
function inspect(libraryDir: string): { integrity: string; docs: number; units: number[] } {
  const lib = new Library(libraryDir);
  try {
    const docs = lib.documents.list();
    return { integrity: lib.integrityCheck(), docs: docs.length, units: docs.map((d) => d.unitCount) };
  } finally {
    lib.close();
  }
}

describe('an import killed with SIGKILL', () => {
  // Several kill times, so that at least one lands while parsing and one while writing the transaction.
  it.each([700, 1600, 2600])(
    'leaves a consistent library (killed after %i ms) and a re-run completes it',
    async (delayMs) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-kill-'));
      const file = path.join(dir, 'long-meeting.srt');
      writeSyntheticSrt(file, CUES);
      const libraryDir = path.join(dir, 'library');
      const child = cli(['import', file, '--library', libraryDir, '--json']);
      await new Promise((r) => setTimeout(r, delayMs));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;

      const after = inspect(libraryDir);
      expect(after.integrity).toBe('ok');
      expect(after.docs === 0 || (after.docs === 1 && after.units[0] === CUES)).toBe(true);

      const rerun = await runToEnd(['import', file, '--library', libraryDir, '--json']);
      expect(rerun.code).toBe(0);
      const status = (JSON.parse(rerun.stdout) as { results: { status: string }[] }).results[0]?.status;
      expect(status).toBe(after.docs === 0 ? 'imported' : 'duplicate');
      const final = inspect(libraryDir);
      expect(final).toEqual({ integrity: 'ok', docs: 1, units: [CUES] });
    },
  );
});
