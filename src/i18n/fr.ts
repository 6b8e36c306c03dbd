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
  help: {
    commands: {
      ask: { usage: '/demander question:<texte> [privé:true]', description: 'Répond à une question à partir des articles, avec des citations numérotées.' },
      summary: { usage: '/résumé [article:<titre>] [sujet:<texte>]', description: "Résume un article, un sujet ou l'ensemble du corpus." },
      search: { usage: '/rechercher requête:<texte>', description: 'Montre les passages liés à une requête, sans réponse.' },
      check: { usage: '/vérifier affirmation:<texte>', description: 'Vérifie une affirmation : confirmée, contredite, absente des articles ou partagée — avec les citations décisives.' },
      timeline: { usage: '/chronologie [sujet:<texte>]', description: 'Les événements datés des articles, dans l\'ordre, chacun cité.' },
      sources: { usage: '/sources', description: 'Liste les articles : titre, langue, date, nombre de passages.' },
      addArticle: { usage: '/ajouter-article [fichier:<.txt/.md>] [url:<lien>]', description: "Ajoute un article au corpus (permission Gérer le serveur) ; il est interrogeable aussitôt." },
      help: { usage: '/aide', description: 'Affiche cette aide.' },
    },
  },
  addArticle: {
    rejected(reason: string, detail: string): string {
      switch (reason) {
        case 'no-input': return "Joignez un fichier .txt ou .md, ou donnez l'URL d'un article.";
        case 'both-inputs': return 'Donnez soit un fichier, soit une URL, pas les deux.';
        case 'type': return `Seuls les fichiers .txt et .md ou les pages web peuvent être ajoutés${detail ? ` (reçu : ${detail})` : ''}.`;
        case 'too-large': return `C'est trop volumineux pour être ajouté (limite ${detail}).`;
        case 'download': return `L'article n'a pas pu être téléchargé${detail ? ` (${detail})` : ''}.`;
        case 'bad-url': return "Ce n'est pas une URL http(s).";
        case 'private-url': return 'Les URL de réseaux locaux ou privés ne sont pas récupérées.';
        case 'not-text': return "Ce fichier n'est pas du texte lisible (UTF-8).";
        case 'too-short': return "Il y a trop peu de texte d'article à ajouter (au moins 200 caractères).";
        case 'duplicate': return `Cet article est déjà dans le corpus${detail ? ` (« ${detail} »)` : ''}.`;
        case 'not-indexed': return `L'article n'a pas pu être indexé${detail ? ` (${detail})` : ''} ; rien n'a été conservé.`;
        case 'sources-invalid': return "Le fichier sources.json du corpus n'est pas du JSON valide ; corrigez-le avant d'ajouter des articles.";
        default: return "L'article a été refusé.";
      }
    },
    permission: "Seuls les membres ayant la permission Gérer le serveur peuvent ajouter des articles.",
    added: (title: string, lang: string, chunks: number) => `Article « ${title} » ajouté (${lang === 'fr' ? 'français' : 'anglais'}, ${chunks} passage${chunks === 1 ? '' : 's'}). Vous pouvez l'interroger dès maintenant.`,
  },
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
