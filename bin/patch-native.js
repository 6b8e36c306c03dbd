#!/usr/bin/env node
// `postinstall`: applies patches/ with patch-package, then rebuilds hnswlib-node's native addon when its
// build predates the patch (npm built it from the unpatched sources before this script ran).
// The patch (patches/hnswlib-node+3.0.0.patch, explained in patches/README.md) makes hnswlib's
// loadIndex map the vectors file instead of copying it: a 2.35 GB index (100,000 articles) opens in
// about a second instead of 3–7 s, searches return the same neighbours.
// A stamp beside the build (build/crisisbot-patch.sha256) holds the patch's digest, so a second
// install does not compile again; `npm rebuild` removes build/ and with it the stamp.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PATCH = join(ROOT, 'patches', 'hnswlib-node+3.0.0.patch');
const require = createRequire(join(ROOT, 'package.json'));

/** Runs a command in the project folder, its output shown; exits with its status when it fails. */
function run(file, args) {
  try {
    execFileSync(file, args, { cwd: ROOT, stdio: 'inherit' });
  } catch (error) {
    process.stderr.write(`postinstall: ${[file, ...args].join(' ')} failed\n`);
    process.exit(typeof error.status === 'number' && error.status !== 0 ? error.status : 1);
  }
}

run(process.execPath, [require.resolve('patch-package/index.js'), '--error-on-fail']);

const moduleDir = dirname(require.resolve('hnswlib-node/package.json'));
const stamp = join(moduleDir, 'build', 'crisisbot-patch.sha256');
const digest = createHash('sha256').update(readFileSync(PATCH)).digest('hex');
if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) process.exit(0);

process.stderr.write('postinstall: rebuilding hnswlib-node with the patched index loader…\n');
// Inside an npm lifecycle script npm_execpath is npm's own CLI; run by hand, npm from PATH.
const npm = process.env.npm_execpath;
if (npm && npm.endsWith('.js')) run(process.execPath, [npm, 'rebuild', 'hnswlib-node']);
else run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'hnswlib-node']);
writeFileSync(stamp, `${digest}\n`);
