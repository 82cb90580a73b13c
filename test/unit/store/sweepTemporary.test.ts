import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompressedStateCache } from '../../../src-main/engine/compression/CompressedStateCache';
import { Library } from '../../../src-main/engine/store/Library';

/** The id of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

describe('temporary files of killed processes', () => {
  it('are removed when the library opens; a live writer keeps its own', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-sweep-'));
    const files = path.join(dir, 'files');
    mkdirSync(files, { recursive: true });
    const id = 'c'.repeat(64);
    const dead = `.${id}.${deadPid()}.0b7e6c1a-1111-4222-8333-944445555666.tmp`;
    const legacy = `.${id}.0b7e6c1a-1111-4222-8333-944445555666.tmp`;
    const live = `.${id}.${process.pid}.0b7e6c1a-1111-4222-8333-944445555666.tmp`;
    for (const name of [dead, legacy, live, `${id}.pdf`]) writeFileSync(path.join(files, name), 'x');
    new Library(dir).close();
    expect(readdirSync(files).sort()).toEqual([live, `${id}.pdf`].sort());
  });

  it('are removed from the state cache at once, not an hour later', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-sweep-cache-'));
    const dead = `abc.kvstate.${deadPid()}.deadbeef.tmp`;
    const live = `abd.kvstate.${process.pid}.deadbeef.tmp`;
    writeFileSync(path.join(dir, dead), Buffer.alloc(1000));
    writeFileSync(path.join(dir, live), Buffer.alloc(1000));
    await new CompressedStateCache(dir).enforceLimit();
    expect(readdirSync(dir)).toEqual([live]);
  });
});
