// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/, beside the Node build that tests and the CLI
// use. Runs before `npm start`; does nothing when the Electron binary is absent (CI) or the build is already there.
// (A packaged app does not need this: electron-builder rebuilds native modules for Electron itself.)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, '.cache', 'electron-native');
const target = path.join(outDir, 'better_sqlite3.node');

let electronPath;
try {
  electronPath = require('electron');
} catch {
  electronPath = undefined;
}
if (typeof electronPath !== 'string' || !existsSync(electronPath)) {
  console.log('electron-native: no Electron binary installed; skipping (the app cannot start without it).');
  process.exit(0);
}
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(
  readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8'),
).version;
const stamp = path.join(outDir, 'stamp.json');
const wanted = JSON.stringify({ electronVersion, sqliteVersion, platform: process.platform, arch: process.arch });
if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) process.exit(0);

console.log(`electron-native: building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)...`);
const work = path.join(outDir, 'better-sqlite3');
rmSync(work, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
cpSync(path.join(root, 'node_modules/better-sqlite3'), work, {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}build${path.sep}`),
});
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const run = (cmd, args) =>
  execFileSync(cmd, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' });
try {
  // A prebuilt binary for this Electron when one is published; otherwise compile against Electron's headers.
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]);
} catch {
  run(bin('node-gyp'), [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
  ]);
}
cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
writeFileSync(stamp, wanted);
rmSync(work, { recursive: true, force: true });
console.log(`electron-native: ${path.relative(root, target)} ready.`);
