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

/** Resolves with the first SIGINT or SIGTERM. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

/**
 * Runs the bot until SIGINT/SIGTERM, then shuts down in order: stop taking questions, let the answers
 * under way finish (at most SHUTDOWN_GRACE_MS), flush the feedback log, close the gateway (code 1000).
 * Should anything still hold the event loop after that, the process exits anyway a little later.
 */
async function runBot(config: Config, logger: Logger): Promise<void> {
  // discord.js is loaded only when the bot runs, so the console starts without it.
  const { startBot } = await import('./bot/client.ts');
  // The bot follows its corpus folder: articles dropped in are indexed (only what changed).
  const assistant = await LiveAssistant.create(config, { logger });
  let bot;
  try {
    bot = await startBot({ config, assistant, logger });
  } finally {
    if (!bot) assistant.close();
  }
  assistant.watch();
  const signal = await nextSignal();
  logger.info({ signal, running: bot.context.inFlight.size }, 'Shutting down');
  assistant.close();
  const forced = setTimeout(() => process.exit(process.exitCode ?? 0), config.SHUTDOWN_GRACE_MS + 5_000);
  forced.unref();
  // A second signal while draining stops waiting for the answers under way.
  const left = await Promise.race([bot.drain(config.SHUTDOWN_GRACE_MS), nextSignal().then(() => -1)]);
  if (left !== 0) logger.warn({ left }, 'Answers still under way were abandoned');
  try {
    await bot.stop();
  } catch (error) {
    logger.error({ err: error }, 'Error while disconnecting');
  }
  await assistant.backend.close();
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
    logger.info({ pid: process.pid, node: process.version, build: import.meta.url.endsWith('.js') ? 'dist' : 'source', console: useConsole }, 'Starting');
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
