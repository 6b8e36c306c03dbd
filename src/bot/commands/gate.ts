/**
 * The checks a costly command passes before it is deferred: the question's length (via the command
 * layer) and the user's cooldown. Returns the line to show, or undefined to go ahead.
 */
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { cooldownMessage } from '../guards/cooldown.ts';
import { renderLine } from '../render/lists.ts';
import { NO_MENTIONS } from '../reply.ts';
import { langOfLocale } from '../../i18n/index.ts';

/** Spends one cooldown token for the user; replies ephemerally and returns false when none is left. */
export async function passCooldown(interaction: ChatInputCommandInteraction, context: BotContext): Promise<boolean> {
  const gate = context.cooldown.take(interaction.user.id);
  if (gate.ok) return true;
  const line = renderLine(cooldownMessage(gate.retryAfterSeconds, langOfLocale(interaction.locale)));
  await interaction.reply({ content: line.content ?? '', allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
  context.logger.info({ command: interaction.commandName, retryAfter: gate.retryAfterSeconds }, 'Cooldown applied');
  return false;
}
