/**
 * Text that reads as instructions to whoever reads the article ("ignore previous instructions",
 * "you are now…", "répondez uniquement…") rather than as reporting. An article can carry such
 * text (a planted page, a scraped comment); it is poor evidence for any question, so retrieval
 * and answers score it down and never answer from it alone. Matching is on folded text (lower
 * case, no accents), English and French.
 */
import { fold } from '../corpus/text.ts';
import { splitSentences } from '../corpus/sentences.ts';

/** Multiplier applied to the score of a sentence (or the instruction share of a passage). */
export const INSTRUCTION_PENALTY = 0.2;

const INSTRUCTIONS: RegExp[] = [
  // English
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:(?:the|your|my|these|those)\s+)?(?:previous|prior|above|earlier|preceding|former|original|system)\s+(?:instructions?|prompts?|directions?|rules|messages|guidelines|context)\b/u,
  /\b(?:ignore|disregard|forget)\s+(?:everything|all)\s+(?:above|before|you\s+(?:were|have\s+been)\s+told)\b/u,
  /\byou\s+are\s+(?:now|from\s+now\s+on|henceforth)\s+(?:a|an|the|my|in)\b/u,
  /\bfrom\s+now\s+on,?\s+(?:you|always|only|answer|reply|respond|say)\b/u,
  /\b(?:answer|respond|reply)\s+(?:only|always|exclusively)\s+(?:with|using|that|by|in)\b/u,
  /\byou\s+(?:must|should|will)\s+(?:now\s+)?(?:tell|say\s+to|answer|reply|respond|inform)\b/u,
  /\b(?:tell|say\s+to|inform)\s+(?:every|each|all(?:\s+the)?|any|the)\s+users?\b/u,
  /\b(?:new|updated|real)\s+(?:instructions|system\s+prompt)\s*:/u,
  /\b(?:system\s+prompt|as\s+an\s+ai\s+(?:language\s+)?model)\b/u,
  /\b(?:pretend\s+(?:to\s+be|you\s+are)|act\s+as\s+(?:a|an|the|if))\b/u,
  // French
  /\b(?:ignore[rz]?|oublie[rz]?|neglige[rz]?)\s+(?:toutes\s+|tous\s+)?(?:les\s+|tes\s+|vos\s+|ces\s+)?(?:instructions?|consignes?|directives?|regles|messages)\s+(?:precedente?s?|anterieure?s?|ci-dessus|d'origine|du\s+systeme)\b/u,
  /\b(?:oublie[rz]?|ignore[rz]?)\s+(?:tout\s+ce\s+qui\s+precede|toutes\s+(?:tes|vos|les)\s+(?:instructions|consignes))\b/u,
  /\b(?:tu\s+es|vous\s+etes)\s+(?:desormais|maintenant|dorenavant|a\s+present)\s+(?:un|une|le|la|l'|mon|ma|en)\b/u,
  /\b(?:a\s+partir\s+de\s+maintenant|desormais|dorenavant),?\s+(?:tu|vous|reponds|repondez|dis|dites)\s+(?:dois|devez|reponds|repondez|dis|dites|ne|a|aux|toujours|uniquement)\b/u,
  /\b(?:reponds|repondez|reponde[zr]?)\s+(?:uniquement|seulement|toujours|exclusivement)\s+(?:avec|par|que|en)\b/u,
  /\b(?:tu\s+dois|vous\s+devez)\s+(?:maintenant\s+|desormais\s+)?(?:dire|repondre|affirmer|annoncer|informer)\b/u,
  /\b(?:dis|dites|annonce[zr]?)\s+a\s+(?:chaque|tous\s+les|tout)\s+utilisateurs?\b/u,
  /\b(?:(?:invite|prompt|instructions?)\s+(?:du\s+)?systeme|en\s+tant\s+qu'(?:ia|intelligence\s+artificielle))\b/u,
  /\b(?:fais|faites)\s+comme\s+si\b|\b(?:agis|agissez)\s+comme\s+(?:un|une|si)\b/u,
];

/** True when a sentence reads as an instruction to its reader (either language). */
export function looksLikeInstructions(sentence: string): boolean {
  const folded = fold(sentence);
  return INSTRUCTIONS.some((pattern) => pattern.test(folded));
}

/** The share of a passage's characters that sit in instruction-like sentences, 0..1. */
export function instructionShare(text: string, lang: 'en' | 'fr'): number {
  if (!INSTRUCTIONS.some((pattern) => pattern.test(fold(text)))) return 0;
  const sentences = splitSentences(text, lang, 0);
  const total = sentences.reduce((sum, s) => sum + s.text.length, 0);
  const flagged = sentences.filter((s) => looksLikeInstructions(s.text)).reduce((sum, s) => sum + s.text.length, 0);
  return total === 0 ? 0 : flagged / total;
}

/** The multiplier for a passage's retrieval score: 1 without instructions, down to the penalty. */
export function instructionFactor(text: string, lang: 'en' | 'fr'): number {
  return 1 - (1 - INSTRUCTION_PENALTY) * instructionShare(text, lang);
}
