/**
 * Heads of "which X" questions answered by a name of that kind rather than by the word itself:
 * "quels pays relie Nord Stream 2" is answered by "between Russia and Germany", "selon quel média"
 * by "selon la BBC", "what nickname…" by the words quoted. Country names come from the runtime's
 * ICU data (`Intl.DisplayNames`, English and French, retrieve/countries.ts), not from a list of our own.
 */
import { fold } from '../corpus/text.ts';
import { personNames, places } from '../retrieve/answer-kinds.ts';
import { aliases } from '../retrieve/aliases.ts';
import { countriesIn, regionsIn } from '../retrieve/countries.ts';

const COUNTRY_HEADS = new Set(['country', 'countries', 'pays', 'nation', 'nations']);
const MEDIA_HEADS = new Set(['media', 'medias', 'newspaper', 'newspapers', 'paper', 'journal', 'journaux', 'agency', 'agencies', 'agence', 'agences', 'outlet', 'outlets', 'broadcaster', 'chaine', 'quotidien']);

/**
 * People asked for by what they are in general: answered by a person's name ("quels responsables" →
 * "Volodymyr Zelensky"). A role ("porte-parole", "ministers") is no such kind: the sentence must say it.
 */
const PERSON_HEADS = new Set('official officials leader leaders people persons personalities politicians speakers responsable responsables dirigeant dirigeants personne personnes personnalites politiques'.split(' '));
/** Places asked for as towns: answered by a place's name that is no country or region ("à Berlin"). */
const CITY_HEADS = new Set(['city', 'cities', 'town', 'towns', 'capital', 'capitals', 'ville', 'villes', 'capitale', 'capitales']);

/** "What nickname…", "which word did he use…": answered by the words quoted, not by the word "nickname". */
const QUOTED_HEADS = new Set(['nickname', 'nicknames', 'surnom', 'surnoms', 'sobriquet', 'term', 'terms', 'word', 'words', 'expression', 'expressions', 'phrase', 'slogan', 'mot', 'mots', 'terme', 'termes', 'qualificatif', 'adjective', 'adjectif', 'label']);
/** A short quoted phrase: « renard argenté », "provocative". */
const SHORT_QUOTE = /[«“"]\s*[^«»“”"]{1,60}?\s*[»”"]/u;

/** A report attributed to a named outlet: "selon la BBC", "according to Reuters", "rapporte l'agence AFP". */
const ATTRIBUTED = /\b(?:selon|d'apr[eè]s|according to|reported by|rapport[eé]e? par|rapporte|a rapport[eé]|cit[eé]e? par|quoted by|told)\s+(?:(?:la|le|les|l'|the|l'agence|agence|the agency|news agency|le journal|le quotidien|the newspaper)\s+)*(?:\p{Lu}\p{L}+|\p{Lu}{2,})/u;
const KNOWN_OUTLET = /\b(?:AFP|AP|BBC|CNN|Reuters|Bloomberg|TASS|RIA|Interfax|Ukrinform|Politico|Axios|EPA|ANSA|Ansa|DPA|dpa|Xinhua|Belga)\b/gu;
/** A photo or text credit: "Photo : Reuters", "Crédit : EPA". */
const CREDIT = /\b(?:Photo|Photos|Crédit|Credit|Image|Source)\s*:\s*(\p{Lu}[\p{L}]+(?:\s\p{Lu}[\p{L}]+)?)/gu;
/** A report attributed to an outlet by a verb after it: "écrit Ansa", "rapporte l'agence de presse française AFP". */
const WRITES = /\b(?:écrit|rapporte|writes|reports)\s+(?:(?:l'agence(?: de presse)?(?: \p{L}+)?|the (?:news )?agency)\s+)?(\p{Lu}[\p{L}]+)/gu;

/** "À quel texte répond…", "which document…": answered by a kind of document (a draft agreement, a letter, a treaty). */
const DOCUMENT_HEADS = new Set(['text', 'texts', 'texte', 'textes', 'document', 'documents']);
const DOCUMENT_KIND =
  /\b(?:projets?|drafts?|traites?|treaty|treaties|accords?|agreements?|lettres?|letters?|propositions?|proposals?|demandes|requests|demands|reponses?|responses?|declarations?|statements?|communiques?|resolutions?|memorandums?|memorandum|notes?|rapports?|reports?)\b/gu;

/**
 * The things of the kind `head` asks for that `text` names ("which countries" → the countries,
 * "quelles agences" → the outlets credited or cited), or undefined when `head` is no such kind.
 */
export function kindItems(head: string, text: string): string[] | undefined {
  const folded = fold(head);
  if (COUNTRY_HEADS.has(folded)) return countriesIn(text);
  if (MEDIA_HEADS.has(folded)) return outletsIn(text);
  if (PERSON_HEADS.has(folded)) return peopleIn(text);
  if (CITY_HEADS.has(folded)) return citiesIn(text);
  return undefined;
}

/** People a text names: full names, and the known people of the alias table ("Olaf Scholz", "Biden"), one entry a surname. */
export function peopleIn(text: string): string[] {
  const known = aliases()
    .mentions(text)
    .filter((m) => aliases().isPerson(m.text))
    .map((m) => m.text);
  const full = personNames(text).map((s) => s.text);
  const surname = (name: string): string => fold(name.split(' ').at(-1) ?? name);
  const out: string[] = [];
  for (const name of [...full, ...known]) if (!out.some((o) => surname(o) === surname(name))) out.push(name);
  return out;
}

/** Outlets a text cites or credits, as written ("AFP", "Reuters"). */
function outletsIn(text: string): string[] {
  const credited = [...text.matchAll(CREDIT), ...text.matchAll(WRITES)].map((m) => m[1] ?? '');
  const attributed = ATTRIBUTED.exec(text)?.[0].split(/\s+/u).at(-1) ?? '';
  return [...new Set([...(text.match(KNOWN_OUTLET) ?? []), ...credited, attributed].filter((name) => name !== ''))];
}

/** Towns named as places ("à Munich", "in Brussels"): place names that are no country or region. */
function citiesIn(text: string): string[] {
  const names = places(text)
    .map((s) => s.text.replace(/^\S+\s+(?:(?:the|la|le|les|l')\s*)?/iu, ''))
    .filter((name) => /^\p{Lu}/u.test(name) && !name.includes(' '));
  return names.filter((name) => countriesIn(name).length === 0 && regionsIn(name).length === 0);
}

/** Words that name the kind `head` asks for with it ("agences de presse", "news agencies"): met when a thing of that kind is named. */
export function kindWords(head: string): Set<string> {
  const folded = fold(head);
  for (const heads of [COUNTRY_HEADS, PERSON_HEADS, CITY_HEADS]) if (heads.has(folded)) return heads;
  if (MEDIA_HEADS.has(folded)) return new Set([...MEDIA_HEADS, 'presse', 'press', 'news']);
  return new Set([folded]);
}

/** Whether `text` names something of the kind `head` asks for, when `head` is such a kind (undefined otherwise); `question` names kinds that do not count. */
export function namesKindOf(head: string, text: string, question = ''): boolean | undefined {
  const folded = fold(head);
  if (COUNTRY_HEADS.has(folded)) return countriesIn(text).length > 0;
  if (QUOTED_HEADS.has(folded)) return SHORT_QUOTE.test(text);
  if (MEDIA_HEADS.has(folded)) return ATTRIBUTED.test(text) || outletsIn(text).length > 0;
  if (PERSON_HEADS.has(folded) || CITY_HEADS.has(folded)) return (kindItems(head, text) ?? []).length > 0;
  // …other than the one the question names ("la réponse … répond à quel texte" is not answered by "la réponse").
  if (DOCUMENT_HEADS.has(folded)) {
    const singular = (word: string): string => word.replace(/s$/u, '');
    const named = new Set((fold(question).match(/\p{L}+/gu) ?? []).map(singular));
    return [...fold(text).matchAll(DOCUMENT_KIND)].some((m) => !named.has(singular(m[0])));
  }
  return undefined;
}
