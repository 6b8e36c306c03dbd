/**
 * `npm start` with SHARDS=auto|N: discord.js's ShardingManager runs the bot as N processes (one
 * gateway shard each), every one the ordinary bot (`bin/start.js` → main) on the same store. With
 * STORE=postgres they share one index (each notices another's ingest by polling the live generation),
 * the thread conversations and the feedback. A shard that dies is respawned; SIGINT/SIGTERM stop
 * every shard gracefully (each drains its answers) before the manager exits.
 */
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../config.ts';
import { CrisisbotError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** The script each shard process runs: the normal start entry (it sees SHARDING_MANAGER and runs one shard). */
export const SHARD_ENTRY = join(packageRoot(), 'bin', 'start.js');

/** The package root, from src/bot/ in a checkout or dist/src/bot/ in a build. */
function packageRoot(): string {
  const above = fileURLToPath(new URL('../..', import.meta.url));
  return basename(above) === 'dist' ? dirname(above) : above;
}

/** Discord's recommended shard count, asked of DISCORD_API_URL when set (discord.js's helper always asks discord.com). */
export async function recommendedShards(config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL'>): Promise<number> {
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN ?? '');
  try {
    const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number };
    return Math.max(1, shards);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401) throw new CrisisbotError('CONFIG_INVALID', 'Discord rejected DISCORD_TOKEN. Copy the token again from the Developer Portal (Bot → Reset Token).', { cause: error });
    throw error;
  }
}

/** Stops one shard: SIGTERM (it drains and disconnects), SIGKILL after `graceMs`. Never respawned. */
async function stopShard(shard: Shard, graceMs: number): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  shard.kill();
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface RunningShards {
  manager: ShardingManager;
  stop(): Promise<void>;
}

/** Spawns the shards; resolves once every one is ready. */
export async function startShards(config: Config, logger: Logger, options: { spawnDelayMs?: number; entry?: string } = {}): Promise<RunningShards> {
  if (!config.DISCORD_TOKEN) throw new CrisisbotError('CONFIG_INVALID', 'DISCORD_TOKEN is not set.');
  if (config.SHARDS === 0) throw new CrisisbotError('CONFIG_INVALID', 'SHARDS must be auto or a number of shards ≥ 1.');
  const total = config.SHARDS === 'auto' || config.SHARDS === undefined ? await recommendedShards(config) : config.SHARDS;
  if (config.STORE === 'local' && total > 1) {
    logger.warn({ shards: total }, 'STORE=local with several shards: each process loads its own copy of the index; set STORE=postgres to share one');
  }
  const manager = new ShardingManager(options.entry ?? SHARD_ENTRY, { totalShards: total, token: config.DISCORD_TOKEN, mode: 'process', respawn: true });
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, of: total }, 'Shard starting');
    shard.on('death', (child) => logger.warn({ shard: shard.id, exitCode: 'exitCode' in child ? child.exitCode : undefined }, 'Shard process exited; respawning'));
  });
  // Discord allows one IDENTIFY per 5 s per bucket: shards start that far apart (tests shorten it).
  await manager.spawn({ amount: total, delay: options.spawnDelayMs ?? 5_500, timeout: 180_000 });
  logger.info({ shards: total }, 'All shards ready');
  return {
    manager,
    async stop() {
      await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard, config.SHUTDOWN_GRACE_MS + 10_000)));
    },
  };
}

/** `npm start` as the sharding manager: runs the shards until SIGINT/SIGTERM, then stops them. */
export async function runShards(config: Config, logger: Logger): Promise<void> {
  const shards = await startShards(config, logger);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'Stopping every shard');
  await shards.stop();
}
