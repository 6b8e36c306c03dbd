/**
 * Prompts live as files in `prompts/`; this module loads them and fills their `{{placeholder}}`s.
 * It also formats the untrusted parts (passages, history, question) as fenced data, with any
 * delimiter-like text inside them neutralised so a passage cannot close its own fence.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Chunk, Lang, Turn } from '../types.ts';

/** The prompt templates the LLM answerer and summarizer use. */
export interface PromptTemplates {
  system: string;
  answer: string;
  summary: string;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z_][\w]*)\s*\}\}/g;

/**
 * Fills every `{{name}}` in `template` from `values`, in one pass (values are never re-scanned, so
 * a passage containing `{{x}}` stays as it is). Throws when a placeholder has no value, or when a
 * value is given that the template never uses (a sign template and code drifted apart).
 */
export function renderPrompt(template: string, values: Readonly<Record<string, string>>): string {
  const used = new Set<string>();
  const missing = new Set<string>();
  const out = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      missing.add(name);
      return '';
    }
    used.add(name);
    return value;
  });
  if (missing.size > 0) throw new Error(`Prompt placeholder without a value: ${[...missing].join(', ')}`);
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`Prompt value for no placeholder: ${unused.join(', ')}`);
  return out;
}

/** The folder holding the prompt files, found relative to this module (source or built). */
function defaultPromptDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, '..', '..', 'prompts'), join(here, '..', '..', '..', 'prompts')];
  return candidates.find((dir) => existsSync(join(dir, 'system.md'))) ?? candidates[0]!;
}

/** Reads one prompt file (`prompts/<name>.md`). */
export function readPrompt(name: string, dir: string = defaultPromptDir()): string {
  return readFileSync(join(dir, `${name}.md`), 'utf8').trim();
}

/** Reads `system.md`, `answer.md` and `summary.md` from `dir` (default: the project's `prompts/`). */
export function loadPromptTemplates(dir: string = defaultPromptDir()): PromptTemplates {
  const read = (name: string): string => readFileSync(join(dir, `${name}.md`), 'utf8').trim();
  return { system: read('system'), answer: read('answer'), summary: read('summary') };
}

const FENCE_TAG = /<\s*(\/?)\s*(passages?|history|context|question|turn|system|user|assistant)\b[^>]*>/gi;

/**
 * Neutralises text that could pass for one of our fences (`</passage>`, `<question>` …) by
 * swapping its angle brackets for look-alikes; everything else is left verbatim for quoting.
 */
export function neutralise(text: string): string {
  return text.replace(FENCE_TAG, (tag) => tag.replace(/</g, '‹').replace(/>/g, '›'));
}

const attribute = (text: string): string => neutralise(text).replace(/["<>\n\r]/g, (ch) => (ch === '"' ? "'" : ' '));

/** One source shown to the model: its number and the chunk it quotes from. */
export interface NumberedSource {
  n: number;
  chunk: Chunk;
}

/** Formats numbered sources as `<passage n="1" source="Title" lang="en">…</passage>` blocks. */
export function formatPassages(sources: readonly NumberedSource[]): string {
  return sources
    .map(({ n, chunk }) => `<passage n="${n}" source="${attribute(chunk.title)}" lang="${chunk.lang}">\n${neutralise(chunk.text.trim())}\n</passage>`)
    .join('\n\n');
}

/** Formats the last turns of a conversation (each clipped) for resolving follow-up questions. */
export function formatHistory(history: readonly Turn[] | undefined, maxTurns = 6, maxChars = 600): string {
  const turns = (history ?? []).slice(-maxTurns);
  if (turns.length === 0) return '(no earlier turns)';
  return turns
    .map((turn) => {
      const text = turn.content.length > maxChars ? `${turn.content.slice(0, maxChars)}…` : turn.content;
      return `${turn.role}: ${neutralise(text.replace(/\s+/g, ' ').trim())}`;
    })
    .join('\n');
}

/** The language name the prompt asks for, e.g. `French (fr)`. */
export function languageName(lang: Lang): string {
  return lang === 'fr' ? 'French (fr)' : 'English (en)';
}
