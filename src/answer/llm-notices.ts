/**
 * The one-line notices shown when the LLM path falls back to the extractive one, and the
 * question's language. Causes go to the logs, never into these lines.
 */
import { ProviderError } from '../errors.ts';
import type { Lang } from '../types.ts';

/** Why the LLM result was not used. */
export type FallbackReason =
  | 'unverifiable'
  | 'malformed'
  | 'truncated'
  | 'auth'
  | 'rate-limit'
  | 'timeout'
  | 'unavailable'
  | 'bad-response';

/** Classifies an error from the model call (or reply handling) into a fallback reason. */
export function fallbackReason(error: unknown): FallbackReason {
  if (!(error instanceof ProviderError)) return 'malformed';
  switch (error.code) {
    case 'PROVIDER_AUTH':
      return 'auth';
    case 'PROVIDER_RATE_LIMIT':
      return 'rate-limit';
    case 'PROVIDER_TIMEOUT':
      return 'timeout';
    case 'PROVIDER_UNAVAILABLE':
      return 'unavailable';
    default:
      return 'bad-response';
  }
}

const WHY: Record<Lang, Record<FallbackReason, string>> = {
  en: {
    unverifiable: 'The language model gave no verifiable citations',
    malformed: 'The language model gave an unreadable reply',
    truncated: "The language model's reply was cut off at its length limit, even with more room",
    auth: 'The model provider rejected the API key (OPENAI_API_KEY)',
    'rate-limit': 'The language model is unavailable (rate limited)',
    timeout: 'The language model is unavailable (timed out)',
    unavailable: 'The language model is unavailable',
    'bad-response': 'The language model rejected the request',
  },
  fr: {
    unverifiable: "Le modèle de langage n'a donné aucune citation vérifiable",
    malformed: 'Le modèle de langage a donné une réponse illisible',
    truncated: 'La réponse du modèle de langage a été coupée à sa limite de longueur, même avec plus de place',
    auth: "Le fournisseur du modèle a refusé la clé d'API (OPENAI_API_KEY)",
    'rate-limit': 'Le modèle de langage est indisponible (limite de requêtes atteinte)',
    timeout: 'Le modèle de langage est indisponible (délai dépassé)',
    unavailable: 'Le modèle de langage est indisponible',
    'bad-response': 'Le modèle de langage a refusé la requête',
  },
};

const SHOWING: Record<Lang, Record<'answer' | 'summary', string>> = {
  en: { answer: 'showing an extractive answer.', summary: 'showing an extractive summary.' },
  fr: { answer: 'voici une réponse extractive.', summary: 'voici un résumé extractif.' },
};

/** E.g. "The language model is unavailable (rate limited); showing an extractive answer." */
export function fallbackNotice(reason: FallbackReason, language: Lang, kind: 'answer' | 'summary'): string {
  const separator = language === 'fr' ? ' ; ' : '; ';
  return `${WHY[language][reason]}${separator}${SHOWING[language][kind]}`;
}
