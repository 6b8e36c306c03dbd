/**
 * Heads of "which X" questions answered by a name of that kind rather than by the word itself:
 * "quels pays relie Nord Stream 2" is answered by "between Russia and Germany", "selon quel média"
 * by "selon la BBC", "what nickname…" by the words quoted. Country names come from the runtime's
 * ICU data (`Intl.DisplayNames`, English and French, retrieve/countries.ts), not from a list of our own.
 */
import { fold } from '../corpus/text.ts';
import { countriesIn } from '../retrieve/countries.ts';

const COUNTRY_HEADS = new Set(['country', 'countries', 'pays', 'nation', 'nations']);
const MEDIA_HEADS = new Set(['media', 'medias', 'newspaper', 'newspapers', 'paper', 'journal', 'journaux', 'agency', 'agencies', 'agence', 'agences', 'outlet', 'outlets', 'broadcaster', 'chaine', 'quotidien']);

/** "What nickname…", "which word did he use…": answered by the words quoted, not by the word "nickname". */
const QUOTED_HEADS = new Set(['nickname', 'nicknames', 'surnom', 'surnoms', 'sobriquet', 'term', 'terms', 'word', 'words', 'expression', 'expressions', 'phrase', 'slogan', 'mot', 'mots', 'terme', 'termes', 'qualificatif', 'adjective', 'adjectif', 'label']);
/** A short quoted phrase: « renard argenté », "provocative". */
const SHORT_QUOTE = /[«“"]\s*[^«»“”"]{1,60}?\s*[»”"]/u;

/** A report attributed to a named outlet: "selon la BBC", "according to Reuters", "rapporte l'agence AFP". */
const ATTRIBUTED = /\b(?:selon|d'apr[eè]s|according to|reported by|rapport[eé]e? par|rapporte|a rapport[eé]|cit[eé]e? par|quoted by|told)\s+(?:(?:la|le|les|l'|the|l'agence|agence|the agency|news agency|le journal|le quotidien|the newspaper)\s+)*(?:\p{Lu}\p{L}+|\p{Lu}{2,})/u;
const KNOWN_OUTLET = /\b(?:AFP|AP|BBC|CNN|Reuters|Bloomberg|TASS|RIA|Interfax|Ukrinform|Politico|Axios)\b/u;

/** "À quel texte répond…", "which document…": answered by a kind of document (a draft agreement, a letter, a treaty). */
const DOCUMENT_HEADS = new Set(['text', 'texts', 'texte', 'textes', 'document', 'documents']);
const DOCUMENT_KIND =
  /\b(?:projets?|drafts?|traites?|treaty|treaties|accords?|agreements?|lettres?|letters?|propositions?|proposals?|demandes|requests|demands|reponses?|responses?|declarations?|statements?|communiques?|resolutions?|memorandums?|memorandum|notes?|rapports?|reports?)\b/gu;

/** Whether `text` names something of the kind `head` asks for, when `head` is such a kind (undefined otherwise); `question` names kinds that do not count. */
export function namesKindOf(head: string, text: string, question = ''): boolean | undefined {
  const folded = fold(head);
  if (COUNTRY_HEADS.has(folded)) return countriesIn(text).length > 0;
  if (QUOTED_HEADS.has(folded)) return SHORT_QUOTE.test(text);
  if (MEDIA_HEADS.has(folded)) return ATTRIBUTED.test(text) || KNOWN_OUTLET.test(text);
  // …other than the one the question names ("la réponse … répond à quel texte" is not answered by "la réponse").
  if (DOCUMENT_HEADS.has(folded)) {
    const singular = (word: string): string => word.replace(/s$/u, '');
    const named = new Set((fold(question).match(/\p{L}+/gu) ?? []).map(singular));
    return [...fold(text).matchAll(DOCUMENT_KIND)].some((m) => !named.has(singular(m[0])));
  }
  return undefined;
}
