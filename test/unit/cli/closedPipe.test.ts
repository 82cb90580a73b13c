import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Library } from '../../../src-main/engine/store/Library';
import { REPO_ROOT } from '../../support/serveProcess';

describe('lectern list | head -1', () => {
  it('ends quietly with status 0 when the reader goes away', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-pipe-'));
    // Enough documents that the listing (about 400 KB) outgrows the pipe's buffer after head has gone.
    const library = new Library(path.join(dir, 'lib'));
    for (let i = 0; i < 3000; i++) {
      const text = `Document ${i} about the harbour.`;
      library.insert(
        {
          id: i.toString(16).padStart(64, '0'),
          title: `A document with a long enough title to fill the listing, number ${i}`,
          kind: 'text',
          text,
          units: [{ index: 0, start: 0, end: text.length, anchor: { type: 'text', line: 1 } }],
          meta: { fileName: `d${i}.txt`, sizeBytes: text.length, format: 'text' },
        },
        `/tmp/d${i}.txt`,
      );
    }
    library.close();
    const err = path.join(dir, 'stderr.txt');
    const run = spawnSync(
      'bash',
      ['-c', `"$NODE" bin/lectern.js list --library "$LIB" 2>"$ERR" | head -1; echo "status=\${PIPESTATUS[0]}"`],
      { cwd: REPO_ROOT, env: { ...process.env, NODE: process.execPath, LIB: path.join(dir, 'lib'), ERR: err } },
    );
    const out = run.stdout.toString().trim().split('\n');
    expect(out).toHaveLength(2);
    expect(out[1]).toBe('status=0');
    expect(readFileSync(err, 'utf8')).toBe('');
  }, 60_000);
});
