import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServeProcess {
  url: string;
  port: number;
  token: string;
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
        const info = JSON.parse(stdout) as { url: string; port: number; token: string };
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

/** `lectern serve` on a throwaway library and models folder under `home`, with one llama.cpp thread. */
export function startServeInHome(home: string): Promise<ServeProcess> {
  return startServeProcess([
    '--library',
    path.join(home, 'library'),
    '--models',
    path.join(home, 'models'),
    '--threads',
    '1',
  ]);
}
