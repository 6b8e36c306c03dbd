import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ALLOWED = [/^src\/providers\//, /^src\/embed\/openai-[^/]+\.ts$/, /^src\/answer\/openai-[^/]+\.ts$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('dependency boundary', () => {
  it('only the provider adapters import the openai SDK', () => {
    const importers = sourceFiles(join(root, 'src'))
      .map((path) => relative(root, path).split('\\').join('/'))
      .filter((path) => /from\s+['"]openai(\/[^'"]*)?['"]|import\(\s*['"]openai/.test(readFileSync(join(root, path), 'utf8')));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((path) => !ALLOWED.some((rule) => rule.test(path)))).toEqual([]);
  });
});
