#!/usr/bin/env node
// `npm test`: every test project in one vitest run, closing with `N passed, N failed`.
// The browser tests need the built web app and Debian's chromium; see e2e/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(path.join(root, 'apps/web/package.json')) && !process.env.SKIP_WEB_BUILD) {
  const build = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const args = ['vitest', 'run', '--reporter=default', '--reporter=./scripts/summary-reporter.ts', ...process.argv.slice(2)];
const res = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: { ...process.env, ENV_TARGET: process.env.ENV_TARGET ?? 'local-test' } });
process.exit(res.status ?? 1);
