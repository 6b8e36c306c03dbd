/** The local console: the real `npm start` process with piped input, and the session logic in-process. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CommandLayer } from '../../src/bot/command-layer.ts';
import { runConsole } from '../../src/console/console.ts';
import { FakeAssistant } from '../support/fake-assistant.ts';
import { ROOT, start } from '../bot/run-process.ts';

describe('npm start without DISCORD_TOKEN', () => {
  it('says so in one line, answers piped questions with citations on stdout, and exits at EOF', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-console-'));
    try {
      const input = 'What did Russia threaten to do if its demands were not met?\nsources\n';
      const run = await start('src/main.ts', { DATA_DIR: dataDir }, input).result;
      expect(run.code).toBe(0);
      expect(run.stderr.trim().split('\n')).toEqual(['DISCORD_TOKEN is not set, so this is the local console: the same commands as the Discord bot (type "help").']);
      const [answer, sources] = run.stdout.split(/^5 articles:$/mu);
      expect(answer).toMatch(/threatens to react, including militarily.*\[1\]/su);
      expect(answer).toMatch(/^\[1\] .+ — “.*(threatens|menace).*”$/mu);
      expect(sources?.trim().split('\n')).toHaveLength(5);
      expect(run.stdout).toMatch(/^• .+ — EN · 2022-02-18 · \d+ chunks$/mu);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** Runs a console session over the fake assistant; returns what it printed. */
async function session(lines: string[], assistant = new FakeAssistant()): Promise<{ out: string; failures: number; assistant: FakeAssistant }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (chunk: Buffer) => (out += chunk.toString()));
  input.end(lines.join('\n') + '\n');
  const result = await runConsole({ layer: new CommandLayer(assistant, { MAX_QUESTION_CHARS: 500 }), input, output, interactive: false });
  return { out, failures: result.failures, assistant };
}

describe('console session', () => {
  it('treats a bare line as a question and passes earlier turns to a follow-up; reset forgets them', async () => {
    const { assistant } = await session(['What did Russia threaten?', 'and what did Russia reply?', 'reset', 'ask What did Russia demand?']);
    const asks = assistant.calls.filter((c) => c.method === 'ask');
    expect(asks.map((c) => c.text)).toEqual(['What did Russia threaten?', 'and what did Russia reply?', 'What did Russia demand?']);
    expect(asks[0]!.history).toBeUndefined();
    expect(asks[1]!.history?.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(asks[1]!.history?.[0]?.content).toBe('What did Russia threaten?');
    expect(asks[2]!.history).toBeUndefined();
  });

  it('routes summary, search, sources and help to the shared commands', async () => {
    const { out, assistant } = await session(['summary pressure tool', 'summary topic sanctions', 'search NATO troops', 'sources', 'help']);
    expect(assistant.calls.filter((c) => c.method === 'summarize').map((c) => c.text)).toEqual(['004_2aa510eb97d77a39', 'sanctions']);
    expect(out).toContain('Summary: A new pressure tool in the Ukrainian crisis');
    expect(out).toMatch(/^1\. .+ \(\w+#\d+, score /mu);
    expect(out).toContain('3 articles:');
    expect(out).toMatch(/^ {2}ask question:<text> \[private:true\] +Answer a question/mu);
  });

  it('prints one error line for a bad line and keeps going; exit stops the session', async () => {
    const assistant = new FakeAssistant();
    assistant.failNext(new Error('internal detail'));
    const { out, failures } = await session(['ask', 'What did Russia threaten?', 'What did Russia threaten?', 'exit', 'sources'], assistant);
    expect(failures).toBe(2);
    expect(out).toContain('error: Please ask a question — the text was empty.');
    expect(out).toContain('error: Something went wrong on our side; the error was logged. Please try again.');
    expect(out).not.toContain('internal detail');
    expect(out).toMatch(/\[1\] Russia threatens/u);
    expect(out).not.toContain('articles:');
  });
});

describe('layering', () => {
  it('keeps discord.js out of the console and the shared command layer (transitively)', () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, spec] of source.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gmu)) {
        if (spec === 'discord.js' || spec?.startsWith('@discordjs/')) offenders.push(`${file} imports ${spec}`);
        else if (spec?.startsWith('.')) visit(resolve(dirname(file), spec));
      }
    };
    for (const entry of ['src/console/console.ts', 'src/bot/command-layer.ts']) visit(join(ROOT, entry));
    expect(seen.size).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });
});
