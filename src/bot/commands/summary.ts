/** `/summary [article:<autocomplete>] [topic:<text>]`: an article, topic or whole-corpus summary. */
import { SlashCommandBuilder } from 'discord.js';
import { renderSummary } from '../render/cited.ts';
import { LIMITS } from '../render/limits.ts';
import { respond } from '../reply.ts';
import { truncate } from '../split.ts';
import { passCooldown } from './gate.ts';
import { langOfLocale } from '../../i18n/index.ts';
import { french } from './localize.ts';
import type { Command } from './types.ts';

export default {
  data: french(new SlashCommandBuilder(), 'résumé', "Résume un article, un sujet, ou tout le corpus (si rien n'est donné)")
    .setName('summary')
    .setDescription('Summarise one article, a topic, or the whole corpus (neither given)')
    .addStringOption((option) => french(option, 'article', "L'article à résumer").setName('article').setDescription('The article to summarise').setAutocomplete(true))
    .addStringOption((option) => french(option, 'sujet', 'Un sujet à résumer à travers les articles, p. ex. sanctions').setName('topic').setDescription('A topic to summarise across the articles, e.g. sanctions')),
  async execute(interaction, context) {
    const article = interaction.options.getString('article') ?? undefined;
    const topic = interaction.options.getString('topic') ?? undefined;
    if (topic !== undefined) context.layer.validate(topic);
    if (!(await passCooldown(interaction, context))) return;
    await interaction.deferReply();
    const summary = await context.limiter.run(() => context.layer.summary({ article, topic }));
    await respond(interaction, renderSummary(summary, langOfLocale(interaction.locale)));
  },
  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused();
    const choices = (await context.layer.articles(focused, LIMITS.choices)).map((entry) => ({ name: truncate(entry.title, LIMITS.choiceName), value: entry.docId }));
    await interaction.respond(choices);
  },
} satisfies Command;
