import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServeProcess {
  url: string;
  port: number;
  token: string;
  /** Ids of the files named with `--grant`, by the path given. */
  grants: { id: string; name: string; path: string }[];
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the real `lectern serve` CLI as a child process and resolves once it printed its URL. */
export function startServeProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/lectern.js'), 'serve', '--json', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lectern serve did not start in 60 s.\n${stderr}`)), 60_000);
    child.on('exit', (code) => reject(new Error(`lectern serve exited with ${code}.\n${stdout}\n${stderr}`)));
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      try {
        const info = JSON.parse(stdout) as Omit<ServeProcess, 'child' | 'stop'>;
        clearTimeout(timer);
        resolve({
          ...info,
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      } catch {
        // Not all of the JSON has arrived yet.
      }
    });
  });
}

/**
 * `lectern serve` on a throwaway library and models folder under `home`, with one llama.cpp thread; `grant` names
 * files the page may import in place (their ids are in `grants`), as a dialog would in the app.
 */
export function startServeInHome(home: string, grant: string[] = []): Promise<ServeProcess> {
  return startServeProcess([
    ...(grant.length > 0 ? ['--grant', ...grant] : []),
    '--library',
    path.join(home, 'library'),
    '--models',
    path.join(home, 'models'),
    '--threads',
    '1',
  ]);
}

/** The id of a granted file, by the path given to `startServeInHome`. */
export function grantedId(serve: ServeProcess, file: string): string {
  const found = serve.grants.find((g) => g.path === path.resolve(file));
  if (!found) throw new Error(`${file} was not granted when the server started.`);
  return found.id;
}

/** Uploads a file as the page does (`POST /api/upload`); resolves the id the engine granted it. */
export async function uploadToServe(serve: ServeProcess, file: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${serve.port}/api/upload`, {
    method: 'POST',
    headers: {
      'x-lectern-token': serve.token,
      'x-file-name': encodeURIComponent(path.basename(file)),
      'content-type': 'application/octet-stream',
    },
    body: await readFile(file),
  });
  const result = (await response.json()) as { ok: boolean; value?: { id: string }; error?: { message: string } };
  if (!result.ok || !result.value)
    throw new Error(`upload of ${file} failed: ${result.error?.message ?? response.status}`);
  return result.value.id;
}
