/**
 * The words of an extractive answer: a short first line that is a verbatim span of the first
 * quote ("**about 100,000 soldiers** [1]") for factual questions, then the quotes; or, when the
 * closest sentence does not carry what was asked, a plain statement that the articles don't say
 * it, framed so the quote that follows reads as what they do say. English and French.
 */
import { fold, isStopword } from '../corpus/text.ts';
import { answerSpans, dates, personNames, TITLE_WORD, type Span } from '../retrieve/answer-kinds.ts';
import type { QuestionAnalysis } from '../retrieve/question.ts';
import { textWords, type TermMatcher } from '../retrieve/term-matcher.ts';
import type { Lang } from '../types.ts';
import { asksWhenSaid, figureOfFocus, roleHolders, withoutPreposition, type CheckFailure } from './answer-check.ts';

/** Longest lead line, in characters. */
const MAX_LEAD = 140;

/** The span of the quote that answers a factual question, or undefined (what/how/why/yes-no, or none found). */
export function leadSpan(analysis: QuestionAnalysis, quote: string, matcher: TermMatcher): Span | undefined {
  const own = textWords(analysis.text);
  const fresh = (spans: Span[]): Span[] => spans.filter((s) => !matcher.mentions(s.text, own));
  switch (analysis.type) {
    case 'how-many':
    case 'how-much': {
      const spans = answerSpans(analysis.type, quote);
      const counted = spans.find((s) => analysis.counted.some((w) => matcher.matches(w, textWords(s.text))));
      // Else the figure with the asked thing around it ("trois divisions de troupes", not "trois semaines").
      return counted ?? spans.find((s) => figureOfFocus(analysis, quote, s, matcher)) ?? spans[0];
    }
    case 'when':
      // "When did they put out their statement?": the date it was said is the answer.
      return fresh(asksWhenSaid(analysis) ? dates(quote) : answerSpans('when', quote))[0];
    case 'where':
      // "dans la province de Scanie" is new though the question says "province".
      return answerSpans('where', quote).filter((s) => !matcher.mentions(withoutPreposition(s.text), own))[0];
    case 'who': {
      if (analysis.definition) return describedName(analysis, quote, matcher);
      // "Qui est le président ukrainien ?": the holder of the role, though the question names them by it.
      const held = roleHolders(analysis)
        .sort((a, b) => b.length - a.length)
        .map((name) => ({ start: quote.indexOf(name), end: quote.indexOf(name) + name.length, text: name }))
        .find((span) => span.start >= 0);
      return held ?? nameRange(fresh(personNames(quote)), quote);
    }
    default:
      return undefined;
  }
}

/** Words of modifier kept before a title ("deputy foreign minister"). */
const TITLE_MODIFIERS = 2;

/**
 * The asked person with what the quote says they are: an apposition after the name
 * ("Annalena Baerbock, the German Minister for Foreign Affairs"), else the title words before it
 * ("le vice-ministre des Affaires étrangères Ivan Petrenko").
 */
function describedName(analysis: QuestionAnalysis, quote: string, matcher: TermMatcher): Span | undefined {
  const own = textWords(analysis.text);
  const name = personNames(quote).find((s) => matcher.mentions(s.text, own));
  if (!name) return undefined;
  const after = /^,\s*([^,;:.()"«»“”]{3,80}),/u.exec(quote.slice(name.end));
  if (after) return { start: name.start, end: name.end + after[0].length - 1, text: quote.slice(name.start, name.end + after[0].length - 1) };
  const before = quote.slice(0, name.start).split(/[,;:.()"«»“”]/u).pop() ?? '';
  const offset = name.start - before.length;
  const titles = [...before.matchAll(TITLE_WORD)];
  const last = titles[titles.length - 1];
  if (!last || last.index === undefined) return name;
  const words = before.slice(0, last.index).trimEnd().split(/\s+/u);
  let start = offset + last.index;
  for (let i = words.length - 1, kept = 0; i >= 0 && kept < TITLE_MODIFIERS; i--, kept++) {
    const word = words[i] ?? '';
    if (word === '' || !/^\p{Ll}/u.test(word) || isStopword(fold(word))) break;
    start = offset + before.lastIndexOf(word, start - offset - 1);
  }
  return { start, end: name.end, text: quote.slice(start, name.end) };
}

/** From the first to the last new name when that fits the lead line, else the first name. */
function nameRange(names: Span[], quote: string): Span | undefined {
  const first = names[0];
  const last = names[names.length - 1];
  if (!first || !last) return undefined;
  if (last.end - first.start <= MAX_LEAD) return { start: first.start, end: last.end, text: quote.slice(first.start, last.end) };
  return first;
}

const list = (items: Array<string | number>, lang: Lang): string =>
  items.length <= 1 ? String(items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${String(items[items.length - 1])}`;

const FRAME: Record<Lang, (failure: CheckFailure | undefined, figure: boolean) => string> = {
  en: (f, figure) => {
    switch (f?.reason) {
      case 'year':
        return f.found.length > 0
          ? `The articles don't give this for ${list(f.asked, 'en')}. They give only the ${list(f.found, 'en')} ${figure ? (f.found.length > 1 ? 'figures' : 'figure') : 'account'}:`
          : `The articles don't say this for ${list(f.asked, 'en')}. What they say:`;
      case 'figure':
        return "The articles don't give that figure. What they say:";
      case 'date':
        return "The articles don't say when. What they say:";
      case 'place':
        return "The articles don't say where. What they say:";
      case 'person':
        return "The articles don't say who. What they say:";
      case 'outcome':
        return "The articles don't say what came of it. They only report:";
      case 'current':
        return "The articles don't say how things stand now. They only report:";
      case 'speaker':
        return `The articles don't report what ${f.speaker} said about this. What they say:`;
      case 'name':
        return `The articles don't say this about ${f.name}. Closest passage:`;
      default:
        return "The articles don't say. Closest passage:";
    }
  },
  fr: (f, figure) => {
    switch (f?.reason) {
      case 'year':
        return f.found.length > 0
          ? `Les articles ne le disent pas pour ${list(f.asked, 'fr')}. Ils ne donnent ${figure ? 'que le chiffre de' : 'que ce qui concerne'} ${list(f.found, 'fr')} :`
          : `Les articles ne le disent pas pour ${list(f.asked, 'fr')}. Ce qu'ils disent :`;
      case 'figure':
        return "Les articles ne donnent pas ce chiffre. Ce qu'ils disent :";
      case 'date':
        return "Les articles ne disent pas quand. Ce qu'ils disent :";
      case 'place':
        return "Les articles ne disent pas où. Ce qu'ils disent :";
      case 'person':
        return "Les articles ne disent pas qui. Ce qu'ils disent :";
      case 'outcome':
        return "Les articles ne disent pas ce qui en est sorti. Ils rapportent seulement :";
      case 'current':
        return "Les articles ne disent pas où en sont les choses. Ils rapportent seulement :";
      case 'speaker':
        return `Les articles ne rapportent pas ce qu'en a dit ${f.speaker}. Ce qu'ils disent :`;
      case 'name':
        return `Les articles ne disent pas cela de ${f.name}. Passage le plus proche :`;
      default:
        return "Les articles ne le disent pas. Passage le plus proche :";
    }
  },
};

/** The line that says the articles don't carry what was asked, in the asker's language. */
export function notAnsweredLine(lang: Lang, failure: CheckFailure | undefined, analysis: QuestionAnalysis): string {
  return FRAME[lang](failure, analysis.type === 'how-many' || analysis.type === 'how-much');
}

/** "**span** [1]": the lead line (markdown bold, as Discord and the console show it). */
export function leadLine(span: Span, n = 1): string {
  return `**${span.text}** [${n}]`;
}

/** A quoted sentence with its marker. */
export function quoteLine(quote: string, n: number): string {
  return `“${quote}” [${n}]`;
}
