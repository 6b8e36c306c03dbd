/** `npm run deploy-commands` (the real script, in a child process) against the fake Discord. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord, commandsOf } from '../support/fake-discord.ts';
import { TOKEN } from './harness.ts';
import { ROOT, start } from './run-process.ts';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const option = (type: number, name: string, extra: Record<string, unknown> = {}): unknown => expect.objectContaining({ type, name, ...extra }) as unknown;

describe('deploy-commands', () => {
  it('registers every command with its options in the guild, honouring DISCORD_API_URL', async () => {
    const run = await start('scripts/deploy-commands.ts', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: fake.guildId }).result;
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Registered 8 commands guild ${fake.guildId}: /ask /summary /search /check /timeline /sources /add-article /help`);
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.botId}/guilds/${fake.guildId}/commands`);
    expect(put.authorized).toBe(true);
    const byName = new Map(commandsOf(put).map((c) => [c.name, c]));
    expect([...byName.keys()]).toEqual(['ask', 'summary', 'search', 'check', 'timeline', 'sources', 'add-article', 'help']);
    expect(byName.get('ask')!.options).toEqual([option(3, 'question', { required: true }), option(5, 'private')]);
    expect(byName.get('summary')!.options).toEqual([option(3, 'article', { autocomplete: true }), option(3, 'topic')]);
    expect(byName.get('search')!.options).toEqual([option(3, 'query', { required: true })]);
    for (const command of commandsOf(put)) expect(command.description.length).toBeGreaterThan(0);
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    const run = await start('scripts/deploy-commands.ts', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl }).result;
    expect(run.code).toBe(0);
    expect(fake.requests.find((r) => r.method === 'PUT')!.path).toBe(`/applications/${fake.botId}/commands`);
    expect(run.stdout).toMatch(/globally/u);
  });

  it('says what is missing without a token, and what is wrong with a rejected one', async () => {
    const none = await start('scripts/deploy-commands.ts', { DISCORD_API_URL: fake.apiUrl }).result;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('DISCORD_TOKEN is not set');
    // The pointer leads somewhere that exists and explains the token.
    const [, doc = '', section = ''] = /see "([^"]+)" in ([\w./-]+)/u.exec(none.stderr) ?? [];
    expect(readFileSync(join(ROOT, section), 'utf8')).toContain(`## ${doc}`);
    fake.acceptToken = 'another-token';
    const wrong = await start('scripts/deploy-commands.ts', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl }).result;
    fake.acceptToken = undefined;
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Discord rejected DISCORD_TOKEN');
    expect(wrong.stderr).not.toContain(TOKEN);
    expect(fake.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('a refused registration is one line with the status and Discord\'s message, the token removed even when the server echoes it', async () => {
    fake.failNext('PUT', /\/commands$/u, 400, { message: `Invalid Form Body (token ${TOKEN})`, code: 50035 });
    const run = await start('scripts/deploy-commands.ts', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: fake.guildId }).result;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Discord refused registering the commands (HTTP 400, code 50035): Invalid Form Body');
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.stderr).not.toContain(TOKEN.split('.')[2]);
  });
});
