/** Messages en français (même forme que l'anglais). */
import type { Difference } from '../answer/check-compare.ts';
import type { CheckVerdict, TimelinePrecision } from '../types.ts';
import type { Messages } from './en.ts';

const GROUP_NAMES: Record<string, string> = {
  us: 'les États-Unis', russia: 'la Russie', ukraine: "l'Ukraine", nato: "l'OTAN", germany: "l'Allemagne", france: 'la France',
  uk: 'le Royaume-Uni', china: 'la Chine', eu: "l'Union européenne", un: "l'ONU", belarus: 'la Biélorussie', turkey: 'la Turquie',
};

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

function cite(ns: number[]): string {
  return ns.map((n) => `[${n}]`).join('');
}

function difference(d: Difference): string {
  switch (d.kind) {
    case 'number':
      return `les articles donnent ${d.found}, et non ${d.claimed}`;
    case 'date':
      return `les articles donnent ${d.found}, et non ${d.claimed}`;
    case 'actor':
      return `les articles nomment ${GROUP_NAMES[d.found] ?? d.found}, et non ${GROUP_NAMES[d.claimed] ?? d.claimed}`;
    case 'negation':
      return d.claimed === '' ? `les articles disent le contraire (« ${d.found} »)` : `les articles l'affirment sans « ${d.claimed} »`;
  }
}

export const fr: Messages = {
  check: {
    verdicts: { supported: 'Confirmé', contradicted: 'Contredit', not_found: 'Absent des articles', mixed: 'Partagé (les articles divergent)' } satisfies Record<CheckVerdict, string>,
    reason(verdict: CheckVerdict, d: Difference | undefined, ns: number[]): string {
      if (verdict === 'supported') return `un article l'affirme ${cite(ns)}`;
      if (verdict === 'not_found') return "aucune phrase des articles ne l'affirme ni ne le contredit";
      if (verdict === 'mixed' && d) return `les articles divergent : ${cite(ns.slice(0, 1))} l'affirme, mais ${difference(d)} ${cite(ns.slice(1))}`;
      return d ? `${difference(d)} ${cite(ns)}` : `un article dit autre chose ${cite(ns)}`;
    },
    heading: (verdict: string) => `Vérification — ${verdict}`,
    statement: 'Affirmation',
    empty: 'Indiquez une affirmation à vérifier.',
  },
  timeline: {
    heading: (topic: string | undefined) => (topic ? `Chronologie : ${topic}` : 'Chronologie des articles'),
    unclear: 'date incertaine',
    none: "Les articles ne donnent aucun événement daté sur ce sujet.",
    formatDate(date: string | null, precision: TimelinePrecision): string {
      if (date === null) return 'date incertaine';
      const [year, month, day] = date.split('-').map(Number);
      if (precision === 'year' || month === undefined) return String(year);
      const monthName = MONTHS[month - 1] ?? '';
      if (precision === 'month' || day === undefined) return `${monthName} ${year}`;
      if (precision === 'week') return `semaine du ${day} ${monthName} ${year}`;
      return `${day === 1 ? '1er' : day} ${monthName} ${year}`;
    },
  },
};
