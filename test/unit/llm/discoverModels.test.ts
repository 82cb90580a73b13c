import { mkdir, mkdtemp, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostEnvironment } from '../../../src-main/engine/llm/discoverModels';
import { listModels, modelId, resolveModelRef } from '../../../src-main/engine/llm/discoverModels';
import { writeTestGgufs } from './badGgufFiles';

const DIGEST = 'a'.repeat(64);
let root: string;
let home: string;
let modelsDir: string;
let files: Awaited<ReturnType<typeof writeTestGgufs>>;

/** A fake home laid out as each app keeps its models, with copies of one small good model. */
async function layOut(platform: NodeJS.Platform): Promise<HostEnvironment> {
  const put = async (...parts: string[]) => {
    const target = path.join(home, ...parts);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(files.good, target);
    return target;
  };
  await put('.lmstudio', 'models', 'lmstudio-community', 'Qwen3-4B-GGUF', 'Qwen3-4B-Q4_K_M.gguf');
  await put('.cache', 'lm-studio', 'models', 'TheBloke', 'old-GGUF', 'old.Q4_0.gguf');
  await put('jan', 'models', 'llama3.2-1b', 'model.gguf');
  if (platform === 'darwin') await put('Library', 'Application Support', 'nomic.ai', 'GPT4All', 'gpt4all-falcon.gguf');
  if (platform === 'linux') await put('.local', 'share', 'nomic.ai', 'GPT4All', 'gpt4all-falcon.gguf');
  // Ollama: a manifest names the blob; the blob has no extension.
  const ollama = path.join(home, '.ollama', 'models');
  const manifest = path.join(ollama, 'manifests', 'registry.ollama.ai', 'library', 'qwen3', '4b');
  await mkdir(path.dirname(manifest), { recursive: true });
  await writeFile(
    manifest,
    JSON.stringify({
      schemaVersion: 2,
      layers: [
        { mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'b'.repeat(64)}`, size: 10 },
        { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${DIGEST}`, size: 1 },
      ],
    }),
  );
  await mkdir(path.join(ollama, 'blobs'), { recursive: true });
  await copyFile(files.good, path.join(ollama, 'blobs', `sha256-${DIGEST}`));
  // A pull still in progress: manifest present, blob missing. And a manifest that is not JSON.
  const pending = path.join(ollama, 'manifests', 'registry.ollama.ai', 'library', 'llama3', 'latest');
  await mkdir(path.dirname(pending), { recursive: true });
  await writeFile(
    pending,
    JSON.stringify({
      layers: [{ mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${'c'.repeat(64)}` }],
    }),
  );
  await writeFile(path.join(path.dirname(pending), 'broken'), '{not json');
  return { home, platform, env: {} };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lectern-discover-'));
  home = path.join(root, 'home');
  modelsDir = path.join(root, 'models');
  await mkdir(modelsDir, { recursive: true });
  files = await writeTestGgufs(root);
  await copyFile(files.good, path.join(modelsDir, 'mine.gguf'));
  await copyFile(files.truncated, path.join(modelsDir, 'broken.gguf'));
  // Never listed: a download in progress, a hidden temp file, the second part of a split model.
  await copyFile(files.good, path.join(modelsDir, 'pulling.gguf.partial'));
  await copyFile(files.good, path.join(modelsDir, '.tmp.gguf'));
  await copyFile(files.good, path.join(modelsDir, 'big-00002-of-00002.gguf'));
  await copyFile(files.good, path.join(modelsDir, 'big-00001-of-00002.gguf'));
  // The same file reached twice is listed once.
  await symlink(path.join(modelsDir, 'mine.gguf'), path.join(modelsDir, 'alias.gguf'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('listModels', () => {
  it('finds models in the models folder and in LM Studio, Ollama, Jan and GPT4All folders (Linux)', async () => {
    const host = await layOut('linux');
    const models = await listModels({ modelsDir, host });
    const byName = Object.fromEntries(models.map((m) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(
      [
        'Qwen3-4B-Q4_K_M',
        'mine',
        'big-00001-of-00002',
        'broken',
        'gpt4all-falcon',
        'model',
        'old.Q4_0',
        'qwen3:4b',
      ].sort(),
    );
    expect(byName['Qwen3-4B-Q4_K_M']?.source).toBe('lm-studio');
    expect(byName['old.Q4_0']?.source).toBe('lm-studio');
    expect(byName.model?.source).toBe('jan');
    expect(byName['gpt4all-falcon']?.source).toBe('gpt4all');
    expect(byName['qwen3:4b']).toMatchObject({
      source: 'ollama',
      path: path.join(home, '.ollama', 'models', 'blobs', `sha256-${DIGEST}`),
      meta: { architecture: 'llama', hasChatTemplate: true },
    });
    expect(byName.broken?.problem?.code).toBe('MODEL_INCOMPATIBLE');
    expect(byName.broken?.meta).toBeUndefined();
    expect(byName['Qwen3-4B-Q4_K_M']?.meta).toMatchObject({ architecture: 'llama', quantization: 'F32' });
    // Listed where they are: nothing copied into the models folder.
    expect(byName['Qwen3-4B-Q4_K_M']?.path.startsWith(home)).toBe(true);
    expect(models.every((m) => m.id === modelId(m.path))).toBe(true);
  });

  it('uses the macOS and Windows GPT4All folders', async () => {
    await layOut('darwin');
    const mac = await listModels({ modelsDir, host: { home, platform: 'darwin', env: {} } });
    expect(mac.find((m) => m.source === 'gpt4all')?.path).toContain(path.join('Library', 'Application Support'));
    const localAppData = path.join(root, 'LocalAppData');
    await mkdir(path.join(localAppData, 'nomic.ai', 'GPT4All'), { recursive: true });
    await copyFile(files.good, path.join(localAppData, 'nomic.ai', 'GPT4All', 'win.gguf'));
    const win = await listModels({ modelsDir, host: { home, platform: 'win32', env: { LOCALAPPDATA: localAppData } } });
    expect(win.find((m) => m.name === 'win')?.source).toBe('gpt4all');
  });

  it('skips other apps when host is false, and resolves refs by id or path', async () => {
    const models = await listModels({ modelsDir, host: false });
    expect(models.every((m) => m.source === 'lectern')).toBe(true);
    const mine = models.find((m) => m.name === 'mine');
    if (!mine) throw new Error('mine.gguf not listed');
    expect((await resolveModelRef(mine.id, { modelsDir, host: false })).path).toBe(mine.path);
    expect((await resolveModelRef(files.good, { modelsDir, host: false })).source).toBe('user');
    await expect(resolveModelRef('0123456789abcdef', { modelsDir, host: false })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
    await expect(resolveModelRef(path.join(root, 'nope.gguf'), { modelsDir, host: false })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
  });
});
