/**
 * Renders a claim check and a timeline as cited Discord messages: the bot's own words (verdict
 * labels, "date unclear", footers) in the user's language, the quotes as footnotes with
 * "Passage n" buttons, like answers.
 */
import { strings } from '../../i18n/index.ts';
import type { CheckVerdict, ClaimCheck, Lang, Timeline } from '../../types.ts';
import { truncate } from '../split.ts';
import { renderCited } from './cited.ts';
import type { RenderedMessage } from './limits.ts';
import { renderLine } from './lists.ts';

const MARK: Record<CheckVerdict, string> = { supported: '✅', contradicted: '❌', not_found: '❔', mixed: '⚖️' };

/** A claim check: the overall verdict as title, one paragraph per statement. */
export function renderCheck(check: ClaimCheck, lang: Lang = check.language): RenderedMessage[] {
  const t = strings(lang).check;
  const paragraphs = check.statements.map((s) => `${MARK[s.verdict]} **${t.verdicts[s.verdict]}** — ${truncate(s.text, 300)}\n${s.reason}`);
  return renderCited({
    title: `${MARK[check.verdict]} ${t.heading(t.verdicts[check.verdict])}`,
    text: paragraphs.join('\n\n'),
    citations: check.statements.flatMap((s) => s.citations),
    notice: check.notice,
    footer: strings(lang).bot.footerCheck,
    lang,
  });
}

/** A timeline: one line per event, its date in bold (or "date unclear" with the article's words). */
export function renderTimeline(timeline: Timeline, lang: Lang = timeline.language): RenderedMessage[] {
  const t = strings(lang).timeline;
  if (timeline.events.length === 0) return [renderLine(t.none)];
  const lines = timeline.events.map((e) => {
    const when = e.date === null ? `${t.unclear} (“${e.dateText}”)` : t.formatDate(e.date, e.precision);
    return `**${when}** — ${e.text}`;
  });
  return renderCited({
    title: t.heading(timeline.topic),
    text: lines.join('\n\n'),
    citations: timeline.events.flatMap((e) => e.citations),
    notice: timeline.notice,
    footer: strings(lang).bot.footerTimeline,
    lang,
  });
}
