import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../../support/serveProcess';

interface ImportOutput {
  results: { status: string; docId?: string; error?: { code: string; message: string } }[];
}

/** Runs the real `lectern` CLI in its own process and parses its JSON output. */
function lectern(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; json: unknown }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/lectern.js'), ...args, '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolve({ code, json: JSON.parse(stdout) as unknown });
      } catch {
        reject(new Error(`lectern ${args.join(' ')} printed no JSON (exit ${code}).\n${stdout}\n${stderr}`));
      }
    });
  });
}

function bigText(dir: string, name: string, paragraphs: number): string {
  const file = path.join(dir, name);
  const words = ['lantern', 'harbour', 'signal', 'keeper', 'tide', 'beacon', 'storm', 'ledger', 'rope', 'gull'];
  const lines: string[] = [];
  for (let i = 0; i < paragraphs; i++) {
    lines.push(`Paragraph ${i} about the ${words[i % 10]!} and the ${words[(i * 7) % 10]!} of ${name}.`, '');
  }
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('a library shared by processes', { timeout: 180_000 }, () => {
  it('lets several processes open a new library and import the same file at once: one imports, the rest are duplicates', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-shared-'));
    const file = bigText(dir, 'same.txt', 4000);
    const lib = path.join(dir, 'lib');
    const runs = await Promise.all(Array.from({ length: 5 }, () => lectern(['import', file, '--library', lib])));
    const results = runs.map((r) => (r.json as ImportOutput).results[0]!);
    expect(results.map((r) => r.error)).toEqual(results.map(() => undefined));
    expect(results.filter((r) => r.status === 'imported')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(4);
    expect(new Set(results.map((r) => r.docId)).size).toBe(1);
    const list = (await lectern(['list', '--library', lib])).json as { documents: unknown[] };
    expect(list.documents).toHaveLength(1);
  });

  it('reports LIBRARY_BUSY, not INTERNAL, when another process holds the write lock past the wait', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-busy-'));
    const lib = path.join(dir, 'lib');
    await lectern(['import', bigText(dir, 'first.txt', 10), '--library', lib]);
    const holder = new Database(path.join(lib, 'library.sqlite'));
    holder.exec('BEGIN IMMEDIATE');
    holder.exec("UPDATE documents SET title = 'held'");
    try {
      const run = await lectern(['import', bigText(dir, 'second.txt', 10), '--library', lib], {
        LECTERN_LIBRARY_BUSY_MS: '500',
      });
      const result = (run.json as ImportOutput).results[0]!;
      expect(result.status).toBe('error');
      expect(result.error?.code).toBe('LIBRARY_BUSY');
      expect(result.error?.message).toMatch(/Wait for/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
