/**
 * The discord.js adapter: builds the client with minimal intents, wires every event to its handler
 * (each inside a try/catch), logs gateway and REST trouble, and logs in. `startBot` resolves once
 * the client is ready.
 */
import { Client, DiscordAPIError, DiscordjsErrorCodes, HTTPError, Events, GatewayCloseCodes, GatewayIntentBits, MessageFlags, type ClientOptions, type Interaction } from 'discord.js';
import { CrisisbotError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Assistant } from '../ports.ts';
import { createBotContext, type BotConfig, type BotContext, type BotStores } from './context.ts';
import { handleInteraction } from './interactions.ts';
import { handleMessage } from './messages.ts';
import { NO_MENTIONS, describeError } from './reply.ts';
import { publish } from '../ops/telemetry.ts';

/**
 * Guilds and GuildMessages always (mentions carry their content without any privileged intent);
 * the privileged MessageContent only when ANSWER_CHANNEL_IDS asks to read unmentioned messages.
 */
export function botIntents(config: Pick<BotConfig, 'ANSWER_CHANNEL_IDS'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  if (config.ANSWER_CHANNEL_IDS.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

/** A client for this configuration (REST base from DISCORD_API_URL when set). */
export function createClient(config: Pick<BotConfig, 'ANSWER_CHANNEL_IDS' | 'DISCORD_API_URL'>): Client {
  const options: ClientOptions = { intents: botIntents(config), allowedMentions: NO_MENTIONS };
  if (config.DISCORD_API_URL) options.rest = { api: config.DISCORD_API_URL };
  return new Client(options);
}

/** A running bot. */
export interface RunningBot {
  client: Client;
  context: BotContext;
  /**
   * Stops taking questions and waits up to `timeoutMs` for the answers being computed or sent;
   * resolves with how many were still running.
   */
  drain(timeoutMs: number): Promise<number>;
  /** Disconnects from Discord (the gateway is closed with code 1000). */
  stop(): Promise<void>;
  /** Whether the gateway is connected and taking questions, and its heartbeat latency. */
  gateway(): { connected: boolean; pingMs?: number };
}

const CLOSING_LINE = 'I am restarting — please ask again in a minute.';

/** While shutting down, a slash command or button gets one short line instead of silence ("did not respond"). */
function refuseWhileClosing(interaction: Interaction, context: BotContext): void {
  if (!interaction.isRepliable()) return;
  interaction
    .reply({ content: CLOSING_LINE, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral })
    .catch((error: unknown) => context.logger.debug(describeError(error), 'Could not send the restarting line'));
}

function wire(client: Client, context: BotContext): void {
  const { logger, inFlight } = context;
  client.on(Events.MessageCreate, (message) => {
    const botUserId = client.user?.id;
    if (botUserId && inFlight.open) void inFlight.run(() => handleMessage(message, context, botUserId));
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (inFlight.open) void inFlight.run(() => handleInteraction(interaction, context));
    else refuseWhileClosing(interaction, context);
  });
  client.on(Events.Error, (error) => logger.error(describeError(error), 'Discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ discord: message }, 'Discord client warning'));
  client.on(Events.ShardError, (error, shard) => logger.warn({ ...describeError(error), shard }, 'Gateway connection error'));
  client.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'Reconnecting to the gateway'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'Gateway session resumed'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'Gateway disconnected for good'));
  client.rest.on('rateLimited', (info) => {
    logger.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'Discord rate limit hit; waiting');
    publish.rateLimit({ seconds: info.timeToReset / 1000, global: info.global });
  });
}

const INTENTS_REFUSED =
  'Discord refused the Message Content intent, which ANSWER_CHANNEL_IDS needs. Enable it in the Developer Portal (Bot → Privileged Gateway Intents), or leave ANSWER_CHANNEL_IDS empty.';

const TOKEN_REJECTED = 'Discord rejected DISCORD_TOKEN. Copy the token again from the Developer Portal (Bot → Reset Token).';

/** Turns a failed login into a line that says what to fix. */
function loginError(error: unknown): unknown {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  // 401 is the usual answer to a wrong token; a revoked or malformed one can also get 403 or 400 at login.
  const refusedAtLogin = (error instanceof DiscordAPIError || error instanceof HTTPError) && [400, 401, 403].includes(error.status);
  if (code === DiscordjsErrorCodes.TokenInvalid || refusedAtLogin) {
    return new CrisisbotError('CONFIG_INVALID', TOKEN_REJECTED, { cause: error });
  }
  // @discordjs/ws rejects with a plain Error for close code 4014.
  const refused = code === DiscordjsErrorCodes.DisallowedIntents || (error instanceof Error && /disallowed intents/iu.test(error.message));
  if (refused) return new CrisisbotError('CONFIG_INVALID', INTENTS_REFUSED, { cause: error });
  return error;
}

/** Logs in and resolves when the client is ready; rejects when the token or the intents are refused. */
export async function startBot(options: { config: BotConfig; assistant: Assistant; logger: Logger; stores: BotStores }): Promise<RunningBot> {
  const { config, logger } = options;
  if (!config.DISCORD_TOKEN) throw new CrisisbotError('CONFIG_INVALID', 'DISCORD_TOKEN is not set.');
  const client = createClient(config);
  const context = createBotContext(options.assistant, config, logger, options.stores);
  wire(client, context);
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, (ready) => {
      logger.info({ user: ready.user.tag, application: ready.application.id, guilds: ready.guilds.cache.size, intents: ready.options.intents.toArray() }, 'Connected to Discord');
      resolve();
    });
    client.on(Events.ShardDisconnect, (event) => {
      const refused = event.code === Number(GatewayCloseCodes.DisallowedIntents);
      const badToken = event.code === Number(GatewayCloseCodes.AuthenticationFailed);
      reject(new CrisisbotError('CONFIG_INVALID', refused ? INTENTS_REFUSED : badToken ? TOKEN_REJECTED : `Discord closed the gateway connection (code ${event.code}).`));
    });
  });
  // Whichever of login and ready fails first is reported; the other must not become unhandled.
  ready.catch(() => undefined);
  try {
    await client.login(config.DISCORD_TOKEN);
    await ready;
  } catch (error) {
    await client.destroy();
    throw loginError(error);
  }
  return {
    client,
    context,
    gateway() {
      const connected = client.isReady() && context.inFlight.open;
      return client.ws.ping >= 0 ? { connected, pingMs: client.ws.ping } : { connected };
    },
    async drain(timeoutMs) {
      context.inFlight.close();
      return context.inFlight.drain(timeoutMs);
    },
    async stop() {
      await context.feedback.flush();
      logger.info('Disconnecting from Discord');
      await client.destroy();
    },
  };
}
