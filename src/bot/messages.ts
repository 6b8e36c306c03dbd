/**
 * Channel Q&A: answers when the bot is mentioned, and every message in the channels listed in
 * ANSWER_CHANNEL_IDS (and in the threads the bot answers in). A question in a channel is answered
 * in a thread started from it; inside a thread, its earlier turns are passed as `history`.
 */
import { ChannelType, ThreadAutoArchiveDuration, type Message, type SendableChannels } from 'discord.js';
import { detectLanguage } from '../corpus/language.ts';
import { langOfLocale, strings } from '../i18n/index.ts';
import type { BotContext } from './context.ts';
import { cooldownMessage } from './guards/cooldown.ts';
import { renderAnswer } from './render/cited.ts';
import { LIMITS } from './render/limits.ts';
import { renderLine } from './render/lists.ts';
import { describeError, errorLine, logFailure, sendAll } from './reply.ts';
import { truncate } from './split.ts';
import type { Turn } from '../types.ts';

/** The question with mentions of the bot removed. */
export function stripBotMention(content: string, botUserId: string): string {
  return content.replace(new RegExp(`<@!?${botUserId}>`, 'gu'), ' ').replace(/\s+/gu, ' ').trim();
}

/** A readable thread name: mentions shown as plain words (thread names never ping anyway). */
export function threadName(question: string): string {
  const plain = question.replace(/<@!?\d+>/gu, '@user').replace(/<@&\d+>/gu, '@role').replace(/<#\d+>/gu, '#channel');
  return truncate(plain, LIMITS.threadName) || 'Question';
}

/** Shows "typing…" now and every 8 s until the returned function is called. */
function keepTyping(channel: SendableChannels, context: BotContext): () => void {
  const send = (): void => {
    channel.sendTyping().catch((error: unknown) => context.logger.debug(describeError(error), 'Typing indicator failed'));
  };
  send();
  const timer = setInterval(send, 8_000);
  timer.unref();
  return () => clearInterval(timer);
}

async function replyLine(message: Message, text: string): Promise<void> {
  await sendAll(message.channel as SendableChannels, [renderLine(text)], message);
}

/** Turns of a thread's conversation passed to a follow-up question. */
const HISTORY_TURNS = 8;

/** Whether the bot holds a conversation for this thread (it started it, or answered in it). */
async function knownThread(threadId: string, context: BotContext): Promise<boolean> {
  try {
    return (await context.threads.history(threadId, 1)).length > 0;
  } catch (error) {
    context.logger.warn(describeError(error), 'Could not read the thread conversation; treating the thread as unknown');
    return false;
  }
}

/** Whether this message is addressed to the bot. */
async function isForBot(message: Message<true>, context: BotContext, botUserId: string): Promise<{ mentioned: boolean; addressed: boolean }> {
  const channel = message.channel;
  const mentioned = message.mentions.users.has(botUserId);
  const parentId = channel.isThread() ? channel.parentId : null;
  const listed = context.answerChannels.has(channel.id) || (parentId !== null && context.answerChannels.has(parentId));
  if (mentioned || listed) return { mentioned, addressed: true };
  return { mentioned, addressed: channel.isThread() && (await knownThread(channel.id, context)) };
}

/** Adds a turn to a thread's conversation; a store failure is logged, never fails the answer. */
async function remember(context: BotContext, threadId: string, turn: Turn): Promise<void> {
  try {
    await context.threads.append(threadId, turn);
  } catch (error) {
    context.logger.warn(describeError(error), 'Could not record the conversation turn');
  }
}

/** The thread's recent turns; none when the store cannot be read (the question is answered alone). */
async function recall(context: BotContext, threadId: string): Promise<Turn[]> {
  try {
    return await context.threads.history(threadId, HISTORY_TURNS);
  } catch (error) {
    context.logger.warn(describeError(error), 'Could not read the thread conversation; answering without it');
    return [];
  }
}

/** Handles one message; never throws. */
export async function handleMessage(message: Message, context: BotContext, botUserId: string): Promise<void> {
  if (message.author.bot || message.system || !message.inGuild()) return;
  const { mentioned, addressed } = await isForBot(message, context, botUserId);
  if (!addressed) return;
  // The bot's own lines follow the question's language (the server's, before there is one).
  const question = stripBotMention(message.content, botUserId);
  const lang = question === '' ? langOfLocale(message.guild.preferredLocale) : detectLanguage(question, langOfLocale(message.guild.preferredLocale));
  try {
    if (question === '') {
      // Without the Message Content intent, unmentioned messages arrive empty: ignore them.
      if (mentioned) await replyLine(message, strings(lang).bot.mentionEmpty);
      return;
    }
    await answerMessage(message, context, context.layer.validate(question));
  } catch (error) {
    logFailure(context.logger, error, { message: message.id, channel: message.channelId }, 'Message handler failed');
    await replyLine(message, errorLine(error, lang)).catch((replyError: unknown) => context.logger.warn(describeError(replyError), 'Could not tell the user about the failure'));
  }
}

/**
 * Where the answer goes: a thread started from the question in a text channel (started before the
 * answer is computed, so follow-ups can go there at once), else the channel or thread it came from.
 */
async function answerTarget(message: Message<true>, context: BotContext, question: string): Promise<{ target: SendableChannels; replyTo: Message | undefined }> {
  const channel = message.channel;
  if (channel.isThread() || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) return { target: channel, replyTo: message };
  try {
    const thread = await message.startThread({ name: threadName(question), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
    return { target: thread, replyTo: undefined };
  } catch (error) {
    // Missing Create Public Threads (50013) and the like: answer in the channel instead.
    context.logger.warn(describeError(error), 'Could not start a thread; replying in the channel');
    return { target: channel, replyTo: message };
  }
}

async function answerMessage(message: Message<true>, context: BotContext, question: string): Promise<void> {
  const gate = context.cooldown.take(message.author.id);
  if (!gate.ok) {
    await replyLine(message, cooldownMessage(gate.retryAfterSeconds, detectLanguage(question)));
    return;
  }
  const { target, replyTo } = await answerTarget(message, context, question);
  const threadId = target.isThread() ? target.id : undefined;
  const history = threadId ? await recall(context, threadId) : [];
  // The question is part of the conversation as soon as it arrives: a quick follow-up sees it.
  if (threadId) await remember(context, threadId, { role: 'user', content: question });
  const stopTyping = keepTyping(target, context);
  const started = Date.now();
  let answer;
  try {
    answer = await context.limiter.run(() => context.layer.ask(question, history));
  } finally {
    stopTyping();
  }
  if (threadId) await remember(context, threadId, { role: 'assistant', content: answer.answer });
  await sendAll(target, renderAnswer(answer, context.answers.remember(question, answer)), replyTo);
  context.logger.info(
    { via: 'message', ms: Date.now() - started, turns: history.length, citations: answer.citations.length, abstained: answer.abstained },
    'Answered',
  );
}
