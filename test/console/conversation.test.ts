/**
 * Conversation memory as a user of the console (or of a Discord thread: the same command layer)
 * sees it, over the real assistant: a question complete on its own is answered as if it were asked
 * first, whatever was asked before; an elliptical follow-up ("why?", "et quand ?") is answered from
 * the question it continues. Invented articles (test/console/fixtures/conversation) in English and
 * French, and the seeds for the reported case.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import { CommandLayer } from '../../src/bot/command-layer.ts';
import { runConsole } from '../../src/console/console.ts';
import { removeDir, tempDir, testConfig, useSeedAssistant } from '../support/seed-index.ts';

const INVENTED = fileURLToPath(new URL('./fixtures/conversation', import.meta.url));

/** What a piped console session prints for these lines. */
async function session(assistant: CrisisAssistant, lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (chunk: Buffer) => (out += chunk.toString()));
  input.end(lines.join('\n') + '\n');
  await runConsole({ layer: new CommandLayer(assistant, { MAX_QUESTION_CHARS: 500 }), input, output, interactive: false });
  return out;
}

/** A session's output must be its questions' outputs each asked in a fresh session, one after the other. */
async function expectUnaffected(assistant: CrisisAssistant, lines: string[]): Promise<string> {
  const together = await session(assistant, lines);
  const apart = await Promise.all(lines.map((line) => session(assistant, [line])));
  expect(together).toBe(apart.join(''));
  return apart.at(-1) ?? '';
}

describe('console conversations on invented articles', () => {
  let root = '';
  let assistant: CrisisAssistant;
  beforeAll(async () => {
    root = tempDir('crisisbot-conversation-');
    assistant = await createAssistant(testConfig(INVENTED, join(root, 'data')));
  });
  afterAll(async () => {
    await assistant.close();
    removeDir(root);
  });

  it('a French question complete on its own (with a typo) is not read with the name asked about before', async () => {
    const second = await expectUnaffected(assistant, ['Which leaders did Voss call?', "Quelles sanctions l'Union europenne a-t-elle prises ?"]);
    expect(second.split('\n')[0]).toMatch(/^“L'Union européenne a adopté mardi des sanctions contre trois banques de Kelmar.*” \[1\]$/u);
    expect(second).not.toMatch(/Voss|ne le disent pas|ne disent pas cela/u);
  });

  it('an English question complete on its own is answered although the one before named someone the articles do not know', async () => {
    const second = await expectUnaffected(assistant, ['What did Orban say about the pipeline?', 'Which sanctions did the EU adopt?']);
    expect(second).not.toContain("The sources don't cover this question.");
    expect(second).toMatch(/^“L'Union européenne a adopté mardi des sanctions contre trois banques de Kelmar.*” \[1\]$/mu);
  });

  it('elliptical follow-ups are answered from the question they continue, through a chain, in English', async () => {
    const out = await session(assistant, ['What did the port of Ostrel stop?', 'why?', 'when?']);
    const answers = out.trim().split(/\n\n(?=\S)/u).filter((block) => !block.startsWith('['));
    expect(answers).toHaveLength(3);
    expect(answers[1]).toMatch(/because of a shortage of fuel for its cranes/u);
    expect(answers[2]?.split('\n')[0]).toBe('**on Thursday** [1]');
    // Asked first, neither can be answered.
    for (const alone of ['why?', 'when?']) expect(await session(assistant, [alone])).toMatch(/^The sources don't cover this question\./u);
  });

  it('elliptical follow-ups are answered from the question they continue, in French', async () => {
    const out = await session(assistant, ["Qu'a suspendu le port d'Ostrel ?", 'pourquoi ?', 'et quand ?']);
    expect(out).toMatch(/^\*\*jeudi\*\* \[1\]$/mu);
    expect(out).toMatch(/faute de carburant pour ses grues/u);
    expect(await session(assistant, ['et quand ?'])).toMatch(/^Les sources ne couvrent pas cette question\./u);
  });
});

describe('console conversations on the seeds', () => {
  const seeds = useSeedAssistant();

  it('the reported case: a French question on EU sanctions after "which leaders did biden call" says nothing of Biden', async () => {
    const second = await expectUnaffected(seeds.assistant, ['which leaders did biden call', "Quelles sanctions l'Union europenne a-t-elle prises ?"]);
    expect(second).toMatch(/fierce and unprecedented sanctions/u);
    expect(second).not.toMatch(/biden|ne le disent pas|ne disent pas cela/iu);
  });

  it('a short follow-up still borrows the earlier question', async () => {
    const out = await session(seeds.assistant, ['What did Russia threaten to do if its demands were not met?', 'Who did they threaten?']);
    expect(out).not.toContain("The sources don't cover this question.");
    expect(out.trim().split('\n\n').at(-2)).toMatch(/Washington|American|États-Unis/u);
  });
});
