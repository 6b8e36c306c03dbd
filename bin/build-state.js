// Whether dist/ holds a build of the current sources, told from file times alone (a few ms, no compiler):
// the build stamp must be newer than every file under src/ and scripts/ and the TypeScript configs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Written last by a successful build. */
export const STAMP = join(ROOT, 'dist', '.build-stamp');
const SOURCES = ['src', 'scripts', 'migrations'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest modification time among the build's inputs. */
function newestSource() {
  let newest = 0;
  for (const dir of SOURCES) {
    if (!existsSync(join(ROOT, dir))) continue;
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) newest = Math.max(newest, mtime(join(entry.parentPath, entry.name)) ?? 0);
    }
  }
  for (const file of CONFIGS) newest = Math.max(newest, mtime(join(ROOT, file)) ?? 0);
  return newest;
}

/** `{ fresh: true }` when dist/ can be run as is; otherwise why not. */
export function buildState() {
  const stamp = mtime(STAMP);
  if (stamp === undefined) return { fresh: false, reason: 'dist/ has not been built' };
  if (newestSource() > stamp) return { fresh: false, reason: 'the sources changed since the last build' };
  return { fresh: true };
}

/**
 * Imports an entry module (`'src/cli'`, `'src/main'`): the compiled JavaScript from dist/ when it is
 * up to date, otherwise the TypeScript sources through tsx (a development checkout; slower start).
 */
export async function importEntry(entry) {
  if (buildState().fresh) return import(new URL(`../dist/${entry}.js`, import.meta.url).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`../${entry}.ts`, import.meta.url).href);
}
