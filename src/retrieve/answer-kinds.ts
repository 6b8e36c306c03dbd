/**
 * What a sentence carries, in English and French: figures with their units, dates and weekdays,
 * years, places, people's names and titles, causes, speech ("he said", "a déclaré"), outcomes,
 * and hedges (plans, forecasts, conditionals). Each finder returns verbatim spans of the
 * sentence, so an answer can lead with a span that is checkably in the quote.
 */
import { fold } from '../corpus/text.ts';
import { aliases } from './aliases.ts';
import type { QuestionType } from './question.ts';

/** `\b` for any script: JavaScript's `\b` only knows ASCII letters, so "déclaré\b" never matches. */
const UNICODE_BOUNDARY = String.raw`(?:(?<=[\p{L}\p{N}])(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]))`;
function ub(pattern: RegExp): RegExp {
  return new RegExp(pattern.source.replaceAll(String.raw`\b`, UNICODE_BOUNDARY), pattern.flags);
}

/** A verbatim slice of a sentence: `sentence.slice(start, end) === text`. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

function spans(sentence: string, pattern: RegExp): Span[] {
  const out: Span[] = [];
  for (const match of sentence.matchAll(pattern)) {
    const text = match[0].trim();
    const start = (match.index ?? 0) + match[0].indexOf(text);
    if (text !== '') out.push({ start, end: start + text.length, text });
  }
  return out;
}

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|cent|cents|centaines|mille|milliers|million|millions|milliard|milliards|dizaine|dizaines|douzaine';
/** Fractions need a determiner: "un tiers", "a third", "la moitié" (not "pays tiers"). */
const FRACTION = String.raw`(?:un|une|a|one|two|deux|trois|la|the)\s+(?:tiers|third|thirds|quart|quarts|quarter|quarters|moiti[ée]|half)|two-thirds|half`;
const APPROX = '(?:about|around|some|nearly|almost|roughly|more than|over|less than|fewer than|at least|up to|environ|pr[eè]s de|plus de|moins de|au moins|quelque|jusqu\'[àa]|une|un|a)';
/** A digit group such as 100,000 / 100.000 / 8 500 / 29 / 3.5, not glued to letters. */
const DIGITS = String.raw`(?<![\p{L}\d])\d{1,3}(?:[,. \u00a0\u202f]\d{3})+(?![\d])|(?<![\p{L}\d])\d+(?:[.,]\d+)?(?![\p{L}\d])`;
const UNIT_WORDS = String.raw`(?:\s*(?:%|per ?cent|pour ?cent|\$|€|dollars?|euros?|roubles?|rubles?))?(?:\s+(?:[\p{L}'’-]+))?(?:\s+(?:[\p{L}'’-]+))?`;

const FIGURE = ub(new RegExp(
  String.raw`(?:\b${APPROX}\s+)?(?:[$€]\s?)?(?:${DIGITS}|\b(?:${NUMBER_WORDS}|${FRACTION})\b(?:\s+(?:${NUMBER_WORDS}))?)${UNIT_WORDS}`,
  'giu',
));
/** A year followed by words ("1997 borders", "2014 lors de"): a date, not a count. */
const YEAR_LEAD = /^(?:19|20)\d{2}(?![\d,.])/u;
const YEAR_ONLY = /^(?:in |en )?(?:19|20)\d{2}$/u;
const FUNCTION_TAIL = /\s+(?:the|a|an|of|to|in|on|at|and|or|with|for|le|la|les|de|des|du|d|l|et|ou|à|a|au|aux|en|dans|sur|pour|par|que|qui|is|are|was|were|est|sont|ont|il|elle|ils|elles|has|have|had|who|which|son|sa|ses|leur|leurs|its|their|his|her|near|from|by|into|over|under|after|before|during|près|vers|chez|avant|après|depuis|pendant)$/iu;

/** Trims a trailing function word from a figure span ("29 soldats" kept, "50 morts" kept, "8 500 de" → "8 500"). */
function trimTail(span: Span): Span {
  let text = span.text.replace(/[,;:.]+$/u, '');
  for (let i = 0; i < 2; i++) text = text.replace(FUNCTION_TAIL, '');
  return { ...span, text, end: span.start + text.length };
}

const NUMBER_WORD = ub(new RegExp(String.raw`\b(?:${NUMBER_WORDS})\b|${FRACTION}`, 'iu'));

/** Figures: numbers (digits, number words, fractions) with an approximation before and a unit after; not years or dates. */
export function figures(sentence: string): Span[] {
  const inDates = dates(sentence);
  return spans(sentence, FIGURE)
    .map(trimTail)
    .filter((s) => !YEAR_ONLY.test(s.text) && !YEAR_LEAD.test(s.text) && (/\d/u.test(s.text) || NUMBER_WORD.test(fold(s.text))))
    .filter((s) => !/\p{Lu}[\p{L}-]*\s$/u.test(sentence.slice(Math.max(0, s.start - 30), s.start)) || !/^\d/u.test(s.text))
    .filter((s) => !inDates.some((d) => d.start <= s.start && s.end <= d.end + 1 && /^\d{1,2}$/u.test(s.text)));
}

const VAGUE = ub(/\b(?:a limited number of \p{L}+|a small number of \p{L}+|a large number of \p{L}+|not many|not much|a few \p{L}+|few \p{L}+|several \p{L}+|many \p{L}+|numerous \p{L}+|dozens of \p{L}+|hundreds of \p{L}+|thousands of \p{L}+|tens of thousands of \p{L}+|un nombre limit[ée] de \p{L}+|un petit nombre de \p{L}+|pas beaucoup|peu de \p{L}+|quelques \p{L}+|plusieurs \p{L}+|de nombreux \p{L}+|de nombreuses \p{L}+|des dizaines de \p{L}+|des centaines de \p{L}+|des milliers de \p{L}+|des dizaines de milliers de \p{L}+)/giu);

/** Quantities: figures, and counts said in words ("a limited number of soldiers", "not many", "plusieurs milliers"). */
export function quantities(sentence: string): Span[] {
  const all = [...figures(sentence), ...spans(sentence, VAGUE)].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of all) if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  return kept;
}

/** Years written in a sentence (1900–2099). */
export function years(sentence: string): number[] {
  return [...new Set((sentence.match(/(?<![\d,.])(?:19|20)\d{2}(?![\d,.]\d)/gu) ?? []).map(Number))];
}

const MONTHS_RAW =
  'January|February|March|April|May|June|July|August|September|October|November|December|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre';
const WEEKDAYS_RAW = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche';
const RELATIVE_TIME =
  "today|tomorrow|yesterday|tonight|this week|next week|last week|next month|last year|this year|in the next few days|in the coming days|in the coming weeks|in the coming months|within \\w+ weeks|in \\w+ weeks|aujourd'hui|demain|hier|cette semaine|la semaine prochaine|la semaine derni[èe]re|le mois prochain|l'an dernier|l'ann[ée]e derni[èe]re|dans les prochains jours|dans les jours [àa] venir|dans les mois [àa] venir|dans les semaines [àa] venir|dans \\w+ semaines|d'ici (?:la )?(?:mi-|fin )?(?:" +
  MONTHS_RAW +
  ')';
const DATE = ub(new RegExp(
  String.raw`\b(?:(?:on|le|ce|this|last|next)\s+)?(?:(?:${WEEKDAYS_RAW})(?:,?\s+(?:the\s+)?\d{1,2}(?:er)?\s+(?:${MONTHS_RAW})|,?\s+(?:${MONTHS_RAW})\s+\d{1,2})?|\d{1,2}(?:er)?\s+(?:${MONTHS_RAW})(?:\s+\d{4})?|(?:${MONTHS_RAW})\s+\d{1,2}(?:,\s*\d{4})?|(?:mid-|mi-|early |late |début |fin )(?:${MONTHS_RAW})|(?:in |en )?(?:${MONTHS_RAW})(?:\s+\d{4})?|(?:in |en )(?:19|20)\d{2}|${RELATIVE_TIME})\b`,
  'giu',
));

/** Dates, weekdays, months, years and relative times ("next week", "d'ici la mi-février"). */
export function dates(sentence: string): Span[] {
  // "May" and "mars" are also ordinary words: only count them with a day number or a year.
  return spans(sentence, DATE).filter((s) => !/^(?:may|mai|mars)$/iu.test(s.text));
}

const SPOKEN_AT = ub(/\b(?:said|told|declared|stated|announced|added|a déclaré|a dit|a affirmé|a annoncé|a ajouté|ont déclaré|ont annoncé)\b[^.;:!?]{0,30}$/iu);

/** Dates of events: dates right after a speech verb ("a déclaré … mardi", "said on Tuesday") are when it was said. */
export function eventDates(sentence: string): Span[] {
  return dates(sentence).filter((s) => !SPOKEN_AT.test(sentence.slice(0, s.start)));
}

const PLACE = ub(new RegExp(
  String.raw`\b(?:in|at|to|from|near|before|inside|à|en|au|aux|dans|depuis|vers|près de|devant)\s+(?:(?:the|la|le|les|l'|un|une|a|an)\s*)?(?:(?:province|region|région|oblast|district|city|ville|town|port|zone)\s+(?:of\s+|de\s+|d'|du\s+))?(?:\p{Lu}[\p{L}'’-]+(?:\s+(?:de\s+|du\s+|of\s+)?\p{Lu}[\p{L}'’-]+)*|(?:third|neutral|foreign|another)\s+country|pays\s+(?:tiers|neutre|étranger)|(?:country|city|capital|region)\b|(?:ville|capitale|région)\b|(?:(?:its|their|his|her|ses|sa|son|leurs?)\s+)?(?:\p{L}+\s+)?(?:borders?|frontiers?|frontières?|coasts?|côtes?)(?:\s+(?:occidentales?|orientales?|western|eastern|northern|southern|du nord|du sud))?\b|(?:the\s+)?(?:exercise|training)\s+(?:zones?|areas?|grounds?)\b|zones?\s+d'(?:exercice|entraînement)s?\b)`,
  'gu',
));

const CALENDAR_WORD = ub(new RegExp(String.raw`\b(?:${WEEKDAYS_RAW}|${MONTHS_RAW})\b`, 'iu'));

/** Places: a capitalised name or a kind of place after a locative preposition ("in Munich", "dans un pays tiers"). */
export function places(sentence: string): Span[] {
  return spans(sentence, PLACE).filter((s) => !CALENDAR_WORD.test(s.text));
}

const TITLE =
  'counterpart|homologue|minister|ministre|conseillère|conseillere|president|président|secretary|secrétaire|spokesman|spokeswoman|spokesperson|porte-parole|ambassador|ambassadeur|ambassadrice|chancellor|chancelier|adviser|advisor|conseiller|conseill[èe]re|chief|chef|general|général|prime minister|premier ministre|head|envoy|émissaire|diplomat|diplomate|leader|dirigeant|analyst|analyste|official|responsable';
const TITLES = ub(new RegExp(String.raw`\b(?:${TITLE})\b`, 'giu'));
/** A title word (minister, porte-parole, conseillère…), for leads that describe a person. */
export const TITLE_WORD = ub(new RegExp(String.raw`(?:\p{L}+-)?\b(?:${TITLE})\b`, 'giu'));
const NAME_RUN = /\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)+/gu;
/** Capitalised words that start a sentence or a clause without being a name ("The", "Les", "Selon"). */
const NOT_NAME_START = /^(?:the|a|an|in|on|at|for|but|and|after|before|while|during|this|that|these|le|la|les|l'|un|une|des|du|de|en|au|aux|dans|pour|selon|après|avant|alors|mais|et|ce|cette|ces|lors|pendant)$/iu;

/** Full names: runs of two capitalised words or more ("Dmitri Kozak"), leading articles dropped. */
export function personNames(sentence: string): Span[] {
  const out: Span[] = [];
  for (const run of spans(sentence, NAME_RUN)) {
    const words = run.text.split(/\s+/u);
    let skip = 0;
    while (skip < words.length && NOT_NAME_START.test(words[skip] ?? '')) skip++;
    if (words.length - skip < 2) continue;
    const text = words.slice(skip).join(' ');
    if (aliases().has(text)) continue;
    const start = run.start + run.text.indexOf(text);
    out.push({ start, end: start + text.length, text });
  }
  return out;
}

/** People: full names and titles ("spokesman", "ministre"), in order. */
/** Groups of people that answer "who" as well as a name does ("les rebelles", "Kiev and the separatists"). */
const GROUPS = ub(
  /\b(?:separatists|rebels|insurgents|militants|protesters|demonstrators|séparatistes|rebelles|insurgés|manifestants|(?:regular |government )?troops|(?:armed )?forces|army|troupes(?: régulières| gouvernementales)?|forces armées|armée)\b/giu,
);

/** Known institutions and governments named in a sentence ("Kiev", "the Kremlin", "NATO"), as spans. */
function institutions(sentence: string): Span[] {
  const out: Span[] = [];
  const lower = sentence.toLowerCase();
  for (const { text } of aliases().mentions(sentence)) {
    const start = lower.indexOf(text.toLowerCase());
    // "gathered in Geneva": a place where something happens, not who did it.
    const placed = /\b(?:in|at|to|from|near|à|en|au|aux|dans|depuis|vers)\s+(?:the\s+|le\s+|la\s+|les\s+|l')?$/iu.test(sentence.slice(Math.max(0, start - 12), start));
    if (start >= 0 && !placed && sentence.slice(start, start + text.length) === text) out.push({ start, end: start + text.length, text });
  }
  return out;
}

export function persons(sentence: string): Span[] {
  return [...personNames(sentence), ...spans(sentence, TITLES)].sort((a, b) => a.start - b.start);
}

/** Who answers "who": people by name or title, groups of people, and institutions that act. */
export function actors(sentence: string): Span[] {
  return [...persons(sentence), ...spans(sentence, GROUPS), ...institutions(sentence)].sort((a, b) => a.start - b.start);
}

const CAUSE = ub(/\b(because|since|due to|owing to|as a result of|in order to|so that|given that|car|parce qu|puisqu|en raison d|à cause d|a cause d|afin d|pour que|étant donné|faute d|grâce à|thanks to|in response to|en réponse à|to deal with|to counter|faire face|pour (?:\p{L}+ )?\p{L}+(?:er|ir|re)\b)/iu);
export function hasCause(sentence: string): boolean {
  return CAUSE.test(sentence);
}

const SPEECH =
  ub(/\b(said|says|say|told|tells|declared|stated|announced|added|stressed|warned|noted|estimated|estimate|estimates|believe|believes|consider|considers|explained|claimed|called|urged|asked|demanded|denounced|insisted|reiterated|argued|described|replied|according to|appelé|appelle|appellent|demandé|exhorté|exhorte|plaidé|dénoncé|dénonce|estiment|affirment|déclarent|disent|assurent|jugent|considèrent|a déclaré|a dit|a affirmé|a annoncé|a ajouté|a souligné|a averti|a estimé|a expliqué|a assuré|a qualifié|a répondu|a réitéré|a confirmé|a ordonné|déclare|affirme|estime|souligne|selon|d'après|ont déclaré|ont assuré|a-t-il|a-t-elle|dit-il|dit-elle|déclaré|affirmé|ajouté|souligné|estimé|expliqué|assuré|indiqué|annoncé|précisé|averti|confirmé|prévenu|répété|insisté|presented|présenté|décrit|exposé)\b|[«“"]/iu);
/** True when the sentence reports speech: a speech verb, "according to", or a quotation. */
export function reportsSpeech(sentence: string): boolean {
  return SPEECH.test(sentence);
}

const HEDGE =
  ub(/\b(will|would|could|might|may|should|shall|plans? to|planned|expected|scheduled|intends?|to be held|going to|proposed|pourrait|pourraient|devrait|devraient|serait|seraient|sera|seront|va |vont |prévu|prévue|prévus|prévues|envisag|se poursuivront|aura lieu|auront lieu|propos[ée]|projet)\b|\w+(?:eront|iront|ront)\b/iu);
/** True when the sentence speaks of a plan, forecast, proposal or possibility rather than a fact. */
export function isHedged(sentence: string): boolean {
  return HEDGE.test(sentence);
}

const OUTCOME =
  ub(/\b(agreed|decided|concluded|adopted|signed|reached|resulted|ended|failed|approved|rejected|convenu|convenus|décidé|décidée|conclu|adopté|adoptée|signé|abouti|échoué|approuvé|rejeté|rejeté|accord|agreement|resolution|résolution)\b/iu);
const FUTURE = ub(/\b(will|would|could|might|pourrait|pourraient|devrait|sera|seront)\b/iu);

/** True when the sentence states an outcome (agreed, decided, signed…) as a fact. */
export function statesOutcome(sentence: string): boolean {
  return OUTCOME.test(sentence) && !FUTURE.test(sentence);
}

const spanCache = new Map<string, Span[]>();

/** The spans that answer a question of `type`, in order (empty when the sentence has none). Cached. */
export function answerSpans(type: QuestionType, sentence: string): Span[] {
  const key = `${type}\u0000${sentence}`;
  let found = spanCache.get(key);
  if (!found) {
    found = findSpans(type, sentence);
    if (spanCache.size >= 20_000) spanCache.clear();
    spanCache.set(key, found);
  }
  return found;
}

function findSpans(type: QuestionType, sentence: string): Span[] {
  switch (type) {
    case 'how-many':
      return quantities(sentence);
    case 'how-much':
      return figures(sentence);
    case 'when':
      return eventDates(sentence);
    case 'where':
      return places(sentence);
    case 'who':
      return actors(sentence);
    default:
      return [];
  }
}

/** Whether a sentence carries the kind of answer asked (always true for what/how/yes-no). */
export function carriesAnswer(type: QuestionType, sentence: string): boolean {
  if (type === 'why') return hasCause(sentence);
  if (type === 'what' || type === 'how' || type === 'yes-no') return true;
  return answerSpans(type, sentence).length > 0;
}
