/**
 * Two questions asked as one: "combien de soldats sont en alerte et Biden va-t-il en envoyer
 * beaucoup ?" is two clauses; "Blinken and Stoltenberg described it how?" asks the same of two
 * people. Each part is answered on its own, and the answer gives both.
 */
import { aliases } from './aliases.ts';
import { countriesIn } from './countries.ts';

/** The right side of "… et …" / "… and …" opens a question of its own: an inversion or a question word. */
const CLAUSE_START =
  /^(?:[\p{L}'’-]+\s+){0,3}?\p{L}+(?:-t-|\s+t\s+|-)(?:il|elle|ils|elles|on)\b|^(?:est-ce|combien|quand|pourquoi|comment|où|qui|que|quel|quelle|quels|quelles|how|what|when|where|why|who|which|is|are|was|were|did|does|do|will|would|can|could|has|have)\b/iu;

/** The two clauses of a question that asks two things, else []. */
function clauses(text: string): string[] {
  for (const match of text.matchAll(/\s(?:et|and)\s/giu)) {
    const at = match.index ?? 0;
    const left = text.slice(0, at).trim();
    const right = text.slice(at + match[0].length).trim();
    if (left.split(/\s+/u).length >= 3 && CLAUSE_START.test(right)) return [left, right];
  }
  return [];
}

/** A name that is someone, not a country or an institution ("Blinken", "Sherman"; not "NATO", "Russia"). */
function isPerson(name: string): boolean {
  if (countriesIn(name).length > 0 || !/^\p{L}[\p{L}'’-]+(?: \p{L}[\p{L}'’-]+)?$/u.test(name)) return false;
  return !aliases().has(name) || aliases().isPerson(name);
}

/** What two people do together ("what did Putin and Macron agree on", "se sont-ils rencontrés"): one question, not two. */
const TOGETHER =
  /\b(?:agree\w*|talk\w*|meet|meets|met|meeting|discuss\w*|spoke|speak\w*|call(?:ed)?|negotiat\w*|together|each other|one another|between|d'accord|accord\w*|convenu\w*|rencontr\w*|parl\w*|discut\w*|entretien\w*|negoci\w*|ensemble|entre eux|entre)\b/iu;

/** "X et Y …" with X and Y two of the question's people: the question about X, then about Y. */
function people(text: string, names: string[]): string[] {
  const persons = names.filter(isPerson);
  for (const a of persons) {
    for (const b of persons) {
      if (a === b) continue;
      const pair = new RegExp(`\\b${escape(a)}\\s+(?:et|and)\\s+${escape(b)}\\b`, 'iu').exec(text);
      if (pair) return [a, b].map((name) => `${text.slice(0, pair.index)}${name}${text.slice(pair.index + pair[0].length)}`);
    }
  }
  return [];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** The parts of a question that asks two things (two clauses, or the same of two people), else []. */
export function questionParts(text: string, names: string[]): string[] {
  // "Kozak et Jermak se sont-ils rencontrés ?" reads as two clauses, but what two do together is one question.
  if (TOGETHER.test(text)) return [];
  const two = people(text, names);
  return two.length === 2 ? two : clauses(text);
}
