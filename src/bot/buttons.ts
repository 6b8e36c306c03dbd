/**
 * Button handlers: "Passage n" shows the full cited passage ephemerally; 👍/👎 appends a line to
 * the feedback log (with the user's id hashed) and thanks the user ephemerally.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { langOfLocale, strings } from '../i18n/index.ts';
import type { BotContext } from './context.ts';
import type { FeedbackVote } from '../ports.ts';
import { hashUserId } from './feedback-log.ts';
import { publish } from '../ops/telemetry.ts';
import { parseCustomId } from './render/components.ts';
import { renderLine, renderPassage } from './render/lists.ts';
import { NO_MENTIONS, respond } from './reply.ts';

async function replyLine(interaction: ButtonInteraction, text: string): Promise<void> {
  await interaction.reply({ content: renderLine(text).content ?? '', allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
}

/** What a vote refers to: the remembered answer, or (after a restart) the text of the message voted on. */
function votedAnswer(interaction: ButtonInteraction, context: BotContext, answerId: string): Omit<FeedbackVote, 'at' | 'user' | 'vote'> {
  const remembered = context.answers.get(answerId);
  if (remembered) {
    const { answer } = remembered;
    return {
      question: remembered.question,
      answer: answer.answer,
      chunkIds: answer.citations.map((c) => c.chunkId),
      citations: answer.citations.map(({ n, chunkId, docId, title, quote }) => ({ n, chunkId, docId, title, quote })),
      method: answer.method,
      abstained: answer.abstained,
      messageId: interaction.message.id,
    };
  }
  const text = interaction.message.embeds.map((embed) => embed.description ?? '').join('\n') || interaction.message.content;
  return { answer: text, chunkIds: [], citations: [], messageId: interaction.message.id };
}

/** Handles a button press on one of the bot's messages. */
export async function handleButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const action = parseCustomId(interaction.customId);
  const lang = langOfLocale(interaction.locale);
  const t = strings(lang);
  if (!action) {
    await replyLine(interaction, t.bot.buttonGone);
    return;
  }
  if (action.kind === 'passage') {
    const chunk = await context.layer.passage(action.chunkId);
    if (!chunk) {
      await replyLine(interaction, t.bot.passageGone);
      return;
    }
    await respond(interaction, renderPassage(action.n, chunk, lang), { ephemeral: true });
    return;
  }
  await context.feedback.record({ at: new Date().toISOString(), user: hashUserId(interaction.user.id), vote: action.vote, ...votedAnswer(interaction, context, action.answerId) });
  publish.feedback({ vote: action.vote });
  context.logger.info({ vote: action.vote }, 'Feedback recorded');
  await replyLine(interaction, t.bot.voted(action.vote === 'up'));
}
