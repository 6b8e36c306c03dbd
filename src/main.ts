/**
 * `npm start`: loads `.env` and the configuration, builds the assistant, then connects to Discord
 * when DISCORD_TOKEN is set — or, without a token (or with `--console`), opens the local console
 * over the same command layer. Shuts down cleanly on SIGINT/SIGTERM.
 */
import { pathToFileURL } from 'node:url';
import { createAssistant } from './app.ts';
import { LiveAssistant } from './live-assistant.ts';
import { CommandLayer } from './bot/command-layer.ts';
import { loadConfig, SECRET_KEYS, type Config } from './config.ts';
import { runConsole } from './console/console.ts';
import { loadDotenvFile } from './env.ts';
import { CrisisbotError, userMessage } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';

const USAGE = 'usage: npm start [-- --console]\n  Connects to Discord when DISCORD_TOKEN is set; otherwise (or with --console) opens the local console.\n';

function installProcessHandlers(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'Unhandled promise rejection (kept running)'));
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'Uncaught exception; exiting');
    process.exit(1);
  });
}

async function runBot(config: Config, logger: Logger): Promise<void> {
  // discord.js is loaded only when the bot runs, so the console starts without it.
  const { startBot } = await import('./bot/client.ts');
  // The bot follows its corpus folder: articles dropped in are indexed (only what changed).
  const assistant = await LiveAssistant.create(config, { logger });
  assistant.watch();
  const bot = await startBot({ config, assistant, logger });
  await new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'Shutting down');
      assistant.close();
      bot.stop().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'Error while disconnecting');
        resolve();
      });
      // Should anything keep the event loop alive after disconnecting, do not hang.
      setTimeout(() => process.exit(process.exitCode ?? 0), 5_000).unref();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}

async function runLocalConsole(config: Config, logger: Logger): Promise<void> {
  const assistant = await createAssistant(config, { logger });
  const interactive = process.stdin.isTTY === true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  const result = await runConsole({ layer: new CommandLayer(assistant, config), input: process.stdin, output: process.stdout, interactive, logger });
  if (!interactive && result.failures > 0) process.exitCode = 1;
}

/** How the CLI can start the app with its own settings. */
export interface MainOptions {
  /** Environment to read the configuration from (default `process.env`, after `.env` is loaded). */
  env?: Record<string, string | undefined>;
}

/**
 * The `start` entry point. `argv` may hold `start` (from the CLI), `--console` and `--help`.
 * Resolves when the console ends or the bot has disconnected after a signal.
 */
export async function main(argv: string[] = process.argv.slice(2), options: MainOptions = {}): Promise<void> {
  const flags = argv.filter((arg) => arg !== 'start');
  if (flags.includes('--help') || flags.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const unknown = flags.filter((arg) => arg !== '--console');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.join(' ')}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  let logger: Logger | undefined;
  try {
    loadDotenvFile();
    const env = options.env ?? process.env;
    const config = loadConfig(env);
    const useConsole = !config.DISCORD_TOKEN || flags.includes('--console');
    // In the console, info logs (e.g. "Index updated") would clutter the session unless asked for.
    const level = useConsole && !env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
    logger = createLogger(level, SECRET_KEYS.map((key) => config[key]));
    installProcessHandlers(logger);
    if (useConsole) {
      if (!config.DISCORD_TOKEN) process.stderr.write('DISCORD_TOKEN is not set, so this is the local console: the same commands as the Discord bot (type "help").\n');
      await runLocalConsole(config, logger);
    } else {
      await runBot(config, logger);
    }
  } catch (error) {
    process.stderr.write(`error: ${userMessage(error)}\n`);
    if (!(error instanceof CrisisbotError)) logger?.error({ err: error }, 'Start-up failed');
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
