/**
 * Renders answers and summaries as Discord messages: the text in embed descriptions, numbered
 * footnotes `[n] Title — “quote…”` in "Sources" fields, "Passage n" buttons, and 👍/👎 under an
 * answer. Long texts become several messages, each within every Discord limit, split at sentence
 * boundaries and never through a `[n]` marker.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { strings } from '../../i18n/index.ts';
import type { Answer, Citation, Lang, Summary } from '../../types.ts';
import { formatFootnote } from '../command-layer.ts';
import { splitText, truncate } from '../split.ts';
import { feedbackRow, passageRows } from './components.ts';
import { EMBED_COLOR, LIMITS, embedLength, type RenderedMessage } from './limits.ts';

/** Passage buttons per message: four rows of five, leaving the fifth row for 👍/👎. */
const MAX_PASSAGE_BUTTONS = (LIMITS.rows - 1) * LIMITS.buttonsPerRow;

interface Ref {
  n: number;
  chunkId: string;
}

/** What a cited text needs to be rendered. */
export interface CitedText {
  title?: string;
  text: string;
  citations: Citation[];
  notice?: string | undefined;
  footer: string;
  /** When set, the last message carries 👍/👎 buttons for this answer id. */
  feedbackId?: string;
  /** Language of the bot's own words (field names, buttons); default English. */
  lang?: Lang;
}

/** Footnote lines packed into field values of at most 1024 characters, with the citations each holds. */
function footnoteFields(citations: Citation[], lang: Lang): Array<{ field: APIEmbedField; refs: Ref[] }> {
  const t = strings(lang).bot;
  const groups: Array<{ field: APIEmbedField; refs: Ref[] }> = [];
  for (const citation of citations) {
    const line = truncate(formatFootnote(citation), LIMITS.fieldValue);
    const ref = { n: citation.n, chunkId: citation.chunkId };
    const last = groups.at(-1);
    if (last && last.field.value.length + 1 + line.length <= LIMITS.fieldValue) {
      last.field.value += `\n${line}`;
      last.refs.push(ref);
    } else {
      groups.push({ field: { name: groups.length === 0 ? t.sources : t.sourcesContinued, value: line }, refs: [ref] });
    }
  }
  return groups;
}

/** The notice as a short content line. */
export function noticeLine(notice: string | undefined): string | undefined {
  return notice ? `⚠️ ${truncate(notice.replace(/\s+/gu, ' '), 300)}` : undefined;
}

/** Renders a cited text as one or more messages, each within Discord's limits. */
export function renderCited(input: CitedText): RenderedMessage[] {
  const footer = truncate(input.footer, LIMITS.footer);
  const budget = LIMITS.embedTotal - footer.length;
  const parts = splitText(input.text, LIMITS.embedDescription);
  const pages: Array<{ embed: APIEmbed; refs: Ref[] }> = (parts.length > 0 ? parts : ['—']).map((description, i) => ({
    embed: { color: EMBED_COLOR, description, ...(i === 0 && input.title ? { title: truncate(input.title, LIMITS.embedTitle) } : {}) },
    refs: [],
  }));
  const lang = input.lang ?? 'en';
  for (const { field, refs } of footnoteFields(input.citations, lang)) {
    let page = pages.at(-1);
    const fields = page?.embed.fields ?? [];
    const buttonsFull = page !== undefined && page.refs.length + refs.length > MAX_PASSAGE_BUTTONS;
    if (!page || buttonsFull || fields.length >= LIMITS.fields || embedLength(page.embed) + field.name.length + field.value.length > budget) {
      page = { embed: { color: EMBED_COLOR }, refs: [] };
      pages.push(page);
    }
    page.embed.fields = [...(page.embed.fields ?? []), field];
    page.refs.push(...refs);
  }
  const lastPage = pages.at(-1);
  if (lastPage) lastPage.embed.footer = { text: footer };
  const notice = noticeLine(input.notice);
  return pages.map((page, i) => {
    const isLast = i === pages.length - 1;
    const withFeedback = isLast && input.feedbackId !== undefined;
    const components = passageRows(page.refs, withFeedback ? LIMITS.rows - 1 : LIMITS.rows, lang);
    if (withFeedback && input.feedbackId !== undefined) components.push(feedbackRow(input.feedbackId));
    return { ...(i === 0 && notice ? { content: notice } : {}), embeds: [page.embed], components };
  });
}

/** Plain messages (no embed) for text such as an abstention, split at 2000 characters. */
export function renderPlain(text: string, notice?: string, feedbackId?: string): RenderedMessage[] {
  const full = [noticeLine(notice), text].filter(Boolean).join('\n');
  const pieces = splitText(full, LIMITS.content);
  return (pieces.length > 0 ? pieces : ['—']).map((content, i) => ({
    content,
    embeds: [],
    components: i === pieces.length - 1 && feedbackId !== undefined ? [feedbackRow(feedbackId)] : [],
  }));
}

/**
 * An answer: embed with footnotes and buttons, or plain text when there is nothing to cite. An
 * abstention that shows what the articles do say ("They give only the 2021 figure: … [1]") is cited too.
 */
export function renderAnswer(answer: Answer, feedbackId?: string, lang: Lang = answer.language): RenderedMessage[] {
  if (answer.citations.length === 0) return renderPlain(answer.answer, answer.notice, feedbackId);
  const t = strings(lang).bot;
  const footer = answer.method === 'llm' ? t.footerAnswerLlm : t.footerAnswer;
  return renderCited({ text: answer.answer, citations: answer.citations, notice: answer.notice, footer, lang, ...(feedbackId ? { feedbackId } : {}) });
}

/** A summary: titled embed with footnotes and passage buttons. */
export function renderSummary(summary: Summary, lang: Lang = summary.language): RenderedMessage[] {
  const footer = strings(lang).bot.footerSummary(summary.scope, summary.method === 'llm');
  return renderCited({ title: summary.title, text: summary.summary, citations: summary.citations, notice: summary.notice, footer, lang });
}
