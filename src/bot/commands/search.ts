/** `/search query:<text>`: the top passages, no answer. */
import { SlashCommandBuilder } from 'discord.js';
import { renderSearch } from '../render/lists.ts';
import { respond } from '../reply.ts';
import { langOfLocale } from '../../i18n/index.ts';
import { french } from './localize.ts';
import type { Command } from './types.ts';

export default {
  data: french(new SlashCommandBuilder(), 'rechercher', 'Montre les passages liés à une requête, sans réponse')
    .setName('search')
    .setDescription('Show the passages that bear on a query, without an answer')
    .addStringOption((option) => french(option, 'requête', 'Ce que vous cherchez').setName('query').setDescription('What to look for').setRequired(true)),
  async execute(interaction, context) {
    const query = context.layer.validate(interaction.options.getString('query', true));
    await interaction.deferReply();
    const retrieval = await context.layer.search(query, 5);
    await respond(interaction, renderSearch(retrieval, langOfLocale(interaction.locale)));
  },
} satisfies Command;
