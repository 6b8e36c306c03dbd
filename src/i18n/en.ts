/** English messages (the shape every language follows). */
import type { Difference } from '../answer/check-compare.ts';
import type { CheckVerdict, TimelinePrecision } from '../types.ts';

const GROUP_NAMES: Record<string, string> = {
  us: 'the United States', russia: 'Russia', ukraine: 'Ukraine', nato: 'NATO', germany: 'Germany', france: 'France',
  uk: 'the United Kingdom', china: 'China', eu: 'the European Union', un: 'the United Nations', belarus: 'Belarus', turkey: 'Turkey',
};

/**
 * Operating errors whose own message is for operators, not users: STORE_UNAVAILABLE names the
 * database's host and port and the driver's error (the log keeps it).
 */
const SERVICE_ERRORS: Record<string, string> = {
  STORE_UNAVAILABLE: 'The index database is unreachable right now — please try again in a moment.',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function cite(ns: number[]): string {
  return ns.map((n) => `[${n}]`).join('');
}

function difference(d: Difference): string {
  switch (d.kind) {
    case 'number':
      return `the articles give ${d.found}, not ${d.claimed}`;
    case 'date':
      return `the articles give ${d.found}, not ${d.claimed}`;
    case 'actor':
      return `the articles name ${GROUP_NAMES[d.found] ?? d.found}, not ${GROUP_NAMES[d.claimed] ?? d.claimed}`;
    case 'negation':
      return d.claimed === '' ? `the articles say the opposite (“${d.found}”)` : `the articles state it without “${d.claimed}”`;
  }
}

export const en = {
  bot: {
    sources: 'Sources',
    sourcesContinued: 'Sources (continued)',
    passageButton: (n: number) => `Passage ${n}`,
    footerAnswerLlm: 'Written by a language model from the quoted passages · Passage n shows a full passage',
    footerAnswer: 'Sentences quoted from the articles · Passage n shows a full passage',
    footerSummary: (scope: 'corpus' | 'article' | 'topic', llm: boolean) =>
      `${scope === 'corpus' ? 'Whole corpus' : scope === 'article' ? 'One article' : 'Topic'} summary · ${llm ? 'written by a language model from quoted passages' : 'sentences quoted from the articles'}`,
    footerCheck: 'Verdicts from sentences quoted from the articles · Passage n shows a full passage',
    footerTimeline: 'Dates read from the articles against each article’s own date · Passage n shows a full passage',
    noPassages: (query: string) => `No passages matched “${query}”.`,
    topPassages: (query: string) => `Top passages for “${query}”`,
    score: 'score',
    noArticles: 'The index holds no articles yet.',
    sourcesTitle: (n: number) => `Sources (${n} article${n === 1 ? '' : 's'})`,
    chunks: (n: number) => `${n} chunk${n === 1 ? '' : 's'}`,
    helpTitle: 'crisisbot — cited answers about the Russia–Ukraine crisis of early 2022',
    helpFooter: 'Every claim cites a verbatim passage of the curated articles.',
    helpMentionQa: 'You can also mention me with a question, or ask in the Q&A channels; I answer in a thread, where follow-up questions keep the context.',
    helpMention: 'You can also mention me with a question; I answer in a thread, where follow-up questions (mentioning me) keep the context.',
    passageFooter: (id: string, lang: string, start: number, end: number) => `${id} · ${lang.toUpperCase()} · characters ${start}–${end}`,
    cooldown: (seconds: number) => `You're asking quickly — try again in ${seconds}s.`,
    busy: "I'm answering several questions right now — please try again in a moment.",
    buttonGone: 'This button is no longer supported.',
    passageGone: 'That passage is no longer in the index (the articles may have been re-ingested).',
    voted: (up: boolean) => `Thanks — your ${up ? '👍' : '👎'} was recorded.`,
    mentionEmpty: 'Ask me a question after the mention, e.g. “@crisisbot What did Russia demand from NATO?”',
    threadName: 'Question',
    internalError: 'Something went wrong on our side; the error was logged. Please try again.',
    questionEmpty: 'Please ask a question — the text was empty.',
    questionTooLong: (length: number, max: number) => `That question is ${length} characters long; please keep it under ${max}.`,
    notFound: (what: string) => `No article matches “${what}”. Try /sources for the list.`,
    readOnly: 'Articles can only be added through the running bot.',
    /** A line for an operating error by its code, or undefined to show the error's own (English, detailed) message. */
    serviceError: (code: string): string | undefined => SERVICE_ERRORS[code],
  },
  help: {
    commands: {
      ask: { usage: '/ask question:<text> [private:true]', description: 'Answer a question from the articles, with numbered quoted citations.' },
      summary: { usage: '/summary [article:<title>] [topic:<text>]', description: 'Summarise one article, a topic, or the whole corpus.' },
      search: { usage: '/search query:<text>', description: 'Show the passages that bear on a query, without an answer.' },
      check: { usage: '/check claim:<text>', description: 'Check a claim: supported, contradicted, not in the articles, or mixed — with the deciding quotes.' },
      timeline: { usage: '/timeline [topic:<text>]', description: 'Dated events across the articles, in date order, each cited.' },
      sources: { usage: '/sources', description: 'List the articles: title, language, date, chunk count.' },
      addArticle: { usage: '/add-article [file:<.txt/.md>] [url:<link>]', description: 'Add an article to the corpus (Manage Server only); it can be asked about at once.' },
      help: { usage: '/help', description: 'Show this help.' },
    },
  },
  addArticle: {
    rejected(reason: string, detail: string): string {
      switch (reason) {
        case 'no-input': return 'Attach a .txt or .md file, or give the URL of an article.';
        case 'both-inputs': return 'Give either a file or a URL, not both.';
        case 'type': return `Only .txt and .md files or web pages can be added${detail ? ` (got ${detail})` : ''}.`;
        case 'too-large': return `That is too large to add (limit ${detail}).`;
        case 'download': return `The article could not be downloaded${detail ? ` (${detail})` : ''}.`;
        case 'bad-url': return 'That is not an http(s) URL.';
        case 'private-url': return 'URLs on local or private networks are not fetched.';
        case 'not-text': return 'That file is not readable text (UTF-8).';
        case 'too-short': return 'There is too little article text to add (at least 200 characters).';
        case 'duplicate': return `That article is already in the corpus${detail ? ` (“${detail}”)` : ''}.`;
        case 'not-indexed': return `The article could not be indexed${detail ? ` (${detail})` : ''}; nothing was kept.`;
        case 'sources-invalid': return 'The corpus sources.json is not valid JSON; fix it before adding articles.';
        case 'bad-date': return 'The date must be written YYYY-MM-DD (or YYYY-MM, YYYY).';
        default: return 'The article was refused.';
      }
    },
    permission: 'Only members with the Manage Server permission can add articles.',
    added: (title: string, lang: string, chunks: number) => `Added “${title}” (${lang === 'fr' ? 'French' : 'English'}, ${chunks} chunk${chunks === 1 ? '' : 's'}). It can be asked about now.`,
  },
  check: {
    llmFallback: 'The language model gave no verifiable quote for some statements; they were checked offline.',
    llmUnavailable: 'The language model is unavailable; the claim was checked offline.',
    verdicts: { supported: 'Supported', contradicted: 'Contradicted', not_found: 'Not in the articles', mixed: 'Mixed (the articles disagree)' } satisfies Record<CheckVerdict, string>,
    reason(verdict: CheckVerdict, d: Difference | undefined, ns: number[]): string {
      if (verdict === 'supported') return `an article states it ${cite(ns)}`;
      if (verdict === 'not_found') return 'no sentence of the articles states or contradicts it';
      if (verdict === 'mixed' && d) return `the articles disagree: ${cite(ns.slice(0, 1))} states it, but ${difference(d)} ${cite(ns.slice(1))}`;
      return d ? `${difference(d)} ${cite(ns)}` : `an article says otherwise ${cite(ns)}`;
    },
    heading: (verdict: string) => `Claim check — ${verdict}`,
    statement: 'Statement',
    empty: 'Please give a claim to check.',
  },
  timeline: {
    llmUnavailable: 'The language model is unavailable; events are shown as quoted sentences.',
    heading: (topic: string | undefined) => (topic ? `Timeline: ${topic}` : 'Timeline of the articles'),
    unclear: 'date unclear',
    none: 'The articles give no dated events on this topic.',
    formatDate(date: string | null, precision: TimelinePrecision): string {
      if (date === null) return 'date unclear';
      const [year, month, day] = date.split('-').map(Number);
      if (precision === 'year' || month === undefined) return String(year);
      const monthName = MONTHS[month - 1] ?? '';
      if (precision === 'month' || day === undefined) return `${monthName} ${year}`;
      if (precision === 'week') return `week of ${day} ${monthName} ${year}`;
      return `${day} ${monthName} ${year}`;
    },
  },
};

export type Messages = typeof en;
