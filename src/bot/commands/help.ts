/** `/help`: what the bot does and its commands (shown only to the asker). */
import { SlashCommandBuilder } from 'discord.js';
import { renderHelp } from '../render/lists.ts';
import { respond } from '../reply.ts';
import type { Command } from './types.ts';

export default {
  data: new SlashCommandBuilder().setName('help').setDescription('How to use crisisbot'),
  async execute(interaction, context) {
    await respond(interaction, renderHelp(context.layer.help(), context.answerChannels.size > 0), { ephemeral: true });
  },
} satisfies Command;
