#!/usr/bin/env node
// `npm start`: make a fresh clone runnable with nothing but Node and npm, then run every role
// in one process (embedded mode). Uses Node built-ins only, because dependencies may be missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stdout.write(`[start] ${line}\n`);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`Genonaut needs Node.js 20.19 or newer (this is ${process.versions.node}).\n`);
  process.exit(1);
}

function run(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    process.stderr.write(`[start] ${cmd} ${args.join(' ')} failed (exit ${res.status})\n`);
    process.exit(res.status ?? 1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

// 1. Dependencies: installed when missing or when the lockfile changed since the last install.
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs)) {
  say('installing dependencies (npm ci)…');
  run('npm', existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

// 2. The web app: rebuilt when its sources are newer than the build.
const webDir = path.join(root, 'apps', 'web');
const webIndex = path.join(webDir, 'dist', 'index.html');
if (existsSync(path.join(webDir, 'package.json'))) {
  const builtAt = existsSync(webIndex) ? statSync(webIndex).mtimeMs : 0;
  if (builtAt < newestMtime(webDir)) {
    say('building the web app…');
    run('npm', ['run', 'build', '-w', 'apps/web']);
  }
}

// 3. Everything in one process. Signals are forwarded so the server can close the database cleanly.
const child = spawn(process.execPath, [path.join(root, 'apps/server/bin/genonaut.mjs'), 'serve', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 1 : 1)));
