/** `/check claim:<text>`: verdicts on a claim's statements, with the quotes that decide them. */
import { SlashCommandBuilder } from 'discord.js';
import { langOfLocale } from '../../i18n/index.ts';
import { renderCheck } from '../render/verdicts.ts';
import { respond } from '../reply.ts';
import { passCooldown } from './gate.ts';
import { french } from './localize.ts';
import type { Command } from './types.ts';

export default {
  data: french(new SlashCommandBuilder(), 'vérifier', 'Vérifie une affirmation dans les articles : confirmée, contredite ou absente')
    .setName('check')
    .setDescription('Check a claim against the articles: supported, contradicted or not in them')
    .addStringOption((option) =>
      french(option, 'affirmation', "L'affirmation, p. ex. Biden a envoyé 100 000 soldats en Ukraine").setName('claim').setDescription('The claim, e.g. Biden sent 100,000 US troops to Ukraine').setRequired(true),
    ),
  async execute(interaction, context) {
    const claim = context.layer.validate(interaction.options.getString('claim', true));
    if (!(await passCooldown(interaction, context))) return;
    await interaction.deferReply();
    const lang = langOfLocale(interaction.locale);
    const started = Date.now();
    const check = await context.limiter.run(() => context.layer.check(claim, lang));
    await respond(interaction, renderCheck(check, lang));
    context.logger.info({ command: 'check', ms: Date.now() - started, verdict: check.verdict, statements: check.statements.length }, 'Checked');
  },
} satisfies Command;
