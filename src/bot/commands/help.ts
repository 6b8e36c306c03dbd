/** `/help`: what the bot does and its commands (shown only to the asker). */
import { SlashCommandBuilder } from 'discord.js';
import { renderHelp } from '../render/lists.ts';
import { respond } from '../reply.ts';
import { langOfLocale } from '../../i18n/index.ts';
import { french } from './localize.ts';
import type { Command } from './types.ts';

export default {
  data: french(new SlashCommandBuilder(), 'aide', 'Comment utiliser crisisbot').setName('help').setDescription('How to use crisisbot'),
  async execute(interaction, context) {
    const lang = langOfLocale(interaction.locale);
    await respond(interaction, renderHelp(context.layer.help(lang), context.answerChannels.size > 0, lang), { ephemeral: true });
  },
} satisfies Command;
