/**
 * Conversation memory for a question's search: which earlier questions a follow-up leans on.
 *
 * A follow-up that cannot be read alone ("and Macron?", "et lui ?", "why?", "when was that?",
 * "how many troops did he send?") is searched with the earlier question it continues. A question
 * that carries its own topic ("Quelles sanctions l'Union européenne a-t-elle prises ?") stands on
 * its own: the conversation lends it nothing, so an earlier turn's names cannot become its
 * subject. Pure, in English and French, on the question reader's focus words and names.
 */
import { detectLanguage } from '../corpus/language.ts';
import { fold } from '../corpus/text.ts';
import type { Lang, Turn } from '../types.ts';
import { analyseQuestion } from './question.ts';

/** Opens by continuing the previous question: "and…", "what about…", "et pour…", "quant à…". */
const CONTINUES = /^(?:and|but|so|also|then|plus|what about|how about|what of|et|mais|alors|aussi|puis|ensuite|quant|sinon)\b/u;

/** A pronoun or demonstrative that points back to something named earlier. */
const POINTS_BACK = /\b(?:he|she|they|him|her|them|it|that|this|those|these|there|il|elle|ils|elles|lui|eux|cela|ca|ceci|celui|celle|ceux|celles)\b/u;

/** Pronouns that point at nothing: "y a-t-il", "il faut", "is there", "is it true that". */
const IMPERSONAL =
  /\b(?:y a[- ]t[- ]il|il y a(?:vait)?|faut[- ]il|il faut|s'agit[- ]il|il s'agit|(?:est|etait)[- ]il (?:vrai|possible|probable)|il (?:est|etait) (?:vrai|possible|probable)|(?:is|are|was|were|will) there|there (?:is|are|was|were|will|has|have|had)|(?:is|was) it (?:true|possible|likely)|it (?:is|was) (?:true|possible|likely)|that (?:is|was) (?:true|possible))\b/gu;

/** Earlier questions a chain of follow-ups may reach back through. */
const MAX_CONTEXT_QUESTIONS = 3;

/**
 * Whether a question leans on the conversation: it has no topic word or name of its own, or a
 * single one (unless it asks who or what that one is: "qui est Macron ?"); or it opens by continuing the
 * previous question with few words of its own; or it points back with a pronoun ("he", "elle",
 * "cela") and names no one itself.
 */
export function leansOnContext(question: string, lang: Lang): boolean {
  const analysis = analyseQuestion(question, lang);
  // Names count even when they read as stop words ("the EU": "eu" is a French one).
  const own = new Set([...analysis.focus, ...analysis.constraints.names.map(fold)]).size;
  if (own === 0) return true;
  if (own === 1) return !analysis.definition;
  const folded = fold(question).replace(/[’]/gu, "'").replace(/\s+/gu, ' ').trim();
  if (CONTINUES.test(folded)) return own <= 3;
  return own <= 2 && analysis.constraints.names.length === 0 && POINTS_BACK.test(folded.replace(IMPERSONAL, ' '));
}

/**
 * What a question's search borrows from the conversation: for a follow-up, the newest earlier
 * question that stands on its own together with the follow-ups asked since (oldest first, at most
 * {@link MAX_CONTEXT_QUESTIONS}); nothing for a question that stands on its own, or a first one.
 */
export function conversationContext(question: string, history: readonly Turn[] | undefined, lang: Lang): string | undefined {
  if (!history?.some((turn) => turn.role === 'user') || !leansOnContext(question, lang)) return undefined;
  const asked: string[] = [];
  for (let i = history.length - 1; i >= 0 && asked.length < MAX_CONTEXT_QUESTIONS; i--) {
    const turn = history[i];
    if (turn?.role !== 'user') continue;
    asked.unshift(turn.content);
    if (!leansOnContext(turn.content, detectLanguage(turn.content, lang))) break;
  }
  return asked.join(' ');
}
