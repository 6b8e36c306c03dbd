/** `/sources`: the articles — title, language, date when known, chunk count. */
import { SlashCommandBuilder } from 'discord.js';
import { renderSources } from '../render/lists.ts';
import { respond } from '../reply.ts';
import type { Command } from './types.ts';

export default {
  data: new SlashCommandBuilder().setName('sources').setDescription('List the articles the answers come from'),
  async execute(interaction, context) {
    await respond(interaction, renderSources(await context.layer.sources()));
  },
} satisfies Command;
