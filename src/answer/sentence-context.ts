/**
 * What a sentence leans on: "La réunion, qui a duré…" refers back to the meeting named before;
 * "…", he said. names its speaker earlier; a quotation opened in the previous sentence carries its
 * speaker on. Such a sentence is read with the sentences before it when checking an answer.
 */
import type { ArticleSentence } from './article-sentences.ts';

/** Opens with a pronoun, a definite article before a common noun (not "La Russie"), or a conjunction that goes on from the sentence before ("Et sur…", "But…"). */
const ANAPHOR =
  /^(?:(?:and|but|yet|et|mais|puis|c'est|c’est|it is|this is|that is|it|they|he|she|this|that|these|those|its|their|his|her|il|elle|ils|elles|ce|cet|cette|ces|celui|celle|son|sa|ses|leur|leurs)(?![\p{L}'’])|the\s+\p{Ll}|(?:la|le|les)\s+\p{Ll}|l['’]\s*\p{Ll})/u;
const PRONOUN_SPEAKER =
  /\b(?:he|she|they)\s+(?:said|added|stressed|told|noted|warned|estimated|explained)\b|\b(?:il|elle|ils|elles)\s+(?:a|ont)\s+(?:déclaré|dit|ajouté|affirmé|estimé|souligné|expliqué)|-t-(?:il|elle)\b|\bdit-(?:il|elle)\b/iu;

/** A report that "it was…" ("ont déclaré que c'était…", "said it was…"): "it" is what came before. */
const SAID_IT_WAS = /\b(?:que c['’](?:était|est)|qu['’]il s['’]agissait|said (?:it|this|that) was|called it)\b/iu;

/** "the two leaders", "les deux dirigeants": people named before, referred to together. */
const COLLECTIVE = /\b(?:the two|both) (?:leaders|presidents|men|sides|countries|ministers|heads of state)\b|\bles deux (?:dirigeants|présidents|hommes|parties|pays|ministres|chefs d['’]état)\b/iu;

/** "…, a déclaré Peskov." / "…, he said.": the quotation ends with its attribution. */
const ATTRIBUTION_END = /(?:said|says|added|stressed|told|a déclaré|a dit|a ajouté|a affirmé|a souligné|a-t-il|a-t-elle|dit-il|dit-elle|selon [^«»“”"]+)[^«»“”"]*[.!?]?$/iu;

/** True when a quotation opened in the text is not closed in it (nor followed by its attribution). */
export function opensQuotation(text: string): boolean {
  const count = (re: RegExp): number => (text.match(re) ?? []).length;
  const unbalanced = count(/«/gu) > count(/»/gu) || count(/“/gu) > count(/”/gu) || count(/"/gu) % 2 === 1;
  return unbalanced && !ATTRIBUTION_END.test(text);
}

/** True when the sentence refers back to what came before (pronoun, "the meeting", "he said"). */
export function leansBack(text: string): boolean {
  if (PRONOUN_SPEAKER.test(text) || COLLECTIVE.test(text)) return true;
  // "…ont déclaré que c'était un « bon signe »": what "c'était" is, the sentence before says.
  if (SAID_IT_WAS.test(text)) return true;
  // A quotation's own words ("« The likelihood… », said Zelensky") refer to the speaker's context, not the article's.
  if (/^\s*[«"“]/u.test(text)) return false;
  const start = text.replace(/^[\s'(–—-]+/u, '');
  // "Le ministre Shoigu…", "The Defense Secretary Lloyd Austin…": a title with the name is a full reference.
  const titled = TITLE_LEAD.exec(start);
  if (titled && NAME_SOON.test(start.slice(titled[0].length))) return false;
  return ANAPHOR.test(start.charAt(0).toLowerCase() + start.slice(1));
}

/** A definite article and a title ("Le ministre", "The spokesman")… */
const TITLE_LEAD = /^(?:the|le|la|l['’])\s*(?:minister|ministre|secretary|secrétaire|president|président|présidente|spokesman|spokeswoman|porte-parole|ambassador|ambassadeur|ambassadrice|chancellor|chancelier|adviser|conseiller|conseillère|general|général|chief|chef|prime minister|premier ministre)\b/iu;
/** …followed within a few words by a capitalised name ("… Shoigu", "… général de la Nato Jens"). */
const NAME_SOON = /^[^.;:!?]{0,40}?\s\p{Lu}\p{Ll}/u;

/** Up to three sentences before `index` that the sentence leans on, in reading order (else none). */
export function contextOf(sentences: ArticleSentence[], index: number, span = 3): string[] {
  const sentence = sentences[index];
  const previous = sentences[index - 1];
  if (!sentence || !previous) return [];
  if (!leansBack(sentence.text) && !opensQuotation(previous.text)) return [];
  return sentences.slice(Math.max(0, index - span), index).map((s) => s.text);
}

/**
 * The attribution that closes a quotation the sentence is part of: "« Nous avons des raisons… »"
 * then "…, a-t-il affirmé." two sentences on. Up to `span` following sentences, while the quotation
 * runs (the sentence or one before it opened it), ending with the first that reports speech.
 */
export function attributionAfter(sentences: ArticleSentence[], index: number, span = 2): string[] {
  const sentence = sentences[index];
  const previous = sentences[index - 1];
  if (!sentence || !(opensQuotation(sentence.text) || (previous !== undefined && opensQuotation(previous.text)))) return [];
  const after: string[] = [];
  for (const next of sentences.slice(index + 1, index + 1 + span)) {
    after.push(next.text);
    if (ATTRIBUTION_END.test(next.text)) return after;
  }
  return [];
}

/** Numbers written with digits, separators removed ("100,000" and "100 000" alike). */
function numbers(text: string): Set<string> {
  return new Set((text.match(/\d{1,3}(?:[,. \u00a0\u202f]\d{3})+|\d+/gu) ?? []).map((n) => n.replace(/[^\d]/gu, '')));
}

/**
 * Whether two sentences in different languages can tell the same fact as far as their figures go:
 * the same numbers, or none in either. (Their wording is compared by the caller's similarity.)
 */
export function sameFact(a: string, b: string): boolean {
  const x = numbers(a);
  const y = numbers(b);
  if (x.size !== y.size) return false;
  for (const n of x) if (!y.has(n)) return false;
  return true;
}
