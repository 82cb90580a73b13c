import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { FILE_ID_PATTERN, type FileGrant } from '../../../src-shared/domain/fileGrant';
import { LecternError } from '../../../src-shared/errors';

/**
 * The files a person chose (a dialog, a drop, an upload), by opaque id. The renderer only ever holds ids, so a page
 * that goes wrong cannot ask the engine to read an arbitrary path: only the host that owns the picker (Electron main,
 * the `lectern serve` upload route) grants one. Grants live as long as the engine; a path granted twice keeps its id.
 */
export class FileGrants {
  readonly #paths = new Map<string, string>();
  readonly #ids = new Map<string, string>();

  /** Registers a path the person chose; resolves its id. Host-side only: never reachable from a renderer call. */
  grant(file: string): FileGrant {
    const resolved = path.resolve(file);
    let id = this.#ids.get(resolved);
    if (id === undefined) {
      id = `file:${randomUUID()}`;
      this.#ids.set(resolved, id);
      this.#paths.set(id, resolved);
    }
    return { id, name: path.basename(resolved) };
  }

  /** The path behind an id; `FILE_NOT_GRANTED` for an id this engine never handed out. */
  resolve(id: string): string {
    const found = FILE_ID_PATTERN.test(id) ? this.#paths.get(id) : undefined;
    if (found === undefined) {
      throw new LecternError('FILE_NOT_GRANTED', 'That file was not chosen in this session: open or drop it again.', {
        id,
      });
    }
    return found;
  }

  /** The path behind an id, or undefined (for the host's own bookkeeping, e.g. removing uploads). */
  peek(id: string): string | undefined {
    return this.#paths.get(id);
  }
}
