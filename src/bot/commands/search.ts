/** `/search query:<text>`: the top passages, no answer. */
import { SlashCommandBuilder } from 'discord.js';
import { renderSearch } from '../render/lists.ts';
import { respond } from '../reply.ts';
import type { Command } from './types.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('search')
    .setDescription('Show the passages that bear on a query, without an answer')
    .addStringOption((option) => option.setName('query').setDescription('What to look for').setRequired(true)),
  async execute(interaction, context) {
    const query = context.layer.validate(interaction.options.getString('query', true));
    await interaction.deferReply();
    const retrieval = await context.layer.search(query, 5);
    await respond(interaction, renderSearch(retrieval));
  },
} satisfies Command;
