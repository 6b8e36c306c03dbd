/** The few fixed phrases answers use, in the question's language. */
import type { Lang } from '../types.ts';

const TEXT = {
  en: {
    notCovered: "The sources don't cover this question.",
    closest: 'Closest articles:',
    fromSource: (langs: string) => `From ${langs}:`,
    french: 'a French source',
    english: 'an English source',
    frenchMany: 'French sources',
    englishMany: 'English sources',
    mixed: 'French and English sources',
    summaryOf: (title: string) => `Summary of “${title}”`,
    summaryTopic: (topic: string) => `Summary: ${topic}`,
    summaryCorpus: (n: number) => `Overview of the ${n} articles`,
    nothingOnTopic: 'The sources have nothing on this topic.',
  },
  fr: {
    notCovered: 'Les sources ne couvrent pas cette question.',
    closest: 'Articles les plus proches :',
    fromSource: (langs: string) => `D'après ${langs} :`,
    french: 'une source en français',
    english: 'une source en anglais',
    frenchMany: 'des sources en français',
    englishMany: 'des sources en anglais',
    mixed: 'des sources en français et en anglais',
    summaryOf: (title: string) => `Résumé de l'article : ${title}`,
    summaryTopic: (topic: string) => `Résumé : ${topic}`,
    summaryCorpus: (n: number) => `Vue d'ensemble des ${n} articles`,
    nothingOnTopic: "Les sources n'ont rien sur ce sujet.",
  },
} as const;

export function messages(lang: Lang): (typeof TEXT)[Lang] {
  return TEXT[lang];
}

/**
 * The line that says the quotes come from another language than the question, or undefined
 * when every source is in the question's language.
 */
export function sourceLanguageNote(question: Lang, sources: Lang[], counts: { fr: number; en: number }): string | undefined {
  if (sources.every((lang) => lang === question)) return undefined;
  const m = messages(question);
  const hasFr = sources.includes('fr');
  const hasEn = sources.includes('en');
  const label = hasFr && hasEn ? m.mixed : hasFr ? (counts.fr > 1 ? m.frenchMany : m.french) : counts.en > 1 ? m.englishMany : m.english;
  return m.fromSource(label);
}
