/** English messages (the shape every language follows). */
import type { Difference } from '../answer/check-compare.ts';
import type { CheckVerdict, TimelinePrecision } from '../types.ts';

const GROUP_NAMES: Record<string, string> = {
  us: 'the United States', russia: 'Russia', ukraine: 'Ukraine', nato: 'NATO', germany: 'Germany', france: 'France',
  uk: 'the United Kingdom', china: 'China', eu: 'the European Union', un: 'the United Nations', belarus: 'Belarus', turkey: 'Turkey',
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
  check: {
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
