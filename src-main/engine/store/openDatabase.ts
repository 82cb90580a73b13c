import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { LecternError, systemFailure } from '../../../src-shared/errors';
import { appRoot } from '../version';
import { MIGRATIONS } from './migrations';

const require = createRequire(import.meta.url);

export type Db = BetterSqlite3.Database;

/**
 * better-sqlite3 is a V8-ABI addon: the build that `npm install` makes for Node cannot load inside Electron. Before
 * `npm start`, scripts/electronNative.mjs builds a second copy for Electron, which the app loads from here. (A
 * packaged app needs none of this: electron-builder rebuilds the addon for Electron in place.)
 */
function nativeBinding(): string | undefined {
  if (process.env.LECTERN_SQLITE_BINDING) return process.env.LECTERN_SQLITE_BINDING;
  if (!process.versions.electron) return undefined;
  const devBuild = path.join(appRoot(), '.cache', 'electron-native', 'better_sqlite3.node');
  return existsSync(devBuild) ? devBuild : undefined;
}

/**
 * How long a statement waits for another process's write lock before failing with LIBRARY_BUSY. Writes are cut into
 * transactions of well under a second, so a wait this long means a stuck writer, not a busy one.
 */
export function busyTimeoutMs(): number {
  const fromEnv = Number(process.env.LECTERN_LIBRARY_BUSY_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 30_000;
}

function canWrite(target: string): boolean {
  try {
    accessSync(target, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The open failure as its expected code (disk full, read-only, busy) or INTERNAL with the file named. */
function openFailure(file: string, error: unknown): LecternError {
  const system = systemFailure(error);
  if (system) return new LecternError(system.code, `${system.message} Library: ${file}`);
  return new LecternError('INTERNAL', `Could not open the library at ${file}: ${(error as Error).message}`);
}

/**
 * Opens (creating if needed) the library database in WAL mode and brings its schema up to date. A library whose
 * folder or file cannot be written (a read-only share, a locked-down profile) opens read-only: documents can be
 * read, and every write fails with LIBRARY_READ_ONLY.
 */
export function openDatabase(libraryDir: string): Db {
  const file = path.join(libraryDir, 'library.sqlite');
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const binding = nativeBinding();
  const base = { timeout: busyTimeoutMs(), ...(binding ? { nativeBinding: binding } : {}) };
  const readOnly = existsSync(file) ? !canWrite(file) || !canWrite(libraryDir) : false;
  if (!readOnly) {
    try {
      mkdirSync(libraryDir, { recursive: true });
    } catch (error) {
      throw openFailure(file, error);
    }
    if (!canWrite(libraryDir)) {
      throw new LecternError(
        'LIBRARY_READ_ONLY',
        `The library folder ${libraryDir} cannot be written, and it holds no library yet. Choose a writable folder.`,
      );
    }
  }
  let db: Db;
  try {
    db = readOnly ? openReadOnly(Database, file, base) : new Database(file, base);
    if (!readOnly) {
      // WAL: readers never block the writer, and a crash mid-write leaves the last committed state intact.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
  } catch (error) {
    throw openFailure(file, error);
  }
  if (readOnly) checkReadOnlySchema(db, file);
  else migrate(db);
  return db;
}

/**
 * A read-only WAL database still needs its -shm file; where the folder cannot hold one, SQLite's `immutable` mode
 * reads the file as it is (no other process can be writing it: nobody can write that folder).
 */
function openReadOnly(Database: typeof BetterSqlite3, file: string, base: BetterSqlite3.Options): Db {
  const db = new Database(file, { ...base, readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch {
    db.close();
    return new Database(`file:${encodeURI(file)}?immutable=1`, { ...base, readonly: true, fileMustExist: true });
  }
}

function checkReadOnlySchema(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current < latest) {
    db.close();
    throw new LecternError(
      'LIBRARY_READ_ONLY',
      `The library at ${file} is read-only and was written by an older Lectern, so it cannot be brought up to date. Make it writable once, or open a copy.`,
    );
  }
}

/**
 * Brings the schema up to date. Several processes may open a new library at once (the app, `lectern` commands, the
 * test runner's workers): the check is repeated inside an exclusive transaction, so exactly one of them runs each
 * migration and the others wait on the busy handler, then find nothing left to do.
 */
export function migrate(db: Db): void {
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  const check = (current: number): void => {
    if (current > latest) {
      throw new LecternError(
        'INTERNAL',
        `The library was written by a newer Lectern (schema ${current} > ${latest}). Update Lectern to open it.`,
      );
    }
  };
  check(version());
  if (version() === latest) return;
  db.transaction(() => {
    const current = version();
    check(current);
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).exclusive();
}
