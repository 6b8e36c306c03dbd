/**
 * Reading a question, in English or French: what kind of answer it asks for (who, when, where,
 * how many, how much, why, how, what, yes/no), its focus words, and the constraints an answer must
 * meet (a year, a date, a named person or body, who is quoted, "so far", "finally" / "what came
 * of it"). Pure and small: the extractive answerer, /check and /timeline build on it.
 *
 * Works on folded text (no accents, lower case), so "ou se tient" and "Où se tient" read alike.
 */
import { contentWords, fold } from '../corpus/text.ts';
import type { Lang } from '../types.ts';
import { aliases } from './aliases.ts';
import { countriesIn, regionsIn, spacedKey } from './countries.ts';

/** The kind of answer a question asks for. */
export type QuestionType = 'who' | 'when' | 'where' | 'how-many' | 'how-much' | 'why' | 'how' | 'what' | 'yes-no';

/** What an answer must carry besides the topic. */
export interface QuestionConstraints {
  /** Years named in the question (2021). */
  years: number[];
  /** Weekdays, months and day-month dates named in the question, folded ("monday", "28 janvier"). */
  dates: string[];
  /** Named people, bodies and places (capitalised words, or known names written in lower case). */
  names: string[];
  /** Who the question asks to have said something ("what did Lavrov say"), folded content words. */
  speaker: string[];
  /** "so far", "jusqu'à présent": the figure must be a current one, not a plan or forecast. */
  soFar: boolean;
  /** "finally", "what came out of", "résultat": the answer must state an outcome, not an announcement. */
  outcome: boolean;
}

export interface QuestionAnalysis {
  text: string;
  lang: Lang;
  type: QuestionType;
  /** Folded content words that say what the question is about (question and filler words removed). */
  focus: string[];
  /** "who is X" / "qui est X": the answer says what X is (a title, a role), not someone else's name. */
  definition: boolean;
  /** For how many / how much: the thing counted, head noun first ("soldats", "aide"), then a qualifier. */
  counted: string[];
  /**
   * For "which banks…" / "quel est le budget…" / "what is the greatest risk…": the head noun of the
   * thing asked ("banks", "budget", "risk"), which an answer must name; absent for generic nouns
   * ("what event…", "quelle réaction…") and other questions.
   */
  asked?: string;
  /** "how long" / "combien de temps": the figure asked is a duration (hours, days, weeks…). */
  duration: boolean;
  /**
   * "A spoken or a written answer", "optimiste ou pessimiste": the words a question offers to choose
   * between, in pairs. Not focus words each: an answer names one of them (or neither).
   */
  alternatives: string[][];
  /**
   * "Which countries…", "quels responsables…", "list the officials…": asks for several things, so an
   * answer quotes the few sentences that together name them, not only the first.
   */
  list: boolean;
  constraints: QuestionConstraints;
  /**
   * For a follow-up ("when?"): the earlier questions it continues. They rank sentences when the
   * question has no topic of its own ({@link relevanceText}); what an answer must carry still
   * comes from the question alone.
   */
  context?: string;
}

/**
 * The text a sentence's relevance is scored against: the question; for a follow-up with no topic
 * word of its own ("when?", "et lui ?"), the earlier questions it continues, then the question.
 */
export function relevanceText(analysis: QuestionAnalysis): string {
  return analysis.context === undefined || analysis.focus.length > 0 ? analysis.text : `${analysis.context} ${analysis.text}`;
}

/** Question-word patterns on folded text, first match wins (wh-words before yes/no inversion). */
const TYPE_RULES: Array<[QuestionType, RegExp]> = [
  ['how-much', /\b(how much|how expensive|what (?:is|was) the (?:amount|cost|price|value)|what (?:amount|share|proportion|percentage|sum)|(?:quel|quelle) (?:est|etait) (?:le|la) (?:montant|cout|prix|somme|valeur|part)|combien (?:coute|coutent|a coute|d'argent)|quel(?:le)? (?:montant|somme|part|pourcentage|proportion)|a combien)\b/u],
  ['how-many', /\b(how many|how long|how big|how large|what number of|combien|quel(?:le)? nombre|quel(?:le)? duree)\b|^(?:the |le |total )?(?:number|nombre) (?:of|de|d')/u],
  ['when', /\b(when|what (?:day|date|time|year|month)|which (?:day|date|year|month)|quand|quel(?:le)? (?:jour|date|annee|mois)|a quel moment|depuis quand|en quelle annee)\b/u],
  ['where', /(^|\b(?:and|et|mais) )(where|ou |d'ou)|\b(where|which (?:country|city|place|capital|region|province|town|area|port|base)|in what (?:country|city|place|region|province|town|area)|(?:dans|en|a) quel(?:le)? (?:pays|ville|endroit|lieu|region|province|zone|localite|port|base)|quel(?:le)? (?:pays|ville|lieu|region|province|localite)|a quel endroit|d'ou)\b/u],
  ['why', /\b(why|for what reason|what (?:is|was) the reason|pourquoi|pour quelle raison|quelle (?:est|etait) la raison)\b/u],
  ['who', /^(?:(?:and|et|mais|so|alors) )?(?:who|whom|whose|qui|a qui|avec qui|par qui|pour qui|de qui)\b|\b(who|whom|whose|which (?:person|official|minister|leader)|what (?:is|was) the name|what'?s the name|^(?:the )?name of|^(?:le )?nom (?:de|du|des|d')|quel (?:est|etait) le nom|comment s'appelle|quel(?:le)? (?:personne|responsable|ministre|dirigeant))\b|\b(?:c'est|est) qui\b/u],
  ['how', /\b(how|comment)\b/u],
];

const YES_NO_EN = /^(?:(?:and|so|but) )?(?:is|are|was|were|do|does|did|will|would|can|could|has|have|had|should|shall|may|might|must)\b/u;
const YES_NO_FR = /^(?:est-ce qu|y a-t-il)|-t-(?:il|elle|on)\b|\b(?:est|sont|a|ont|va|vont|peut|peuvent|doit|doivent|faut|fera|sera|etait)[- ](?:il|elle|ils|elles|on)\b/u;

/** "what"/"quoi" anywhere makes an inverted question a what-question ("sur quoi sont-ils d'accord"). */
const WHAT = /\b(what|which|quoi|quel|quelle|quels|quelles|lequel|laquelle)\b|^(que|qu')/u;

/** The question type from folded text. */
export function questionType(folded: string): QuestionType {
  // The first question word decides: "where was Blinken when he…" asks where.
  let found: { type: QuestionType; at: number } | undefined;
  for (const [type, pattern] of TYPE_RULES) {
    const at = pattern.exec(folded)?.index;
    if (at !== undefined && (found === undefined || at < found.at)) found = { type, at };
  }
  if (found) return found.type;
  if (WHAT.test(folded)) return 'what';
  if (YES_NO_EN.test(folded) || YES_NO_FR.test(folded)) return 'yes-no';
  return 'what';
}

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre';
const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche';
const DATE_WORD = new RegExp(`\\b(?:\\d{1,2}(?:er)? (?:${MONTHS})|(?:${MONTHS}) \\d{1,2}|${WEEKDAYS})\\b`, 'gu');

const SO_FAR = /\b(so far|to date|until now|up to now|as of now|yet|jusqu'a present|jusqu'ici|a ce jour|pour l'instant|pour le moment|jusqu'a maintenant)\b/u;
const OUTCOME =
  /\b(finally|in the end|eventually|ultimately|came out of|come out of|comes out of|outcome|result|results|resulted|concluded|decided|finalement|au final|en fin de compte|resultat|resultats|ressorti|aboutit|abouti|issue de|conclusion|decidee|decides|(?:a|ont|ete|on) decide)\b/u;

const SPEECH_VERB_EN = 'say|said|tell|told|declare|claim|state|announce|think|describe|call|reply|respond|answer|react|warn|add';
const SPEECH_VERB_FR = 'dit|dire|declare|repondu|affirme|estime|pense|explique|ajoute|reagi|averti|qualifie';
const SPEAKER_PATTERNS: RegExp[] = [
  // An explicit source comes first: in "what does the US answer contain, according to Blinken", "answer" is a noun.
  // …up to a question word: "selon stoltenberg comment regler…" asks how, according to Stoltenberg.
  /\b(?:according to|selon|d'apres)\s+(.+?)(?:[,?.]|\s+(?:is|are|was|were|did|does|will|la|le|les|un|une|est|sont|how|what|why|when|where|which|who|comment|pourquoi|quand|quel|quelle|quels|quelles|que|qui|combien)\b|$)/u,
  new RegExp(`\\b(?:what|how|why|when|where)\\s+(?:did|does|do|has|have|had|will|would|is|was)\\s+(.+?)\\s+(?:${SPEECH_VERB_EN})\\b`, 'u'),
  new RegExp(`\\b(?:qu'?a|qu'ont|que|qu'est-ce qu'?a|comment a|comment)\\s+(?:t-il\\s+|t-elle\\s+)?(?:${SPEECH_VERB_FR})\\s+(.+?)(?:\\s+(?:sur|a propos|au sujet|concernant|lors|quand|apres|avant|a|au|aux|de|des|du|d')\\b|\\s*\\??$)`, 'u'),
  new RegExp(`^(.+?)\\s+(?:a|ont)\\s+(?:${SPEECH_VERB_FR})\\s+quoi\\b`, 'u'),
  // "comment Stoltenberg qualifie…", "que Blinken dit-il…": the speaker before the verb, in the present.
  new RegExp(`^(?:comment|que|qu'est-ce que)\\s+(?!(?:a|ont|est|sont|t)\\b)([^ ]+(?: [^ ]+)?)\\s+(?:${SPEECH_VERB_FR}|qualifie|decrit|juge|dit-il|dit-elle)\\b`, 'u'),
  // "que" is a word of its own: "quels responsables… ont réagi" asks which, it names no speaker.
  new RegExp(`^(?:comment\\s+|que\\s+|qu'est-ce que\\s+|qu'est-ce qu'\\s*)(?!(?:a|ont|est|sont|t)\\b)(.{2,40}?)\\s+(?:a|ont)(?:-t-(?:il|elle|on)|-(?:ils|elles))?\\s+(?:${SPEECH_VERB_FR}|qualifie|decrit|juge)\\b`, 'u'),
];

const DOCUMENT = /^(?:letter|letters|report|reports|statement|release|document|text|article|articles|analysis|study|survey|lettre|lettres|rapport|rapports|communique|declaration|texte|document|article|analyse|etude|sondage|note)$/u;

const OWNER = /^(?:its|their|his|her|this|that|sa|son|ses|leur|leurs|cette|ce)$/u;

/** Who the question asks about as a speaker or source, folded content words. */
function speakerOf(folded: string): string[] {
  for (const pattern of SPEAKER_PATTERNS) {
    const found = pattern.exec(folded);
    // "where was Kvien when she said…": the speaker is named before the clause that says when.
    const match = found ? [found[0], found[1]?.split(/\s+(?:when|while|after|before|once|quand|lorsque|lorsqu'|apres|avant)\b/u)[0]] : null;
    // "selon quel média", "according to whom": the source is what is asked, not a constraint.
    if (/^(?:quel|quelle|quels|quelles|lequel|laquelle|which|what|whom|who|qui)\b/u.test(match?.[1] ?? '')) return [];
    // A known role or name ("the British PM") is kept whole: its words alone may be stopwords.
    // "selon le scénario du pire de Blinken": the source is the person the phrase ends on.
    const owner = /\b(?:de|d'|of|by|par)\s*([^\s]+)$/u.exec(match?.[1] ?? '')?.[1];
    if (owner !== undefined && aliases().has(owner)) return [owner];
    const raw = (match?.[1] ?? '').replace(/^(?:the|le|la|les|l')\s*/u, '');
    if (raw !== '' && aliases().has(raw)) return [raw];
    const words = match?.[1] ? contentWords(match[1]) : [];
    // "selon sa lettre", "according to the report": a document is what the answer must be from, not someone who speaks.
    if (words.some((w) => DOCUMENT.test(w)) && words.every((w) => DOCUMENT.test(w) || OWNER.test(w))) return [];
    if (words.length > 0 && words.length <= 6) return words;
  }
  return [];
}

const CALENDAR = new RegExp(`^(?:${MONTHS}|${WEEKDAYS})$`, 'u');

/** Runs of capitalised words after the first word ("Jens Stoltenberg"), possessives dropped. */
function capitalisedRuns(text: string): string[] {
  const tokens = (text.match(/[\p{L}][\p{L}'’-]*/gu) ?? []).map((t) => t.replace(/['’]s$/u, ''));
  const runs: string[] = [];
  let run: string[] = [];
  tokens.forEach((token, i) => {
    const name = i > 0 && /^\p{Lu}/u.test(token) && token.replace(/['’-]/gu, '').length >= 3 && !CALENDAR.test(fold(token));
    if (name) run.push(token);
    if ((!name || i === tokens.length - 1) && run.length > 0) {
      runs.push(run.join(' '));
      run = [];
    }
  });
  return runs;
}

/** "blinkens been busy", "putins plan": a known person's name with a possessive typed without its apostrophe. */
function possessivesTyped(text: string): string[] {
  const words = text.match(/\p{L}{4,}s\b/gu) ?? [];
  return words.map((w) => w.slice(0, -1)).filter((w) => !aliases().has(`${w}s`) && aliases().isPerson(w));
}

/** Known entity names however they are written, and capitalised runs not already among them. */
function namesOf(text: string): string[] {
  const known = [...aliases()
    .mentions(text)
    .map((m) => m.text), ...possessivesTyped(text)];
  const names = [...known];
  for (const run of capitalisedRuns(text)) if (!known.some((k) => fold(run).includes(fold(k)) || fold(k).includes(fold(run)))) names.push(run);
  // A country is a name however it is typed ("who is russia sending…"), once.
  for (const country of countriesIn(text)) if (!names.some((n) => countriesIn(n).includes(country))) names.push(country);
  // …and so is a continent or region ("could asia supply europe"), unless a longer name holds it ("Europe de l'Est").
  for (const region of regionsIn(text)) if (!names.some((n) => spacedKey(n).includes(` ${region} `))) names.push(region);
  // A known acronym stays a name though its letters are a stopword ("EU", like French "eu").
  return [...new Set(names.filter((n) => contentWords(n).length > 0 || known.includes(n)))];
}

/** Folded words that only make the question a question ("say", "what", "know", "happen"). */
const FILLER = new Set(
  'its fait faire font what which who whom whose when where why how many much long big large kind sort thing things happen happened happening know tell told say said think thought mean according exactly really actually please so far yet finally eventually passerait passera passait arrive arriverait arrivera quel quelle quels quelles quoi combien pourquoi comment quand qui dit dire declare sait savoir passe passer selon exactement vraiment chose choses finalement coute coutent temps time going gonna happens name nom appelle role fonction pense penses pensent penser pensait trouve trouvent trouvait estime estiment crois croit croient croire go goes could would might pourrait pourraient peut peuvent deja already whats explain explains explained expliquer explique describe describes described decrire decrit use used using utilise utiliser give gives given donne donner make makes made get gets got take takes taken willing'.split(' '),
);

/** Units a "when" question names the date it asks by ("what day", "quelle année"). */
const WHEN_UNIT = /^(?:day|days|date|dates|year|years|month|months|week|time|jour|jours|journee|date|annee|annees|mois|semaine|moment|heure)$/u;

/**
 * The thing counted: the head noun right after "how many" / "combien de" and, before it (English)
 * or after it (French), one qualifier: "ukrainian soldiers" → [soldiers, ukrainian].
 */
function countedOf(folded: string, lang: Lang): string[] {
  const words = countedWords(folded);
  if (words.length < 2) return words;
  const [first, second] = words as [string, string];
  const englishHead = /ed$/u.test(second) ? first : second;
  return lang === 'en' ? [englishHead, englishHead === first ? second : first] : [first, second];
}

const DETERMINER = /^(?:l|la|le|les|the|a|an|un|une|de|d|des|du)$/u;

/** The first two content words of a phrase ("russian troops at the border" → russian, troops). */
function leadingWords(phrase: string): string[] {
  return contentWords(phrase).filter((w) => !FILLER.has(w)).slice(0, 2);
}

function countedWords(folded: string): string[] {
  const match = /\b(?:how (?:many|much)(?: of)?(?: the)?|combien(?: de| d'| des)?|quel(?:le)? (?:nombre|montant|part) (?:de |d'|des )?|^(?:the |le |total )?(?:number|nombre) (?:of|de|d'))\s*(.+)$/u.exec(folded);
  // "russian troops at the border: how many?": the thing counted is said before.
  const before = /^(.+?)\s*[:,-]?\s*(?:how many|combien)\s*\??$/u.exec(folded)?.[1];
  if (before !== undefined) return leadingWords(before);
  if (!match?.[1]) return [];
  const words: string[] = [];
  let verb = false;
  for (const token of match[1].split(/[\s']+/u)) {
    // "combien coûte l'aide…": after the verb, the article is skipped; "combien la Russie gagne" counts nothing.
    if (verb && words.length === 0 && DETERMINER.test(token)) continue;
    // "combien d'avions": the word after "combien de" is the thing counted even where it is also a stopword ("avions").
    const content: string[] = words.length === 0 && !verb && token.length >= 4 && contentWords(token).length === 0 && !DETERMINER.test(token) ? [token] : contentWords(token);
    if (content.length === 0) break;
    verb = content.every((w) => FILLER.has(w));
    words.push(...content.filter((w) => !FILLER.has(w)));
    if (words.length >= 2) break;
  }
  return words.slice(0, 2);
}

/** Nouns too general to be required in an answer: "what event…" is answered by "the Olympic Games". */
const GENERIC_HEAD = new Set(
  'first next last then now later soon today ensuite puis maintenant event events thing things kind sort type way ways step steps action actions role reaction reactions response responses answer position stance view views opinion message point points situation issue issues problem question subject topic news idea ideas plan plans decision measure measures move moves part side sides option options name reason reasons cause purpose goal aim result outcome consequence consequences effect effects evenement evenements chose choses genre sorte facon maniere moyen moyens role reaction reponse reponses avis opinion message point situation probleme sujet nouvelle nouvelles idee plan decision mesure mesures option nom raison cause but objectif resultat consequence consequences effet effets demarche position'.split(' '),
);
/** Adjectives written before a French noun ("le plus grand risque"). */
const FR_PRE_ADJECTIVE = /^(?:plus|grand|grande|grands|grandes|principal|principale|principaux|premier|premiere|dernier|derniere|meilleur|meilleure|nouveau|nouvelle|vrai|vraie|seul|seule|gros|grosse|petit|petite|moins)$/u;
const EN_STOP = /^(?:who|whom|whose|which|is|are|was|were|did|does|do|has|have|had|will|would|can|could|should|shall|may|might|must|of|for|in|on|at|to|from|by|with|about|against|did|that|than|if|does|the|a|an|and|or|did)$/u;
const FR_STOP = /^(?:de|d|du|des|pour|contre|a|au|aux|en|dans|sur|par|avec|que|qu|qui|ne|n|est|sont|etait|etaient|a|ont|va|vont|peut|pourrait|pourraient|doit|se|s|y|et|ou)$/u;

/** The head noun of the thing a what-question asks for ("which Russian banks" → banks), if not generic. */
function askedOf(folded: string, lang: Lang): string | undefined {
  const en = /\b(?:which|what)\s+(?:(?:is|are|was|were) (?:the|a|an)\s+)?([a-z' -]+)|^(?:list|name|enumerate) (?:all )?(?:the )?([a-z' -]+)/u.exec(folded);
  const fr = /\b(?:quel|quelle|quels|quelles)\s+(?:(?:est|sont|etait|etaient|a ete|ont ete)\s+(?:le|la|les|l')\s*)?([a-z' -]+)|^(?:liste|lister|listez|enumere|enumerer|enumerez|nomme|nommez|cite|citez) (?:tous |toutes )?(?:les |des )?([a-z' -]+)/u.exec(folded);
  const match = lang === 'fr' ? (fr ?? en) : (en ?? fr);
  const phrase = match?.[1] ?? match?.[2];
  if (match === null || phrase === undefined) return undefined;
  const tokens = phrase.split(/[\s']+/u).filter(Boolean);
  const french = match === fr;
  const words: string[] = [];
  for (const token of tokens) {
    if ((french ? FR_STOP : EN_STOP).test(token)) break;
    words.push(token);
    if (words.length >= 3) break;
  }
  // English puts adjectives first (the head is the last word before a verb or preposition); French after.
  const content = words.filter((w) => !(french && FR_PRE_ADJECTIVE.test(w)) && contentWords(w).length > 0);
  const head = french ? content[0] : content[content.length - 1];
  if (head === undefined || head.length < 3 || GENERIC_HEAD.has(head) || GENERIC_HEAD.has(head.replace(/s$/u, '')) || FILLER.has(head)) return undefined;
  return head;
}

/** "Who is Ukraine's defense minister": asks who holds a role, not what someone is. */
const POSSESSIVE_ROLE = /'s (?:[a-z]+ ){0,3}(?:minister|president|secretary|spokesman|spokeswoman|spokesperson|ambassador|chancellor|adviser|advisor|chief|head|envoy|leader|premier|prime minister)\b/u;

/** "what is X's role / job / title", "quel est le rôle / poste de X", "quelle est la fonction de X". */
const ROLE_OF = /^(?:what is|what's|whats) [^ ]+(?: [^ ]+){0,3}'s (?:role|job|title|position|function)\b ?\??$|^(?:what|which) (?:role|job|title|position) (?:does|did) [^ ]+(?: [^ ]+){0,3} (?:have|hold)\b ?\??$|^quel(?:le)? (?:est|etait) (?:le role|le poste|la fonction|le titre) de [^ ]+(?: [^ ]+){0,3} ?\??$/u;

const DURATION = /\b(?:how long|combien de temps|quelle (?:a ete la |est la |etait la )?duree|pendant combien)\b/u;

/**
 * Words that speak of the articles themselves, not of what they tell: "in these articles", "cités",
 * "quoted", "s'expriment". A sentence names the people it quotes; it does not say "quoted".
 */
const IN_ARTICLES =
  /\b(?:in|from|across|dans|de) (?:the|these|those|this|les|ces|cet|cette|l') ?(?:articles?|sources?|texts?|textes?|reports?|news|press|presse|coverage)\b|\b(?:in|during|dans|pendant) (?:this|the|cette|la) (?:crisis|crise)\b/gu;
const ABOUT_ARTICLES = /\b(?:cited|quoted|mentioned|named|featured|cites?|citee?s?|mentionne(?:e|s|es)?|nomme(?:e|s|es)?|evoque(?:e|s|es)?|s'expriment|s'exprime|speak|speaks|speaking|appear|appears|apparaissent|interviennent)\b/gu;

/**
 * Folded words of the question that only speak of the articles: "in these articles" always; "cited",
 * "mentioned"… when it asks for who or what they name ("which pipeline was mentioned as a sanction" is about the mention).
 */
function aboutArticles(folded: string, names: boolean): Set<string> {
  const matches = [...folded.matchAll(IN_ARTICLES), ...(names ? folded.matchAll(ABOUT_ARTICLES) : [])];
  return new Set(matches.flatMap((m) => contentWords(m[0])));
}

/**
 * The question without its words about the articles and its list verb ("list the officials who speak
 * in these articles" → "the officials who"), folded; undefined when it has none. What is left is what
 * the articles must tell, and scores their sentences as evidence without the noise.
 */
export function withoutArticleTalk(text: string): string | undefined {
  const folded = fold(text).replace(/\s+/gu, ' ').trim();
  const stripped = folded.replace(LIST_VERB, ' ').replace(IN_ARTICLES, ' ').replace(ABOUT_ARTICLES, ' ').replace(/\s+/gu, ' ').trim();
  return stripped !== folded && contentWords(stripped).length > 0 ? stripped : undefined;
}

/** "list…", "name the…", "énumère…", "cite les…": asks for several things by its first word. */
const LIST_VERB = /^(?:(?:can you |could you |please |peux-tu |pouvez-vous )?(?:list|name(?! of)|enumerate|liste|lister|listez|enumere|enumerer|enumerez|nomme|nommez|cite|citez)\b|(?:give|donne|donnez)(?:-moi)? (?:me )?(?:a list|la liste|the list|all|tous|toutes))/u;
/** Whether the question asks for a list in so many words ("list…", "énumère…"), not only by a plural. */
export function asksByListVerb(text: string): boolean {
  return LIST_VERB.test(fold(text).replace(/\s+/gu, ' ').trim());
}

/**
 * "What has Blinken done", "qu'a fait Blinken", "what has he been doing": what someone did, in as many
 * sentences as they did things ("what does Biden want Moscow to do" asks one thing wanted, not this).
 */
const ACTIVITY = /\bwhat (?:has|have|did|does|do|is|are|was|were) .{1,40}? (?<!\bto )(?:done|do|doing)\b|\bqu'?(?:a|ont|avait|avaient)[- ](?:t-(?:il|elle) |ils |elles )?(?:\S+ ){0,3}?fait\b|\bque (?:fait|font)\b/u;

/** Whether the question asks what someone did ("what has Blinken done in this crisis"). */
export function asksActivity(text: string): boolean {
  return ACTIVITY.test(fold(text).replace(/\s+/gu, ' '));
}

/** English plurals that are no plural noun ("news", "crisis", "series"). */
const NOT_PLURAL = /(?:ss|us|is|news|series|species)$/u;

/** Whether a question asks for several things: a list verb, or "which"/"quels" with a plural noun. */
function asksList(folded: string, type: QuestionType, asked: string | undefined): boolean {
  if (LIST_VERB.test(folded) || asksActivity(folded)) return true;
  if (type !== 'what' || asked === undefined) return false;
  if (/\b(?:quels|quelles)\b/u.test(folded)) return true;
  return /^(?:which|what) /u.test(folded.replace(/^(?:and|so|but|then) /u, '')) && /s$/u.test(asked) && !NOT_PLURAL.test(asked) && !/\b(?:which|what) (?:is|was)\b/u.test(folded);
}

/**
 * "A spoken or a written answer", "go up or down", "à l'oral ou à l'écrit": the two words a question
 * offers to choose between, one on each side of "or"/"ou" (determiners skipped). The answer says one of
 * them or neither in its own words ("29 soldiers in 2021, 50 in 2020"): they are not what it must mention.
 */
function alternatives(folded: string): string[][] {
  const pattern = /([a-z'-]+) (?:or|ou) (?:(?:a|an|the|un|une|le|la|les|l'|de|du|des|d'|a la|au|aux) ?)?([a-z-]+)/gu;
  const pairs: string[][] = [];
  for (const m of folded.matchAll(pattern)) {
    const [first, second] = [m[1] ?? '', m[2] ?? ''].map((w) => w.replace(/^(?:l|d)'/u, ''));
    // Both words of substance: "since january or is it still…" joins two questions, not two choices.
    if (first !== undefined && second !== undefined && contentWords(first).length > 0 && contentWords(second).length > 0) pairs.push([first, second]);
  }
  return pairs;
}

/** Reads a question (its language is given: the detector's, or the conversation's). */
export function analyseQuestion(text: string, lang: Lang): QuestionAnalysis {
  const folded = fold(text).replace(/\s+/gu, ' ').trim();
  // "What is Peskov's role?", "quel est le rôle de Peskov ?": asks what Peskov is, like "who is Peskov".
  const roleOf = ROLE_OF.test(folded);
  const type = roleOf ? 'who' : questionType(folded);
  const years = [...new Set((folded.match(/\b(?:19|20)\d{2}\b/gu) ?? []).map(Number))];
  const dates = [...new Set(folded.match(DATE_WORD) ?? [])];
  const constraints: QuestionConstraints = {
    years,
    dates,
    names: namesOf(text),
    speaker: speakerOf(folded),
    soFar: SO_FAR.test(folded),
    outcome: OUTCOME.test(folded),
  };
  // "Quel jour…", "in what year…": the unit of the date asked is what the answer is, not what it is about.
  const counted = type === 'how-many' || type === 'how-much' ? countedOf(folded, lang) : [];
  // "list the officials who speak…" asks for the things it names, whoever they are: a what-question of that kind.
  const listed = LIST_VERB.test(folded) && type === 'who' ? 'what' : type;
  const asked = listed === 'what' ? askedOf(folded, lang) : undefined;
  const read = asked !== undefined ? listed : type;
  const list = asksList(folded, read, asked);
  const meta = aboutArticles(folded, list || read === 'who');
  const choices = alternatives(folded);
  const offered = new Set(choices.flat());
  const filler = (w: string): boolean => FILLER.has(w) || meta.has(w) || offered.has(w) || (type === 'when' && WHEN_UNIT.test(w));
  const focus = [...new Set(contentWords(text).filter((w) => !filler(w) && !/^\d{4}$/u.test(w)))];
  // "who is Kirby" asks what Kirby is; "who was at the meeting" / "who is the spokesman" ask for a name.
  // "Who is Boris Johnson going to meet?" asks for someone else: a verb after the name ends the definition.
  const definition = roleOf || (type === 'who' && !POSSESSIVE_ROLE.test(folded) && !/ (?:going|to|will|would|meeting|va|vont|doit|devrait)(?: |\?|$)|\p{L}{3,}ing \p{L}/u.test(folded) && /^(?:who is|who's|who was|who are|who were|qui est|qui etait|qui sont|qui etaient|c'est qui) (?!(?:the|a|an|at|in|on|le|la|les|l'|un|une|a|au|aux|dans|derriere|behind)\b)[^ ]+(?: [^ ]+){0,5} ?\??$/u.test(folded));
  return { text, lang, type: read, focus, counted, ...(asked !== undefined ? { asked } : {}), duration: DURATION.test(folded), alternatives: choices, list, constraints, definition };
}
