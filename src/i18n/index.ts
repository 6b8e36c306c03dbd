/**
 * Every line the bot writes itself, in English and French. Front ends pick the language from
 * Discord's `interaction.locale` (commands) or the question's language (mentions, CLI, console)
 * and call `strings(lang)`. The two tables have the same shape, checked by the type.
 */
import type { Lang } from '../types.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type { Messages } from './en.ts';

const TABLES = { en, fr } as const;

/** The messages in one language. */
export function strings(lang: Lang): typeof en {
  return TABLES[lang];
}

/** Discord locale (`fr`, `en-US`, `en-GB`, …) → the bot's language; anything not French is English. */
export function langOfLocale(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
