import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig, SECRET_KEYS } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';
import { REPO_DIR } from './support/seed-index.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('works offline with an empty environment: local embeddings, extractive answers', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ CORPUS_DIR: 'seeds', DATA_DIR: 'data', EMBEDDINGS: 'local', ANSWERS: 'extractive', MAX_QUESTION_CHARS: 500, LOG_LEVEL: 'info', ANSWER_CHANNEL_IDS: [] });
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it('treats blank values as missing', () => {
    const config = loadConfig({ EMBEDDINGS: '', ANSWERS: '   ', OPENAI_API_KEY: '', OPENAI_BASE_URL: ' ', DISCORD_TOKEN: '\t', MAX_QUESTION_CHARS: '', EMBEDDING_DIMENSIONS: '', ANSWER_CHANNEL_IDS: '', CORPUS_DIR: '' });
    expect(config).toMatchObject({ EMBEDDINGS: 'local', ANSWERS: 'extractive', MAX_QUESTION_CHARS: 500, CORPUS_DIR: 'seeds', ANSWER_CHANNEL_IDS: [] });
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(config.OPENAI_BASE_URL).toBeUndefined();
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.EMBEDDING_DIMENSIONS).toBeUndefined();
  });

  it('parses numbers, URLs and id lists', () => {
    const config = loadConfig({ MAX_QUESTION_CHARS: '300', OPENAI_BASE_URL: 'http://localhost:11434/v1', ANSWER_CHANNEL_IDS: '123, 456 789', OPENAI_MAX_RETRIES: '0', EMBEDDING_DIMENSIONS: '256' });
    expect(config.MAX_QUESTION_CHARS).toBe(300);
    expect(config.OPENAI_BASE_URL).toBe('http://localhost:11434/v1');
    expect(config.ANSWER_CHANNEL_IDS).toEqual(['123', '456', '789']);
    expect(config.OPENAI_MAX_RETRIES).toBe(0);
    expect(config.EMBEDDING_DIMENSIONS).toBe(256);
  });

  it.each([
    ['EMBEDDINGS', 'foo'],
    ['ANSWERS', 'gpt'],
    ['OPENAI_BASE_URL', 'notaurl'],
    ['DISCORD_API_URL', 'discord'],
    ['COOLDOWN_SECONDS', '-1'],
    ['COOLDOWN_SECONDS', '0'],
    ['MAX_QUESTION_CHARS', 'lots'],
    ['MAX_CONCURRENT_ANSWERS', '2.5'],
    ['OPENAI_MAX_RETRIES', '11'],
    ['LOG_LEVEL', 'verbose'],
  ])('a bad %s (%s) throws a ConfigError naming the variable', (key, value) => {
    const error = configError({ [key]: value });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(key);
  });

  it('names every bad variable at once, and never echoes a secret', () => {
    const error = configError({ EMBEDDINGS: 'foo', COOLDOWN_SECONDS: '-1', OPENAI_API_KEY: 'sk-secret-value-123' });
    expect(error.message).toContain('EMBEDDINGS');
    expect(error.message).toContain('COOLDOWN_SECONDS');
    expect(error.message).not.toContain('sk-secret-value-123');
  });

  it('lists the secret keys that must never be logged', () => {
    expect([...SECRET_KEYS].sort()).toEqual(['DATABASE_URL', 'DISCORD_TOKEN', 'OPENAI_API_KEY']);
  });

  it('STORE=postgres needs a postgresql:// DATABASE_URL; SHARDS is auto or a count', () => {
    expect(loadConfig({}).STORE).toBe('local');
    expect(configError({ STORE: 'postgres' }).message).toContain('DATABASE_URL');
    expect(configError({ STORE: 'postgres', DATABASE_URL: 'mysql://x' }).message).toContain('DATABASE_URL');
    const config = loadConfig({ STORE: 'postgres', DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db', SHARDS: 'auto' });
    expect(config).toMatchObject({ STORE: 'postgres', DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db', SHARDS: 'auto', INDEX_POLL_SECONDS: 10 });
    expect(loadConfig({ SHARDS: '2' }).SHARDS).toBe(2);
    expect(configError({ SHARDS: 'many' }).message).toContain('SHARDS');
  });
});

describe('.env.example', () => {
  const text = readFileSync(join(REPO_DIR, '.env.example'), 'utf8');
  const parsed = parse(text);

  it('lists exactly the keys of configSchema', () => {
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('has a comment line above every key', () => {
    const lines = text.split('\n');
    for (const key of Object.keys(configSchema.shape)) {
      const at = lines.findIndex((line) => line.startsWith(`${key}=`));
      expect(at, key).toBeGreaterThan(0);
      expect(lines[at - 1]?.startsWith('#'), `${key} has no comment`).toBe(true);
    }
  });

  it('is a valid configuration as it stands, equal to the defaults, with no secret filled in', () => {
    expect(loadConfig(parsed)).toEqual(loadConfig({}));
    for (const key of SECRET_KEYS) expect(parsed[key]).toBe('');
  });
});
