/**
 * `/add-article [file:<.txt/.md>] [url:<link>] [title] [date]`: members with Manage Server add an
 * article; it is saved into the corpus folder, indexed by this process, and can be asked about as
 * soon as the reply (title, language, chunk count) arrives. Refusals are one line each.
 */
import { MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type Attachment, type ChatInputCommandInteraction } from 'discord.js';
import { download } from '../../articles/download.ts';
import { articleFromDownload, articleFromFile } from '../../articles/extract.ts';
import { ArticleRejected } from '../../articles/rejection.ts';
import { langOfLocale, strings } from '../../i18n/index.ts';
import type { NewArticle } from '../../types.ts';
import type { BotContext } from '../context.ts';
import { renderLine } from '../render/lists.ts';
import { NO_MENTIONS, respond } from '../reply.ts';
import { french } from './localize.ts';
import type { Command } from './types.ts';

const DOWNLOAD_TIMEOUT_MS = 15_000;

async function fromAttachment(file: Attachment, context: BotContext): Promise<NewArticle> {
  if (!/\.(txt|md)$/iu.test(file.name)) throw new ArticleRejected('type', file.name.slice(-40));
  const max = context.config.ADD_ARTICLE_MAX_BYTES;
  if (file.size > max) throw new ArticleRejected('too-large', `${Math.round(max / 1024)} KiB`);
  // The attachment's URL is Discord's (its CDN), not the user's: no private-host rule here.
  const downloaded = await download(file.url, { maxBytes: max, timeoutMs: DOWNLOAD_TIMEOUT_MS, allowPrivateHosts: true });
  return articleFromFile(file.name, downloaded.bytes, file.contentType ?? downloaded.contentType);
}

async function fromUrl(url: string, context: BotContext): Promise<NewArticle> {
  const downloaded = await download(url, { maxBytes: context.config.ADD_ARTICLE_MAX_BYTES, timeoutMs: DOWNLOAD_TIMEOUT_MS, allowPrivateHosts: context.config.ADD_ARTICLE_PRIVATE_URLS });
  return articleFromDownload(downloaded.bytes, downloaded.contentType, downloaded.url);
}

/** The article the options describe, with the facts the moderator gave winning over the page's. */
async function articleOf(interaction: ChatInputCommandInteraction, context: BotContext): Promise<NewArticle> {
  const file = interaction.options.getAttachment('file');
  const url = interaction.options.getString('url')?.trim() || undefined;
  const title = interaction.options.getString('title')?.trim() || undefined;
  const date = interaction.options.getString('date')?.trim() || undefined;
  if (!file && !url) throw new ArticleRejected('no-input');
  if (file && url) throw new ArticleRejected('both-inputs');
  if (date && !/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/u.test(date)) throw new ArticleRejected('bad-date');
  const article = file ? await fromAttachment(file, context) : await fromUrl(url as string, context);
  return { ...article, source: { ...article.source, ...(title ? { title } : {}), ...(date ? { date } : {}) } };
}

export default {
  data: french(new SlashCommandBuilder(), 'ajouter-article', 'Ajoute un article au corpus (fichier .txt/.md ou URL)')
    .setName('add-article')
    .setDescription('Add an article to the corpus (a .txt/.md file or a URL)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addAttachmentOption((option) => french(option, 'fichier', 'Un fichier .txt ou .md').setName('file').setDescription('A .txt or .md file'))
    .addStringOption((option) => french(option, 'url', "L'adresse d'une page d'article").setName('url').setDescription('The address of an article page'))
    .addStringOption((option) => french(option, 'titre', 'Le titre, si le texte ne le donne pas').setName('title').setDescription('The title, if the text does not give it'))
    .addStringOption((option) => french(option, 'date', 'La date de l’article, AAAA-MM-JJ').setName('date').setDescription('The article date, YYYY-MM-DD')),
  async execute(interaction, context) {
    const lang = langOfLocale(interaction.locale);
    const t = strings(lang).addArticle;
    // Server admins can widen who sees the command; the permission is checked again here.
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      await interaction.reply({ content: renderLine(t.permission).content ?? '', allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const started = Date.now();
    const added = await context.layer.addArticle(await articleOf(interaction, context));
    await respond(interaction, [renderLine(t.added(added.title, added.lang, added.chunks))], { ephemeral: true });
    context.logger.info({ command: 'add-article', docId: added.docId, chunks: added.chunks, ms: Date.now() - started }, 'Article added');
  },
} satisfies Command;
