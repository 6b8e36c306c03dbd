/**
 * The layering of issue 8, checked on the imports: retrieval, ingest and the stores meet only at
 * the ports (no sideways or upward imports between src/retrieve, src/ingest and src/store); only
 * the store adapters import their engines; nothing asks an adapter its class.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every `src/` file with the modules it imports (static, dynamic and `require`d), resolved to `src/…` paths or package names. */
function imports(): Array<{ file: string; targets: string[] }> {
  return sourceFiles(join(root, 'src')).map((path) => {
    const file = relative(root, path).split('\\').join('/');
    const text = readFileSync(path, 'utf8');
    const specifiers = [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"]([^'"]+)['"]/gu)].map((m) => m[1]!);
    const targets = specifiers.map((s) => (s.startsWith('.') ? relative(root, join(path, '..', s)).split('\\').join('/') : s));
    return { file, targets };
  });
}

const LAYERS = ['src/retrieve/', 'src/ingest/', 'src/store/'];

describe('layering', () => {
  it('src/retrieve, src/ingest and src/store do not import one another', () => {
    const crossings = imports().flatMap(({ file, targets }) => {
      const own = LAYERS.find((layer) => file.startsWith(layer));
      if (!own) return [];
      return targets.filter((t) => LAYERS.some((layer) => layer !== own && t.startsWith(layer))).map((t) => `${file} → ${t}`);
    });
    expect(crossings).toEqual([]);
  });

  it('only the store adapters import hnswlib-node, minisearch and pg', () => {
    const owners: Record<string, RegExp> = { 'hnswlib-node': /^src\/store\/local\//u, minisearch: /^src\/store\/local\//u, pg: /^src\/store\/postgres\//u };
    const found = imports().flatMap(({ file, targets }) => targets.filter((t) => t in owners).map((t) => ({ file, t })));
    expect(found.map(({ t }) => t)).toEqual(expect.arrayContaining(['hnswlib-node', 'minisearch', 'pg']));
    expect(found.filter(({ file, t }) => !owners[t]!.test(file)).map(({ file, t }) => `${file} → ${t}`)).toEqual([]);
  });

  it('nothing asks an embedder its class: capabilities are declared', () => {
    const asked = sourceFiles(join(root, 'src')).filter((path) => /instanceof\s+(LocalEmbedder|OpenAIEmbedder)\b/u.test(readFileSync(path, 'utf8')));
    expect(asked.map((path) => relative(root, path))).toEqual([]);
  });
});
