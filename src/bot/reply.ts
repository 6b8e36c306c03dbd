/**
 * Sending rendered messages, with `allowedMentions: { parse: [] }` on every send, reply, editReply
 * and followUp, so echoed text never pings anyone; and turning failures into one short line.
 */
import {
  DiscordAPIError,
  MessageFlags,
  RateLimitError,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type Message,
  type MessageCreateOptions,
  type MessageMentionOptions,
  type RepliableInteraction,
  type SendableChannels,
} from 'discord.js';
import { ArticleRejected } from '../articles/rejection.ts';
import { CrisisbotError, userMessage } from '../errors.ts';
import { langOfLocale, strings } from '../i18n/index.ts';
import type { Lang } from '../types.ts';
import type { Logger } from '../logger.ts';
import { BusyError } from './guards/concurrency.ts';
import { renderLine } from './render/lists.ts';
import type { RenderedMessage } from './render/limits.ts';

/** Mentions are never parsed from text; replies do not ping the replied-to user either. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

function body(message: RenderedMessage): Pick<MessageCreateOptions, 'embeds' | 'components' | 'allowedMentions'> & { content?: string } {
  return { ...(message.content !== undefined ? { content: message.content } : {}), embeds: message.embeds, components: message.components, allowedMentions: NO_MENTIONS };
}

/** Replies to an interaction with every message: the first as the reply (or its edit, if deferred), the rest as follow-ups. */
export async function respond(interaction: RepliableInteraction, messages: RenderedMessage[], options: { ephemeral?: boolean } = {}): Promise<void> {
  const flags = options.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
  for (const [i, message] of messages.entries()) {
    if (i === 0 && interaction.deferred && !interaction.replied) {
      const edit: InteractionEditReplyOptions = { content: message.content ?? '', ...body(message) };
      await interaction.editReply(edit);
    } else if (i === 0 && !interaction.replied && !interaction.deferred) {
      const reply: InteractionReplyOptions = { ...body(message), ...flags };
      await interaction.reply(reply);
    } else {
      await interaction.followUp({ ...body(message), ...flags });
    }
  }
}

/** Sends messages to a channel; the first replies to `replyTo` when given. */
export async function sendAll(channel: SendableChannels, messages: RenderedMessage[], replyTo?: Message): Promise<void> {
  for (const [i, message] of messages.entries()) {
    if (i === 0 && replyTo) await replyTo.reply(body(message));
    else await channel.send(body(message));
  }
}

/** The one line a user sees for an error, in their language. */
export function errorLine(error: unknown, lang: Lang = 'en'): string {
  const t = strings(lang);
  if (error instanceof BusyError) return t.bot.busy;
  if (error instanceof ArticleRejected) return t.addArticle.rejected(error.reason, error.detail);
  if (!(error instanceof CrisisbotError)) return t.bot.internalError;
  if (lang === 'en') return t.bot.serviceError(error.code) ?? userMessage(error);
  switch (error.code) {
    case 'QUESTION_EMPTY':
      return t.bot.questionEmpty;
    case 'QUESTION_TOO_LONG': {
      const [length = 0, max = 0] = (error.message.match(/\d+/gu) ?? []).map(Number);
      return t.bot.questionTooLong(length, max);
    }
    case 'NOT_FOUND':
      return t.bot.notFound(/“([^”]*)”/u.exec(error.message)?.[1] ?? '');
    case 'READ_ONLY':
      return t.bot.readOnly;
    default:
      return t.bot.serviceError(error.code) ?? userMessage(error);
  }
}

/**
 * Log fields for an error: Discord API code and status, or the error itself. URLs keep their
 * interaction/webhook tokens here: the logger's redaction (src/redact.ts) removes them from every line.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) return { discord: { code: error.code, status: error.status, method: error.method, url: error.url, message: error.message } };
  if (error instanceof RateLimitError) return { rateLimit: { route: error.route, retryAfter: error.retryAfter, global: error.global } };
  if (error instanceof BusyError) return { busy: true };
  return { err: error };
}

/** Logs a handler failure: expected ones (bad input, busy) at info, anything else as an error. */
export function logFailure(logger: Logger, error: unknown, fields: Record<string, unknown>, message: string): void {
  const expected = error instanceof CrisisbotError || error instanceof BusyError;
  logger[expected ? 'info' : 'error']({ ...describeError(error), ...fields }, message);
}

/** Tells the user one short line about a failed interaction; never throws. */
export async function failInteraction(interaction: RepliableInteraction, error: unknown, logger: Logger): Promise<void> {
  logFailure(logger, error, { interaction: interaction.id }, 'Interaction handler failed');
  const line = renderLine(errorLine(error, langOfLocale(interaction.locale)));
  try {
    if (interaction.deferred && !interaction.replied) await interaction.editReply({ content: line.content ?? '', embeds: [], components: [], allowedMentions: NO_MENTIONS });
    else if (interaction.replied) await interaction.followUp({ ...body(line), flags: MessageFlags.Ephemeral });
    else await interaction.reply({ ...body(line), flags: MessageFlags.Ephemeral });
  } catch (replyError) {
    logger.warn(describeError(replyError), 'Could not tell the user about the failure');
  }
}
