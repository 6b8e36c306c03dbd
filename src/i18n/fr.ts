/** Messages en français (même forme que l'anglais). */
import type { Difference } from '../answer/check-compare.ts';
import type { CheckVerdict, TimelinePrecision } from '../types.ts';
import type { Messages } from './en.ts';

const GROUP_NAMES: Record<string, string> = {
  us: 'les États-Unis', russia: 'la Russie', ukraine: "l'Ukraine", nato: "l'OTAN", germany: "l'Allemagne", france: 'la France',
  uk: 'le Royaume-Uni', china: 'la Chine', eu: "l'Union européenne", un: "l'ONU", belarus: 'la Biélorussie', turkey: 'la Turquie',
};

/** Operating errors, by code (src/errors.ts), as a French user should read them. */
const SERVICE_ERRORS: Record<string, string> = {
  PROVIDER_RATE_LIMIT: "Le modèle de langage est saturé pour l'instant — réessayez dans un moment.",
  PROVIDER_TIMEOUT: "Le modèle de langage n'a pas répondu à temps — réessayez.",
  PROVIDER_UNAVAILABLE: "Le modèle de langage est injoignable pour l'instant — réessayez plus tard.",
  PROVIDER_AUTH: "Le fournisseur du modèle refuse la clé d'API configurée ; un administrateur doit la corriger.",
  PROVIDER_BAD_RESPONSE: 'Le modèle de langage a renvoyé une réponse inutilisable — réessayez.',
  INDEX_MISSING: "L'index des articles n'existe pas encore ; un administrateur doit lancer « crisisbot ingest ».",
  INDEX_CORRUPT: "L'index des articles est endommagé ; un administrateur doit lancer « crisisbot ingest » pour le reconstruire.",
  INDEX_MISMATCH: "L'index des articles a été construit avec d'autres réglages ; un administrateur doit lancer « crisisbot ingest --rebuild ».",
  STORE_UNAVAILABLE: "La base de données de l'index est injoignable pour l'instant — réessayez dans un moment.",
  DATA_DIR_INVALID: "Le dossier de données configuré (DATA_DIR) n'est pas utilisable ; un administrateur doit le corriger.",
  DATA_DIR_READ_ONLY: "Le dossier de données est en lecture seule : rien n'a été écrit, l'index précédent reste servi.",
  DISK_FULL: "Le disque est plein : rien n'a été écrit, l'index précédent reste servi.",
  INGEST_BUSY: "Une autre indexation est en cours ; l'index actuel reste servi.",
  INGEST_LOCK_LOST: "L'indexation a perdu son verrou et s'est arrêtée sans rien publier ; l'index précédent reste servi. Relancez « crisisbot ingest ».",
  CORPUS_MISSING: "Le dossier des articles (CORPUS_DIR) est introuvable ; un administrateur doit le corriger.",
  CORPUS_EMPTY: "Le dossier des articles ne contient aucun article lisible.",
  CONFIG_INVALID: "La configuration du bot est invalide ; un administrateur doit la corriger.",
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
  bot: {
    sources: 'Sources',
    sourcesContinued: 'Sources (suite)',
    passageButton: (n: number) => `Passage ${n}`,
    footerAnswerLlm: 'Rédigé par un modèle de langage à partir des passages cités · « Passage n » montre un passage entier',
    footerAnswer: 'Phrases citées des articles · « Passage n » montre un passage entier',
    footerSummary: (scope: 'corpus' | 'article' | 'topic', llm: boolean) =>
      `Résumé ${scope === 'corpus' ? 'de tout le corpus' : scope === 'article' ? "d'un article" : "d'un sujet"} · ${llm ? 'rédigé par un modèle de langage à partir de passages cités' : 'phrases citées des articles'}`,
    footerCheck: 'Verdicts tirés de phrases citées des articles · « Passage n » montre un passage entier',
    footerTimeline: 'Dates lues dans les articles, rapportées à la date de chaque article · « Passage n » montre un passage entier',
    noPassages: (query: string) => `Aucun passage ne correspond à « ${query} ».`,
    topPassages: (query: string) => `Meilleurs passages pour « ${query} »`,
    score: 'score',
    noArticles: "L'index ne contient encore aucun article.",
    sourcesTitle: (n: number) => `Sources (${n} article${n === 1 ? '' : 's'})`,
    chunks: (n: number) => `${n} passage${n === 1 ? '' : 's'}`,
    helpTitle: 'crisisbot — réponses citées sur la crise russo-ukrainienne du début de 2022',
    helpFooter: 'Chaque affirmation cite mot pour mot un passage des articles sélectionnés.',
    helpMentionQa: "Vous pouvez aussi me mentionner avec une question, ou la poser dans les salons de questions ; je réponds dans un fil, où les questions de suivi gardent le contexte.",
    helpMention: 'Vous pouvez aussi me mentionner avec une question ; je réponds dans un fil, où les questions de suivi (en me mentionnant) gardent le contexte.',
    passageFooter: (id: string, lang: string, start: number, end: number) => `${id} · ${lang.toUpperCase()} · caractères ${start}–${end}`,
    cooldown: (seconds: number) => `Vous posez vos questions très vite — réessayez dans ${seconds} s.`,
    busy: 'Je réponds à plusieurs questions en ce moment — réessayez dans un instant.',
    buttonGone: "Ce bouton n'est plus pris en charge.",
    passageGone: "Ce passage n'est plus dans l'index (les articles ont peut-être été réindexés).",
    voted: (up: boolean) => `Merci — votre ${up ? '👍' : '👎'} a été enregistré.`,
    mentionEmpty: "Posez-moi une question après la mention, par exemple « @crisisbot Qu'a exigé la Russie de l'OTAN ? »",
    threadName: 'Question',
    internalError: "Une erreur s'est produite de notre côté ; elle a été enregistrée. Réessayez.",
    questionEmpty: 'Posez une question — le texte était vide.',
    questionTooLong: (length: number, max: number) => `Cette question fait ${length} caractères ; gardez-la sous ${max}.`,
    notFound: (what: string) => `Aucun article ne correspond à « ${what} ». Essayez /sources pour la liste.`,
    readOnly: "Les articles ne peuvent être ajoutés que par le bot en fonctionnement.",
    serviceError: (code: string): string | undefined => SERVICE_ERRORS[code],
  },
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
        case 'bad-date': return 'La date doit être écrite AAAA-MM-JJ (ou AAAA-MM, AAAA).';
        default: return "L'article a été refusé.";
      }
    },
    permission: "Seuls les membres ayant la permission Gérer le serveur peuvent ajouter des articles.",
    added: (title: string, lang: string, chunks: number) => `Article « ${title} » ajouté (${lang === 'fr' ? 'français' : 'anglais'}, ${chunks} passage${chunks === 1 ? '' : 's'}). Vous pouvez l'interroger dès maintenant.`,
  },
  check: {
    llmFallback: "Le modèle de langage n'a donné aucune citation vérifiable pour certaines affirmations ; elles ont été vérifiées hors ligne.",
    llmUnavailable: "Le modèle de langage est indisponible ; l'affirmation a été vérifiée hors ligne.",
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
    llmUnavailable: 'Le modèle de langage est indisponible ; les événements sont montrés par leurs phrases citées.',
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
