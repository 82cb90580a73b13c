import os from 'node:os';
import path from 'node:path';

export interface EnginePaths {
  /** The library database and per-document files. */
  libraryDir: string;
  /** Where downloaded models go and where the user can drop GGUF files. */
  modelsDir: string;
  /** Compressed KV states and other rebuildable data (safe to delete). */
  cacheDir: string;
}

/** The per-user data folder, the same one Electron's `app.getPath('userData')` gives for the app name "Lectern". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LECTERN_HOME) return path.resolve(env.LECTERN_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Lectern');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Lectern');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Lectern');
}

/** Paths for a library folder; models and cache live beside the library unless overridden. */
export function enginePaths(options: Partial<EnginePaths> & { dataDir?: string } = {}): EnginePaths {
  const dataDir = options.dataDir ?? defaultDataDir();
  const libraryDir = path.resolve(options.libraryDir ?? path.join(dataDir, 'library'));
  return {
    libraryDir,
    modelsDir: path.resolve(options.modelsDir ?? process.env.LECTERN_MODELS_DIR ?? path.join(dataDir, 'models')),
    cacheDir: path.resolve(options.cacheDir ?? path.join(libraryDir, 'cache')),
  };
}
