import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { isProcessAlive, temporaryOwner } from '../processAlive';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Document ids are sha256 hex; anything else never becomes part of a path. */
const DOC_ID = /^[0-9a-f]{64}$/;

/**
 * Copies of imported PDFs kept inside the library (`<libraryDir>/files/<docId>.pdf`), so the page view does not
 * depend on the original file staying where it was: browser uploads live in a temp folder, and users move files.
 * A copy is written to a temp name and renamed, so a crash never leaves a truncated copy under the real name.
 */
export class DocumentFiles {
  readonly dir: string;

  constructor(libraryDir: string) {
    this.dir = path.join(libraryDir, 'files');
  }

  /**
   * Removes the temporary copies of processes that died mid-copy (a kill during import). Names without a process id
   * come from before ids were recorded; nothing can still be writing those.
   */
  sweepTemporary(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
      const owner = temporaryOwner(name);
      if (owner === undefined || !isProcessAlive(owner)) rmSync(path.join(this.dir, name), { force: true });
    }
  }

  pathOf(docId: string): string | undefined {
    return DOC_ID.test(docId) ? path.join(this.dir, `${docId}.pdf`) : undefined;
  }

  has(docId: string): boolean {
    const file = this.pathOf(docId);
    return file !== undefined && existsSync(file);
  }

  async save(docId: string, bytes: Uint8Array): Promise<void> {
    const file = this.pathOf(docId);
    if (!file) return;
    await mkdir(this.dir, { recursive: true });
    const temp = path.join(this.dir, `.${docId}.${process.pid}.${randomUUID()}.tmp`);
    try {
      await writeFile(temp, bytes);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** The stored copy, or undefined when there is none. */
  async read(docId: string): Promise<Uint8Array | undefined> {
    const file = this.pathOf(docId);
    if (!file) return undefined;
    try {
      return new Uint8Array(await readFile(file));
    } catch {
      return undefined;
    }
  }

  /** Synchronous, like the rest of `Library.delete` (better-sqlite3 is synchronous). */
  remove(docId: string): void {
    const file = this.pathOf(docId);
    if (file) rmSync(file, { force: true });
  }
}
