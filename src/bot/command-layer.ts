/**
 * The command layer shared by the Discord bot and the local console: `ask`, `summary`, `search`,
 * `check`, `timeline`, `sources`, `add-article`, `help`, producing plain data (Answer, Summary, Retrieval, SourceEntry) that each front
 * end renders its own way. It must not import discord.js (a test checks this).
 */
import type { Config } from '../config.ts';
import { CrisisbotError } from '../errors.ts';
import type { Assistant, SourceEntry } from '../ports.ts';
import { strings } from '../i18n/index.ts';
import type { AddedArticle, Answer, Chunk, Citation, ClaimCheck, Lang, NewArticle, Retrieval, Summary, Timeline, Turn } from '../types.ts';
import { truncate } from './split.ts';

/** One command as `help` lists it. */
export interface HelpEntry {
  name: string;
  usage: string;
  description: string;
}

/** The commands both front ends offer, in `/help` order. `usage` is the slash form; the console accepts the same words. */
export function helpEntries(lang: Lang = 'en'): readonly HelpEntry[] {
  const t = strings(lang).help.commands;
  return [
    { name: 'ask', usage: t.ask.usage, description: t.ask.description },
    { name: 'summary', usage: t.summary.usage, description: t.summary.description },
    { name: 'search', usage: t.search.usage, description: t.search.description },
    { name: 'check', usage: t.check.usage, description: t.check.description },
    { name: 'timeline', usage: t.timeline.usage, description: t.timeline.description },
    { name: 'sources', usage: t.sources.usage, description: t.sources.description },
    { name: 'add-article', usage: t.addArticle.usage, description: t.addArticle.description },
    { name: 'help', usage: t.help.usage, description: t.help.description },
  ];
}

/** The English entries (kept for callers that do not choose a language). */
export const HELP_ENTRIES: readonly HelpEntry[] = helpEntries('en');

/** What the layer needs from configuration. */
export type CommandLayerConfig = Pick<Config, 'MAX_QUESTION_CHARS'>;

/** The shared commands over an `Assistant`. */
export class CommandLayer {
  constructor(
    private readonly assistant: Assistant,
    private readonly config: CommandLayerConfig,
  ) {}

  /**
   * Checks a question before any cost is paid (cooldown, a slot): throws `CrisisbotError`
   * QUESTION_EMPTY or QUESTION_TOO_LONG with the line the user sees. Returns the trimmed text.
   */
  validate(question: string): string {
    const text = question.trim();
    if (text === '') throw new CrisisbotError('QUESTION_EMPTY', 'Please ask a question — the text was empty.');
    const max = this.config.MAX_QUESTION_CHARS;
    if (text.length > max) {
      throw new CrisisbotError('QUESTION_TOO_LONG', `That question is ${text.length} characters long; please keep it under ${max}.`);
    }
    return text;
  }

  /** Answers a question, with earlier turns of the conversation for follow-ups. */
  ask(question: string, history: Turn[] = []): Promise<Answer> {
    const text = this.validate(question);
    return this.assistant.ask(text, history.length > 0 ? { history } : {});
  }

  /** Article (id or title), topic, or whole-corpus summary when neither is given. */
  summary(request: { article?: string | undefined; topic?: string | undefined }): Promise<Summary> {
    const article = request.article?.trim();
    const topic = request.topic?.trim();
    if (topic) this.validate(topic);
    return this.assistant.summarize({ ...(article ? { article } : {}), ...(topic ? { topic } : {}) });
  }

  /** The top passages for a query. */
  search(query: string, k = 5): Promise<Retrieval> {
    return this.assistant.search(this.validate(query), k);
  }

  /** The articles in the index. */
  sources(): Promise<SourceEntry[]> {
    return this.assistant.sources();
  }

  /** The help entries, in the user's language. */
  help(lang: Lang = 'en'): readonly HelpEntry[] {
    return helpEntries(lang);
  }

  /** Checks a claim; verdict lines in `language` (default: the claim's). */
  check(claim: string, language?: Lang): Promise<ClaimCheck> {
    return this.assistant.check(this.validate(claim), language ? { language } : {});
  }

  /** Dated events, about `topic` when given; the bot's own words in `language`. */
  timeline(topic: string | undefined, language: Lang): Promise<Timeline> {
    const text = topic?.trim();
    return this.assistant.timeline({ ...(text ? { topic: this.validate(text) } : {}), language });
  }

  /** Adds an article to the corpus and indexes it. */
  addArticle(article: NewArticle): Promise<AddedArticle> {
    return this.assistant.addArticle(article);
  }

  /** Articles matching partial text, for autocomplete. */
  articles(partial: string, limit = 25): Promise<SourceEntry[]> {
    return this.assistant.findArticles(partial, limit);
  }

  /** The full passage behind a citation. */
  passage(chunkId: string): Promise<Chunk | undefined> {
    return this.assistant.chunk(chunkId);
  }
}

/** `[n] Title — “quote…”`, the footnote both front ends show (quote and title shortened). */
export function formatFootnote(citation: Citation, quoteMax = 200): string {
  return `[${citation.n}] ${truncate(citation.title, 120)} — “${truncate(citation.quote.replace(/\s+/gu, ' '), quoteMax)}”`;
}

/** One line describing an article for `sources`. */
export function formatSource(entry: SourceEntry, lang: Lang = 'en'): string {
  const facts = [entry.lang.toUpperCase(), entry.date, entry.publisher, strings(lang).bot.chunks(entry.chunks)];
  return `${entry.title} — ${facts.filter(Boolean).join(' · ')}`;
}
