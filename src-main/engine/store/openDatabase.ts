import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { LecternError } from '../../../src-shared/errors';
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

/** Opens (creating if needed) the library database in WAL mode and brings its schema up to date. */
export function openDatabase(libraryDir: string): Db {
  mkdirSync(libraryDir, { recursive: true });
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const file = path.join(libraryDir, 'library.sqlite');
  let db: Db;
  try {
    const binding = nativeBinding();
    db = new Database(file, binding ? { nativeBinding: binding } : {});
  } catch (error) {
    throw new LecternError('INTERNAL', `Could not open the library at ${file}: ${(error as Error).message}`);
  }
  // WAL: readers never block the writer, and a crash mid-write leaves the last committed state intact.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new LecternError(
      'INTERNAL',
      `The library was written by a newer Lectern (schema ${current} > ${latest}). Update Lectern to open it.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
