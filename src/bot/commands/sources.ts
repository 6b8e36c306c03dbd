/** `/sources`: the articles — title, language, date when known, chunk count. */
import { SlashCommandBuilder } from 'discord.js';
import { renderSources } from '../render/lists.ts';
import { respond } from '../reply.ts';
import { langOfLocale } from '../../i18n/index.ts';
import { french } from './localize.ts';
import type { Command } from './types.ts';

export default {
  data: french(new SlashCommandBuilder(), 'sources', 'Liste les articles dont viennent les réponses').setName('sources').setDescription('List the articles the answers come from'),
  async execute(interaction, context) {
    await respond(interaction, renderSources(await context.layer.sources(), langOfLocale(interaction.locale)));
  },
} satisfies Command;
