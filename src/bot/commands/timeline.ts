/** `/timeline [topic:<text>]`: dated events across the articles, in date order, each cited. */
import { SlashCommandBuilder } from 'discord.js';
import { langOfLocale } from '../../i18n/index.ts';
import { renderTimeline } from '../render/verdicts.ts';
import { respond } from '../reply.ts';
import { passCooldown } from './gate.ts';
import { french } from './localize.ts';
import type { Command } from './types.ts';

export default {
  data: french(new SlashCommandBuilder(), 'chronologie', 'Les événements datés des articles, dans l’ordre, chacun cité')
    .setName('timeline')
    .setDescription('Dated events across the articles, in date order, each cited')
    .addStringOption((option) => french(option, 'sujet', 'Seulement les événements sur ce sujet, p. ex. sanctions').setName('topic').setDescription('Only events about this topic, e.g. sanctions')),
  async execute(interaction, context) {
    const topic = interaction.options.getString('topic') ?? undefined;
    if (topic !== undefined && topic.trim() !== '') context.layer.validate(topic);
    if (!(await passCooldown(interaction, context))) return;
    await interaction.deferReply();
    const lang = langOfLocale(interaction.locale);
    const timeline = await context.limiter.run(() => context.layer.timeline(topic, lang));
    await respond(interaction, renderTimeline(timeline, lang));
    context.logger.info({ command: 'timeline', events: timeline.events.length, topic: topic !== undefined }, 'Timeline');
  },
} satisfies Command;
