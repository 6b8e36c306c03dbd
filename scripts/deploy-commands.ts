/**
 * `npm run deploy-commands`: registers the slash commands — in DISCORD_GUILD_ID when set (instant),
 * else globally. Honours DISCORD_API_URL. Reads `.env`.
 */
import { deployCommands } from '../src/bot/deploy.ts';
import { loadConfig } from '../src/config.ts';
import { loadDotenvFile } from '../src/env.ts';
import { CrisisbotError, userMessage } from '../src/errors.ts';
import { createLogger } from '../src/logger.ts';
import { Redactor } from '../src/redact.ts';

try {
  loadDotenvFile();
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) {
    process.stderr.write('DISCORD_TOKEN is not set: put the bot token in .env (see "Running it on Discord" in README.md).\n');
    process.exitCode = 2;
  } else {
    const logger = createLogger(config.LOG_LEVEL, [config.DISCORD_TOKEN, config.OPENAI_API_KEY]);
    const result = await deployCommands({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL, guildId: config.DISCORD_GUILD_ID, logger });
    const where = result.scope === 'guild' ? `guild ${config.DISCORD_GUILD_ID ?? ''}` : 'globally (may take up to an hour to appear)';
    process.stdout.write(`Registered ${result.commands.length} commands ${where}: ${result.commands.map((name) => `/${name}`).join(' ')}\n`);
  }
} catch (error) {
  // Server messages can echo the token: everything printed passes the same redaction as the logs.
  const redactor = new Redactor([process.env.DISCORD_TOKEN, process.env.OPENAI_API_KEY]);
  process.stderr.write(`deploy-commands: ${redactor.text(userMessage(error))}\n`);
  if (!(error instanceof CrisisbotError)) process.stderr.write(`${redactor.text(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 1;
}
