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
import type { RunningBot } from './bot/client.ts';
import type { Health } from './ops/health-server.ts';
import { withAnswerTelemetry } from './ops/telemetry.ts';
import type { Assistant, Backend } from './ports.ts';

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
 * With METRICS_PORT, serves /healthz (gateway, index generation and age, store) and /metrics; returns
 * what closes it. A port that cannot be listened on stops the start with a line naming METRICS_PORT.
 */
async function startOps(config: Config, logger: Logger, bot: RunningBot, assistant: Assistant, backend: Backend): Promise<() => Promise<void>> {
  if (config.METRICS_PORT === undefined) return () => Promise.resolve();
  const [{ createMetrics }, { startHealthServer }, { storeHealth }] = await Promise.all([import('./ops/metrics.ts'), import('./ops/health-server.ts'), import('./ops/health.ts')]);
  const metrics = createMetrics(async () => {
    const sources = await assistant.sources();
    return { articles: sources.length, chunks: sources.reduce((sum, source) => sum + source.chunks, 0) };
  });
  const store = storeHealth(backend, config);
  const health = async (): Promise<Health> => ({ gateway: bot.gateway(), ...(await store()) });
  try {
    const server = await startHealthServer({ port: config.METRICS_PORT, host: config.METRICS_HOST, health, metrics });
    logger.info({ host: config.METRICS_HOST, port: server.port }, 'Serving /healthz and /metrics');
    return async () => {
      await server.close();
      metrics.close();
    };
  } catch (error) {
    metrics.close();
    const why = error instanceof Error && 'code' in error ? String(error.code) : 'error';
    throw new CrisisbotError('CONFIG_INVALID', `Cannot serve /healthz and /metrics on ${config.METRICS_HOST}:${config.METRICS_PORT} (${why}); change METRICS_PORT or METRICS_HOST.`, { cause: error });
  }
}

/**
 * After SIGINT/SIGTERM: stop taking questions, let the answers under way finish (at most
 * SHUTDOWN_GRACE_MS; a second signal stops waiting), flush the feedback log, close the gateway
 * (code 1000). Should anything still hold the event loop after that, the process exits anyway.
 */
async function shutDown(bot: RunningBot, config: Config, logger: Logger): Promise<void> {
  const forced = setTimeout(() => process.exit(process.exitCode ?? 0), config.SHUTDOWN_GRACE_MS + 5_000);
  forced.unref();
  const left = await Promise.race([bot.drain(config.SHUTDOWN_GRACE_MS), nextSignal().then(() => -1)]);
  if (left !== 0) logger.warn({ left }, 'Answers still under way were abandoned');
  try {
    await bot.stop();
  } catch (error) {
    logger.error({ err: error }, 'Error while disconnecting');
  }
}

/** Runs the bot until SIGINT/SIGTERM, then shuts down in order. */
async function runBot(config: Config, logger: Logger): Promise<void> {
  // discord.js is loaded only when the bot runs, so the console starts without it.
  const { startBot } = await import('./bot/client.ts');
  // The bot follows its corpus folder: articles dropped in are indexed (only what changed).
  // A large index serves before its vectors are in memory: questions asked meanwhile are answered from the lexical candidates.
  const live = await LiveAssistant.create(config, { logger, whileVectorsLoad: 'lexical' });
  const assistant = withAnswerTelemetry(live);
  let bot: RunningBot | undefined;
  let stopOps: (() => Promise<void>) | undefined;
  try {
    bot = await startBot({ config, assistant, logger, stores: live.backend });
    stopOps = await startOps(config, logger, bot, assistant, live.backend);
  } catch (error) {
    live.close();
    await bot?.stop();
    await live.backend.close();
    throw error;
  }
  live.watch();
  live.followShared();
  const signal = await nextSignal();
  logger.info({ signal, running: bot.context.inFlight.size }, 'Shutting down');
  live.close();
  await shutDown(bot, config, logger);
  await stopOps();
  await live.backend.close();
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
    } else if (config.SHARDS !== undefined && !env.SHARDING_MANAGER) {
      // SHARDS=auto|N: this process is the sharding manager; each shard runs this same entry.
      await (await import('./bot/shard-manager.ts')).runShards(config, logger);
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
