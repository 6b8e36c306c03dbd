/** `/ask question:<text> [private:<bool>]`: defers at once, then edits in the cited answer. */
import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { renderAnswer } from '../render/cited.ts';
import { respond } from '../reply.ts';
import { passCooldown } from './gate.ts';
import { langOfLocale } from '../../i18n/index.ts';
import { french } from './localize.ts';
import type { Command } from './types.ts';

export default {
  data: french(new SlashCommandBuilder(), 'demander', 'Répond à une question à partir des articles, avec des citations')
    .setName('ask')
    .setDescription('Answer a question from the curated articles, with quoted citations')
    .addStringOption((option) =>
      french(option, 'question', "Votre question, p. ex. Qu'a exigé la Russie de l'OTAN ?").setName('question').setDescription('Your question, e.g. What did Russia demand from NATO?').setRequired(true),
    )
    .addBooleanOption((option) => french(option, 'privé', 'Vous seul voyez la réponse').setName('private').setDescription('Only you see the answer')),
  async execute(interaction, context) {
    const question = context.layer.validate(interaction.options.getString('question', true));
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    if (!(await passCooldown(interaction, context))) return;
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    const started = Date.now();
    const answer = await context.limiter.run(() => context.layer.ask(question));
    const id = context.answers.remember(question, answer);
    await respond(interaction, renderAnswer(answer, id, langOfLocale(interaction.locale)), { ephemeral });
    context.logger.info({ command: 'ask', ms: Date.now() - started, citations: answer.citations.length, abstained: answer.abstained, method: answer.method }, 'Answered');
  },
} satisfies Command;
