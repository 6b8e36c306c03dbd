/**
 * `npm run deploy-commands`: registers the slash commands — in DISCORD_GUILD_ID when set (instant),
 * else globally. Honours DISCORD_API_URL. Reads `.env`.
 */
import { deployCommands } from '../src/bot/deploy.ts';
import { loadConfig } from '../src/config.ts';
import { loadDotenvFile } from '../src/env.ts';
import { CrisisbotError, userMessage } from '../src/errors.ts';
import { createLogger } from '../src/logger.ts';

try {
  loadDotenvFile();
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) {
    process.stderr.write('DISCORD_TOKEN is not set: put the bot token in .env (see docs/discord.md).\n');
    process.exitCode = 2;
  } else {
    const logger = createLogger(config.LOG_LEVEL, [config.DISCORD_TOKEN, config.OPENAI_API_KEY]);
    const result = await deployCommands({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL, guildId: config.DISCORD_GUILD_ID, logger });
    const where = result.scope === 'guild' ? `guild ${config.DISCORD_GUILD_ID ?? ''}` : 'globally (may take up to an hour to appear)';
    process.stdout.write(`Registered ${result.commands.length} commands ${where}: ${result.commands.map((name) => `/${name}`).join(' ')}\n`);
  }
} catch (error) {
  process.stderr.write(`deploy-commands: ${userMessage(error)}\n`);
  if (!(error instanceof CrisisbotError)) process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
