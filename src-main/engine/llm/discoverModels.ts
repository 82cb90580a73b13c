import { createHash } from 'node:crypto';
import os from 'node:os';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelEntry, ModelSource } from '../../../src-shared/domain/model';
import { LecternError } from '../../../src-shared/errors';
import { readModelMeta } from './readModelMeta';

export interface ModelFolder {
  dir: string;
  source: ModelSource;
}

/** Where "home" is, for finding other apps' folders; injectable so tests can lay out a fake home. */
export interface HostEnvironment {
  home: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

export interface ListModelsOptions {
  modelsDir: string;
  extraDirs?: string[];
  /** Single GGUF files listed as the user's (ones chosen in a dialog this session). */
  extraFiles?: string[];
  /** Other apps' folders are searched for this host; `false` skips them. Default: this machine. */
  host?: HostEnvironment | false;
  /** How deep to look below each folder. Default 4 (LM Studio nests publisher/model/file, Jan data/llamacpp/models/x). */
  maxDepth?: number;
}

export function currentHost(): HostEnvironment {
  return { home: os.homedir(), platform: process.platform, env: process.env };
}

export function modelId(filePath: string): string {
  return createHash('sha256').update(path.resolve(filePath)).digest('hex').slice(0, 16);
}

/** Folders where LM Studio, Jan and GPT4All keep GGUF files on this platform (Ollama is read from its manifests). */
export function appModelFolders(host: HostEnvironment): ModelFolder[] {
  const { home, platform, env } = host;
  const j = (...parts: string[]) => path.join(...parts);
  // Per-user application data, as each OS names it.
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? j(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? j(home, 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? j(home, '.local', 'share'));
  const localAppData = platform === 'win32' ? (env.LOCALAPPDATA ?? j(home, 'AppData', 'Local')) : appData;
  const linuxConfig = env.XDG_CONFIG_HOME ?? j(home, '.config');
  return [
    { dir: j(home, '.lmstudio', 'models'), source: 'lm-studio' },
    { dir: j(home, '.cache', 'lm-studio', 'models'), source: 'lm-studio' },
    { dir: j(home, 'jan', 'models'), source: 'jan' },
    { dir: j(appData, 'Jan', 'data', 'models'), source: 'jan' },
    { dir: j(appData, 'Jan', 'data', 'llamacpp', 'models'), source: 'jan' },
    ...(platform === 'linux'
      ? [
          { dir: j(linuxConfig, 'Jan', 'data', 'models'), source: 'jan' as const },
          { dir: j(linuxConfig, 'Jan', 'data', 'llamacpp', 'models'), source: 'jan' as const },
        ]
      : []),
    { dir: j(localAppData, 'nomic.ai', 'GPT4All'), source: 'gpt4all' },
  ];
}

/** Ollama's model stores: `$OLLAMA_MODELS`, the user's, and the Linux service's. */
export function ollamaFolders(host: HostEnvironment): string[] {
  const dirs = [path.join(host.home, '.ollama', 'models')];
  if (host.env.OLLAMA_MODELS) dirs.unshift(host.env.OLLAMA_MODELS);
  if (host.platform === 'linux') dirs.push('/usr/share/ollama/.ollama/models');
  return dirs;
}

/** A GGUF file that is complete and the first of its set: partial downloads and later split parts are never listed. */
function isListableGguf(name: string): boolean {
  const lower = name.toLowerCase();
  if (!lower.endsWith('.gguf') || lower.startsWith('.')) return false;
  const split = /-(\d{5})-of-(\d{5})\.gguf$/.exec(lower);
  return !split || Number(split[1]) === 1;
}

async function findGgufFiles(dir: string, depth: number): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return []; // A folder that does not exist simply has no models.
  }
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 0 && !entry.name.startsWith('.'))
      found.push(...(await findGgufFiles(full, depth - 1)));
    else if ((entry.isFile() || entry.isSymbolicLink()) && isListableGguf(entry.name)) found.push(full);
  }
  return found;
}

/**
 * Ollama keeps weights as content-addressed blobs without an extension; the manifest
 * `manifests/<registry>/<namespace>/<model>/<tag>` names them. The layer of media type `...image.model` is the GGUF.
 */
export async function findOllamaModels(modelsDir: string): Promise<{ path: string; name: string }[]> {
  const manifests = path.join(modelsDir, 'manifests');
  const found: { path: string; name: string }[] = [];
  for (const registry of await subdirs(manifests)) {
    for (const namespace of await subdirs(path.join(manifests, registry))) {
      for (const model of await subdirs(path.join(manifests, registry, namespace))) {
        const modelDir = path.join(manifests, registry, namespace, model);
        let tags: string[];
        try {
          tags = (await readdir(modelDir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
        } catch {
          continue;
        }
        for (const tag of tags) {
          const digest = await modelDigest(path.join(modelDir, tag));
          if (!digest) continue;
          const blob = path.join(modelsDir, 'blobs', digest.replace(':', '-'));
          if (!(await isFile(blob))) continue; // a pull that has not finished yet
          const prefix = namespace === 'library' ? '' : `${namespace}/`;
          found.push({ path: blob, name: `${prefix}${model}:${tag}` });
        }
      }
    }
  }
  return found;
}

async function modelDigest(manifestPath: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
      layers?: { mediaType?: unknown; digest?: unknown }[];
    };
    const layer = manifest.layers?.find((l) => l.mediaType === 'application/vnd.ollama.image.model');
    const digest = layer?.digest;
    return typeof digest === 'string' && /^sha256[:-][0-9a-f]{64}$/.test(digest) ? digest : undefined;
  } catch {
    return undefined; // not JSON, or not a manifest: skip it
  }
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}

/** GGUF files in the models folder and in other local-LLM apps' folders, with header metadata. Nothing is copied. */
export async function listModels(options: ListModelsOptions): Promise<ModelEntry[]> {
  const host = options.host === undefined ? currentHost() : options.host;
  const folders: ModelFolder[] = [
    { dir: options.modelsDir, source: 'lectern' },
    ...(options.extraDirs ?? []).map((dir) => ({ dir, source: 'user' as const })),
    ...(host ? appModelFolders(host) : []),
  ];
  const candidates: { path: string; source: ModelSource; name?: string }[] = [];
  for (const folder of folders)
    for (const file of await findGgufFiles(folder.dir, options.maxDepth ?? 4))
      candidates.push({ path: file, source: folder.source });
  for (const file of options.extraFiles ?? []) if (await isFile(file)) candidates.push({ path: file, source: 'user' });
  if (host)
    for (const dir of ollamaFolders(host))
      for (const m of await findOllamaModels(dir)) candidates.push({ ...m, source: 'ollama' });

  // The same file reached twice (a folder listed twice, a symlink into another app's store) is listed once, under
  // its real path when that was found too.
  const withReal = await Promise.all(
    candidates.map(async (c) => ({ ...c, real: await realpath(c.path).catch(() => path.resolve(c.path)) })),
  );
  withReal.sort((a, b) => Number(a.real !== path.resolve(a.path)) - Number(b.real !== path.resolve(b.path)));
  const seen = new Set<string>();
  const models: ModelEntry[] = [];
  for (const c of withReal) {
    if (seen.has(c.real)) continue;
    seen.add(c.real);
    models.push(await describeModel(path.resolve(c.path), c.source, c.name));
  }
  return models.sort((a, b) => a.name.localeCompare(b.name));
}

export async function describeModel(filePath: string, source: ModelSource, name?: string): Promise<ModelEntry> {
  let info;
  try {
    info = await stat(filePath);
  } catch {
    throw new LecternError('MODEL_NOT_FOUND', `No model file at ${filePath}.`);
  }
  if (!info.isFile()) throw new LecternError('MODEL_NOT_FOUND', `${filePath} is not a file.`);
  const entry: ModelEntry = {
    id: modelId(filePath),
    path: filePath,
    name: name ?? path.basename(filePath, path.extname(filePath)),
    source,
    sizeBytes: info.size,
  };
  const meta = await readModelMeta(filePath);
  if (meta.ok) entry.meta = meta.value;
  else entry.problem = meta.error;
  return entry;
}

/** A model by id (from `listModels`) or by absolute path. */
export async function resolveModelRef(ref: string, options: ListModelsOptions): Promise<ModelEntry> {
  if (path.isAbsolute(ref)) {
    const listed = (await listModels(options)).find((m) => m.path === path.resolve(ref));
    return listed ?? describeModel(path.resolve(ref), 'user');
  }
  const found = (await listModels(options)).find((m) => m.id === ref);
  if (!found)
    throw new LecternError('MODEL_NOT_FOUND', `No model with id ${ref}; list them with \`lectern model list\`.`);
  return found;
}
