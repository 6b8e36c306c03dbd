#!/usr/bin/env node
// `npm run build`: compiles src/ and scripts/ to dist/ with tsc (tsconfig.build.json), copies the data
// files the code reads at run time next to it, stores what is worth computing once (the lexicon's stem
// keys, tinyld's model cut down to French and English), then writes the build stamp.
// `--if-stale` (prestart, prepare) skips all of it when dist/ is already up to date, and skips quietly
// when TypeScript is not installed (a production install without devDependencies runs the sources).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, STAMP, buildState } from './build-state.js';

/** Folders whose files are read at run time (SQL migrations), copied whole. */
const ASSET_DIRS = ['migrations'];

/** Every file under src/ that is not TypeScript (JSON data read beside its module), relative to the root. */
function dataFiles() {
  return readdirSync(join(ROOT, 'src'), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const ifStale = process.argv.includes('--if-stale');
const state = buildState();
if (ifStale && state.fresh) process.exit(0);

let tsc;
try {
  tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (ifStale) process.exit(0);
  process.stderr.write('build: TypeScript is not installed (npm ci installs it).\n');
  process.exit(1);
}
if (ifStale) process.stderr.write(`Building dist/ (${state.reason})…\n`);
rmSync(STAMP, { force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
} catch {
  process.stderr.write('build: tsc failed (see above); dist/ is not up to date.\n');
  process.exit(1);
}
for (const file of [...ASSET_DIRS.filter((dir) => existsSync(join(ROOT, dir))), ...dataFiles()]) {
  cpSync(join(ROOT, file), join(ROOT, 'dist', file), { recursive: true });
}
// The FR↔EN lexicon's stem keys, computed once here by the compiled code, so a start need not stem
// every entry (src/retrieve/lexicon.ts; used only when they match the entries and packages).
const lexicon = pathToFileURL(join(ROOT, 'dist', 'src', 'retrieve', 'lexicon.js')).href;
try {
  execFileSync(process.execPath, ['--input-type=module', '-e', `(await import(${JSON.stringify(lexicon)})).writeStemKeys();`], { cwd: ROOT, stdio: 'inherit' });
} catch {
  process.stderr.write('build: computing the lexicon stem keys failed (see above); dist/ is not up to date.\n');
  process.exit(1);
}
// tinyld's normal model with only its French and English entries (src/corpus/language-model.ts), so a
// start does not decode the tables of 60 languages to tell two apart.
const languageModel = pathToFileURL(join(ROOT, 'dist', 'src', 'corpus', 'language-model.js')).href;
try {
  execFileSync(process.execPath, ['--input-type=module', '-e', `(await import(${JSON.stringify(languageModel)})).writeRestrictedModel();`], { cwd: ROOT, stdio: 'inherit' });
} catch {
  process.stderr.write("build: cutting tinyld's model down to French and English failed (see above); dist/ is not up to date.\n");
  process.exit(1);
}
mkdirSync(dirname(STAMP), { recursive: true });
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
